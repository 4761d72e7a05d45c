import Estimators
import Foundation
import Summaries
import Tensors
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ModelDirLockTests {
    @Test func aSecondTrainerInTheProcessIsRefusedUntilTheFirstReleases() throws {
        let dir = try Interop.temporaryDirectory("est-lock").path
        #expect(ModelDirLock.holder(of: dir) == nil)
        let first = try ModelDirLock.acquire(modelDir: dir, command: "est train")
        #expect(ModelDirLock.holder(of: dir)?.isThisProcess == true)
        let error = #expect(throws: ModelDirLockError.self) { try ModelDirLock.acquire(modelDir: dir) }
        #expect(error?.holder.pid == getpid())
        // The estimator takes it too: training there is refused with the holder named, and nothing is written.
        let est = try irisClassifier(dir)
        let refused = #expect(throws: ModelDirLockError.self) { try est.train(input: irisTrain(), steps: 5) }
        #expect(refused?.description.contains("pid \(getpid())") == true)
        #expect(CheckpointManager(modelDir: dir).all().isEmpty)
        first.release()
        #expect(ModelDirLock.holder(of: dir) == nil)
        try est.train(input: irisTrain(), steps: 5)
        #expect(est.globalStep == 5)
        #expect(ModelDirLock.holder(of: dir) == nil, "released at the end of the run")
    }

    @Test func theLockIsReleasedWhenTrainingThrows() throws {
        let dir = try Interop.temporaryDirectory("est-lock-throw").path
        let est = try irisClassifier(dir)
        #expect(throws: (any Error).self) { try est.train(input: .csv(["/nonexistent.csv"], label: "species", batchSize: 8), steps: 5) }
        #expect(ModelDirLock.holder(of: dir) == nil)
        _ = try ModelDirLock.acquire(modelDir: dir)
    }

    @Test func aHeldLockIsUsedAndLeftHeld() throws {
        let dir = try Interop.temporaryDirectory("est-lock-held").path
        let lock = try ModelDirLock.acquire(modelDir: dir)
        let est = try irisClassifier(dir)
        est.heldLock = lock
        try est.train(input: irisTrain(), steps: 5)
        #expect(ModelDirLock.holder(of: dir)?.isThisProcess == true, "the caller's lock stays held")
        // Evaluating from the process that trains there records the results as usual.
        _ = try est.evaluate(input: irisEval)
        let m = CheckpointManager(modelDir: dir)
        #expect(m.sidecar(m.latest!)["evaluations"] != nil)
        lock.release()
    }

    @Test func anotherProcessIsNamedAndItsStaleLockTakenOverAfterAKill() throws {
        let dir = try Interop.temporaryDirectory("est-lock-child").path
        let child = try LockHoldingProcess(modelDir: dir)
        let holder = try #require(ModelDirLock.holder(of: dir))
        #expect(holder.pid == child.pid && holder.host == "elsewhere" && !holder.isThisProcess)
        let est = try irisClassifier(dir)
        let refused = #expect(throws: ModelDirLockError.self) { try est.train(input: irisTrain(), steps: 5) }
        let text = refused?.description ?? ""
        #expect(text.contains("pid \(child.pid) on host elsewhere") && text.contains("kill \(child.pid)") && !text.contains("\n"), "\(text)")
        child.kill()
        #expect(ModelDirLock.holder(of: dir) == nil, "the kernel dropped the dead holder's lock")
        try est.train(input: irisTrain(), steps: 5)
        #expect(est.globalStep == 5)
        let info = try String(contentsOfFile: dir + "/" + ModelDirLock.fileName, encoding: .utf8)
        #expect(info.contains("\"pid\":\(getpid())"), "the new holder rewrote the lock file: \(info)")
    }

    @Test func evaluatingWhileAnotherProcessTrainsWritesNothingThere() throws {
        let dir = try Interop.temporaryDirectory("est-lock-eval").path
        let est = try irisClassifier(dir)
        try est.train(input: irisTrain(), steps: 5)
        let child = try LockHoldingProcess(modelDir: dir)
        final class Logs: @unchecked Sendable { var lines: [String] = [] }
        let logs = Logs()
        est.onEvent = { if case let .warning(m) = $0 { logs.lines.append(m) } }
        let metrics = try est.evaluate(input: irisEval)
        #expect(metrics["accuracy"] != nil)
        let m = CheckpointManager(modelDir: dir)
        #expect(m.sidecar(m.latest!)["evaluations"] == nil)
        #expect(!FileManager.default.fileExists(atPath: dir + "/eval"))
        #expect(logs.lines.contains { $0.contains("without recording") && $0.contains("pid \(child.pid)") }, "\(logs.lines)")
        child.kill()
    }

    @Test func aModelDirDeletedDuringTrainingIsRebuilt() throws {
        let dir = try Interop.temporaryDirectory("est-lock-deleted").path
        let est = try irisClassifier(dir, config: RunConfig(saveSummarySteps: 10, saveCheckpointsSteps: 20))
        final class Deleter: TrainingHook {
            let dir: String
            init(_ d: String) { dir = d }
            func afterStep(_ c: HookContext) throws { if c.globalStep == 35 { try FileManager.default.removeItem(atPath: dir) } }
        }
        final class Logs: @unchecked Sendable { var lines: [String] = [] }
        let logs = Logs()
        est.onEvent = { if case let .warning(m) = $0 { logs.lines.append(m) } }
        try est.train(input: irisTrain(), steps: 100, hooks: [Deleter(dir)])
        #expect(FileManager.default.fileExists(atPath: dir + "/estimator.json"))
        let events = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("events.out.tfevents") }
        let steps = try events.flatMap { try EventFileReader.readAll(path: dir + "/" + $0) }.filter {
            if case let .summary(v) = $0.what { return v.contains { $0.tag == "loss" } } else { return false }
        }.map(\.step)
        #expect(steps.contains { $0 > 35 && $0 < 100 }, "summaries after the deletion: \(steps)")
        let latest = try #require(CheckpointManager(modelDir: dir).latest)
        #expect(latest.step == 100)
        _ = try SafeTensors.read(from: URL(fileURLWithPath: latest.path))
        #expect(FileManager.default.fileExists(atPath: dir + "/" + ModelDirLock.fileName))
        #expect(logs.lines.contains { $0.contains("was deleted during training") && $0.contains("step 40") }, "\(logs.lines)")
    }

    @Test func aModelDirDeletedAndTakenByAnotherTrainerStopsTheRun() throws {
        let dir = try Interop.temporaryDirectory("est-lock-stolen").path
        let est = try irisClassifier(dir, config: RunConfig(saveSummarySteps: 10, saveCheckpointsSteps: 20))
        final class Thief: TrainingHook {
            let dir: String
            var other: LockHoldingProcess?
            init(_ d: String) { dir = d }
            func afterStep(_ c: HookContext) throws {
                guard c.globalStep == 35 else { return }
                try FileManager.default.removeItem(atPath: dir)
                other = try LockHoldingProcess(modelDir: dir)
            }
        }
        let thief = Thief(dir)
        let error = #expect(throws: ModelDirLockError.self) { try est.train(input: irisTrain(), steps: 100, hooks: [thief]) }
        #expect(error?.holder.pid == thief.other?.pid)
        #expect(est.globalStep < 100, "stopped at the check after the deletion, not at the end")
        #expect(CheckpointManager(modelDir: dir).all().isEmpty, "nothing written into the other trainer's model_dir")
        thief.other?.kill()
    }
}
