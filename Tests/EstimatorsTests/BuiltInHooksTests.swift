import Estimators
import Foundation
import Summaries
import Testing
import TestSupport

/// The step counter, summary saver and checkpoint saver are hooks (TF's), installed by default and usable on their own.
@Suite struct BuiltInHooksTests {
    static func events(_ dir: String) throws -> [Event] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("events.out.tfevents") }
            .flatMap { try EventFileReader.readAll(path: dir + "/" + $0) }
    }

    static func steps(_ events: [Event], tag: String) -> [Int64] {
        events.compactMap { e -> Int64? in if case let .summary(v) = e.what, v.contains(where: { $0.tag == tag }) { e.step } else { nil } }
    }

    @Test func theDefaultsFollowTheRunConfig() throws {
        let dir = try Interop.temporaryDirectory("est-hooks").path
        let e = try irisClassifier(dir, config: RunConfig(saveSummarySteps: 4, saveCheckpointsSteps: 5, logStepCountSteps: 3))
        try e.train(input: irisTrain(), steps: 12)
        let ev = try Self.events(dir)
        #expect(Self.steps(ev, tag: "loss") == [1, 4, 8, 12])
        #expect(Self.steps(ev, tag: "global_step/sec") == [3, 6, 9, 12])
        let saves = ev.compactMap { e -> Int64? in if case .sessionLog(.checkpoint, _) = e.what { e.step } else { nil } }
        #expect(saves == [0, 5, 10, 12])
    }

    /// Installed by the caller, with its own directory: TF's `StepCounterHook(output_dir=)`.
    @Test func aCallersHooksWriteWhereTheyAreTold() throws {
        let dir = try Interop.temporaryDirectory("est-hooks-own").path
        let e = try irisClassifier(dir)
        try e.train(input: irisTrain(), steps: 6, hooks: [StepCounterHook(everyNSteps: 2, outputDir: dir + "/counter"),
                                                          SummarySaverHook(saveSteps: 3, outputDir: dir + "/summaries")])
        #expect(Self.steps(try Self.events(dir + "/counter"), tag: "global_step/sec") == [2, 4, 6])
        #expect(Self.steps(try Self.events(dir + "/summaries"), tag: "loss") == [1, 3, 6])
    }

    final class StopAfterSave: CheckpointSaverListener {
        var saves: [Int64] = [], ended: Int64?
        func afterSave(step: Int64, path: String) -> Bool { saves.append(step); return step == 4 }
        func end(step: Int64) { ended = step }
    }

    @Test func aListenerStopsTrainingAfterASave() throws {
        let dir = try Interop.temporaryDirectory("est-hooks-listener").path
        let e = try irisClassifier(dir, config: RunConfig(saveCheckpointsSteps: 2))
        let l = StopAfterSave()
        try e.train(input: irisTrain(), steps: 20, savingListeners: [l])
        #expect(e.globalStep == 4)
        #expect(l.saves == [0, 2, 4] && l.ended == 4)
    }

    final class SeesTheFinalCheckpoint: TrainingHook {
        var latest: Int64?
        func end(_ c: HookContext) { latest = c.estimator.latestCheckpoint.flatMap { Int64($0.split(separator: "-").last ?? "") } }
    }

    /// The checkpoint saver ends first: other hooks' `end` sees the final checkpoint.
    @Test func theFinalCheckpointExistsWhenHooksEnd() throws {
        let dir = try Interop.temporaryDirectory("est-hooks-end").path
        let e = try irisClassifier(dir, config: RunConfig(saveCheckpointsSteps: 100))
        let h = SeesTheFinalCheckpoint()
        try e.train(input: irisTrain(), steps: 7, hooks: [h])
        #expect(h.latest == 7)
    }
}
