import CPUBackend
import Estimators
import Foundation
import Workspaces
import Tensors
import Testing
import TestSupport
@testable import Workbench

/// Whole journeys over the session (reducer, engine, watcher, views) with an in-memory terminal
/// and real training on a copy of the iris workspace.
@Suite(.serialized) struct JourneyTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func irisCopy() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-journey-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        for f in ["workspace.toml", "data/train.csv", "data/eval.csv"] {
            try FileManager.default.copyItem(atPath: repo + "/workspaces/iris/" + f, toPath: dir + "/" + f)
        }
        return dir
    }

    static func session(_ folder: String) throws -> Session {
        let cpu = CPUBackend(threads: 2)
        Backends.register(cpu)
        Backends.setDefault(cpu.name)
        let ws = try Workspace.load(folder, overrides: ["run.steps=200", "run.save_checkpoints_steps=50"])
        return Session(workspace: ws, device: "cpu · 2 threads", clock: { Date().timeIntervalSince1970 })
    }

    /// Sends keys, then runs the loop until `done` holds (or fails after `timeout` seconds).
    static func drive(_ s: Session, _ t: MemoryTerminal, _ keys: [Key], timeout: Double = 60, sourceLocation: SourceLocation = #_sourceLocation,
                      until done: @escaping (AppState) -> Bool) {
        t.pending += keys.map { .key($0) }
        s.run(on: t, until: { st in t.pending.isEmpty && done(st) }, timeout: timeout)
        let ok = done(s.state)
        #expect(ok, "timed out; screen:\n\(t.screen.text)", sourceLocation: sourceLocation)
    }

    /// Presses keys that start a run, checks the question names a target and a model_dir, answers y, then runs
    /// until `done` holds.
    static func start(_ s: Session, _ t: MemoryTerminal, _ keys: [Key], sourceLocation: SourceLocation = #_sourceLocation,
                      until done: @escaping (AppState) -> Bool) {
        drive(s, t, keys, sourceLocation: sourceLocation) { if case .confirm(.startRun, _, _, _) = $0.overlay { true } else { false } }
        #expect(t.screen.text.contains(" to ") && t.screen.text.contains("(y/n)"), "\(t.screen.text)", sourceLocation: sourceLocation)
        drive(s, t, [.char("y")], sourceLocation: sourceLocation, until: done)
    }

    @Test func trainWatchEvaluateCompareQuit() throws {
        let folder = try Self.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = try Self.session(folder)
        let t = MemoryTerminal(width: 120, height: 40)
        #expect(s.state.targetStep == 200)   // the workspace's [run] steps, before any run
        // Train: the chart shows an eval accuracy.
        Self.start(s, t, [.char("s")]) { $0.run == .finished(step: 200) && $0.runData.eval["accuracy"]?.last?.step == 200 }
        #expect(t.screen.text.contains("accuracy"))
        #expect(t.screen.text.contains("finished at 200"))
        #expect(s.state.runData.train["loss"]?.isEmpty == false)
        // Checkpoints: a row per kept checkpoint, each evaluated.
        Self.drive(s, t, [.char("5")]) { $0.checkpoints.count == 5 && $0.screen == .checkpoints }
        #expect(s.state.checkpoints.map(\.step) == [0, 50, 100, 150, 200].suffix(5).map { Int64($0) })
        #expect(s.state.checkpoints.last?.metrics["accuracy"] != nil)
        // Evaluate the oldest: it gets metrics.
        Self.drive(s, t, [.char("g"), .char("e")]) { $0.job == nil && $0.log.contains { $0.text.hasPrefix("evaluated step 0:") } }
        #expect(s.state.checkpoints.first?.metrics["accuracy"] != nil)
        // Compare two: deltas and per-variable changes.
        Self.drive(s, t, [.char(" "), .char("G"), .char(" "), .char("c")]) { $0.overlay == .comparison }
        #expect(s.state.comparison?.variables.contains { $0.name == "dnn/logits/kernel" && $0.change > 0 } == true)
        #expect(t.screen.text.contains("step 50 → step 200") || t.screen.text.contains("step 0 → step 200"))
        // Quit.
        t.pending.append(.key(.escape)); t.pending.append(.key(.char("q")))
        s.run(on: t, timeout: 10)
        #expect(s.state.run == .finished(step: 200))
    }

    /// Events recorded from a real `trainAndEvaluate` run, folded by the reducer alone.
    @Test func recordedEventsFoldIntoTheRunState() throws {
        let folder = try Self.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Self.session(folder)   // registers the CPU backend
        let ws = try Workspace.load(folder, overrides: ["run.steps=120", "run.save_checkpoints_steps=40", "run.log_step_count_steps=20"])
        let (_, stats) = try ws.trainStatistics()
        let est = try ws.makeEstimator(statistics: stats)
        final class Recorder: @unchecked Sendable { let lock = NSLock(); var events: [TrainingEvent] = [] }
        let r = Recorder()
        est.onEvent = { e in r.lock.lock(); r.events.append(e); r.lock.unlock() }
        _ = try trainAndEvaluate(est, train: TrainSpec(input: ws.trainInput, maxSteps: 120), eval: EvalSpec(input: try ws.evalInput(), startDelaySecs: 0, throttleSecs: 0))
        var s = AppState()
        _ = Reducer.reduce(&s, .key(.char("s")))
        var reloads = 0
        for e in r.events { reloads += Reducer.reduce(&s, .training(e)).1.count }
        #expect(s.run == .finished(step: 120) && s.step == 120 && s.targetStep == 120)
        #expect(s.stepsPerSec ?? 0 > 0 && s.examplesPerSec ?? 0 > 0 && s.loss != nil)
        let evaluated = s.log.filter { $0.text.hasPrefix("evaluated eval at step") }.map(\.text)
        #expect(evaluated.count == 4)   // steps 40, 80, 120 and the final evaluation
        #expect(evaluated.first?.contains("accuracy") == true)
        #expect(reloads >= 7)
    }

    @Test func stoppingALongRunFinishesWithACheckpointAndResumingTheBranchStaysInIt() throws {
        let folder = try Self.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cpu = CPUBackend(threads: 2)
        Backends.register(cpu)
        Backends.setDefault(cpu.name)
        let ws = try Workspace.load(folder, overrides: ["run.steps=5000000", "run.save_checkpoints_steps=100000"])
        let s = Session(workspace: ws, device: "cpu")
        let t = MemoryTerminal(width: 120, height: 40)
        Self.start(s, t, [.char("s")]) { $0.run == .running && $0.step > 0 }
        Self.drive(s, t, [.char("p")]) { $0.run == .paused }
        Self.drive(s, t, [.char("s")]) { if case .stopped = $0.run { true } else { false } }
        // Stopped by the user: "stopped at N", not "finished".
        guard case let .stopped(step) = s.state.run else { Issue.record("not stopped: \(s.state.run)"); return }
        #expect(t.screen.text.contains("stopped at \(step)"))
        #expect(!s.state.log.contains { $0.level == .error })
        #expect(CheckpointManager(modelDir: ws.modelDir).latest?.step == step)
        // r on an older checkpoint branches; r (or s) in the branch continues the branch.
        Self.start(s, t, [.char("5"), .char("g"), .char("r")]) { $0.modelDir.hasSuffix("-from-0") && $0.run == .running }
        Self.drive(s, t, [.char("s")]) { if case .stopped = $0.run { true } else { false } }
        Self.start(s, t, [.char("5"), .char("G"), .char("r")]) { $0.run == .running }
        #expect(s.state.modelDir.hasSuffix("-from-0"))
        Self.drive(s, t, [.char("s")]) { if case .stopped = $0.run { true } else { false } }
    }

    @Test func keepBestIsASettingThatOutlivesTheSessionAndKeepsTheBest() throws {
        let folder = try Self.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = try Self.session(folder)   // 200 steps, a checkpoint every 50
        let t = MemoryTerminal(width: 120, height: 40)
        Self.start(s, t, [.char("s")]) { $0.run == .finished(step: 200) }
        Self.drive(s, t, [.char("5"), .char("o"), .char("o"), .char("o")]) { $0.sortKey == "accuracy" }
        s.dispatch(.command(.keepBest, argument: "1"))
        // Step 0 is not evaluated: it stays beside the best and the newest.
        Self.drive(s, t, "delete".map { .char($0) } + [.enter]) { $0.keepBest?.n == 1 && $0.checkpoints.count <= 3 }
        #expect(s.state.checkpoints.contains { $0.step == 0 })
        #expect(KeepBest.load(modelDir: s.state.modelDir) == KeepBest(n: 1, metric: "accuracy", higherIsBetter: true))
        // A new session reads the setting; its next run keeps every checkpoint, then trims to the best one and the newest.
        let again = try Workspace.load(folder, overrides: ["run.steps=200", "run.save_checkpoints_steps=50"])
        let s2 = Session(workspace: again, device: "cpu")
        #expect(s2.state.keepBest?.n == 1)
        // At its target already: s asks before training that many steps more, and n trains nothing.
        Self.drive(s2, t, [.char("s")]) { if case .confirm(.startRun, _, _, _) = $0.overlay { true } else { false } }
        guard case let .confirm(question, _, _, _) = s2.state.overlay else { return }
        #expect(question.prompt == "\(s2.state.modelDir) is at step 200, its target. Train 200 more steps, to 400? (y/n)")
        #expect(t.screen.text.contains("its target. Train 200 more steps, to 400? (y/n)"))
        Self.drive(s2, t, [.char("n")]) { $0.overlay == .none && $0.run == .idle }
        Self.start(s2, t, [.char("s")]) { $0.run == .finished(step: 400) && $0.checkpoints.map(\.step).max() == 400 }
        Self.drive(s2, t, []) { $0.checkpoints.count <= 3 }
        #expect(s2.state.checkpoints.contains { $0.step == 400 })
    }

    @Test func boostedTreesTrainUntilEveryTreeIsBuiltThenSaySo() throws {
        let folder = try Self.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Self.session(folder)
        let ws = try Workspace.load(folder, overrides: ["estimator.kind=BoostedTreesClassifier", "estimator.n_trees=3", "estimator.max_depth=2"])
        let s = Session(workspace: ws, device: "cpu")
        let t = MemoryTerminal(width: 120, height: 40)
        Self.start(s, t, [.char("s")]) { if case .finished = $0.run { true } else { false } }
        guard case let .finished(step) = s.state.run else { return }
        #expect(step == Int64(ws.defaultSteps(rows: 120)))
        #expect(s.state.log.contains { $0.text.hasPrefix("training finished at step \(step)") })
        // Again: nothing to train, no extra step.
        Self.drive(s, t, [.char("s")]) { st in st.log.contains { $0.text.contains("every tree is built") && $0.text.contains("(n_trees = 3)") } && !st.run.isLive }
        #expect(CheckpointManager(modelDir: ws.modelDir).latest?.step == step)
    }

    @Test func themeWarningsAndWatcherProblemsReachTheLogPane() throws {
        let folder = try Self.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, warnings) = ThemeFile.parse("garbage\ntheme[nope]=\"#ffffff\"\n", name: "Bad", file: "Bad.theme")
        let ws = try Workspace.load(folder)
        let s = Session(workspace: ws, device: "cpu", warnings: warnings)
        let t = MemoryTerminal(width: 120, height: 40)
        s.run(on: t, until: { _ in true })
        let first = t.screen.text
        #expect(first.contains("Bad.theme:1: not a theme line"), "\(s.state.log.map(\.text))")
        #expect(t.screen.text.contains("Bad.theme:2: unknown key 'nope'"))
        // A corrupt event file in the model_dir: a message, and the UI keeps running.
        try FileManager.default.createDirectory(atPath: ws.modelDir, withIntermediateDirectories: true)
        try Data(repeating: 7, count: 64).write(to: URL(fileURLWithPath: ws.modelDir + "/events.out.tfevents.1.host"))
        s.run(on: t, until: { st in st.log.contains { $0.text.contains("bad length checksum") } }, timeout: 5)
        #expect(t.screen.text.contains("bad length checksum"))
        t.pending.append(.key(.char("?")))
        s.run(on: t, until: { $0.overlay == .help }, timeout: 5)
        #expect(t.screen.text.contains("keys · Train"))
    }

    @Test func pauseStopAndResumeFromAnOlderCheckpointInANewRun() throws {
        let folder = try Self.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = try Self.session(folder)
        let t = MemoryTerminal(width: 80, height: 24)
        Self.start(s, t, [.char("s")]) { $0.run == .finished(step: 200) }
        Self.drive(s, t, [.char("5"), .char("k"), .char("k")]) { $0.selectedStep == 100 }
        Self.start(s, t, [.char("r")]) { $0.run == .finished(step: 300) || $0.run == .finished(step: 200) && $0.modelDir.hasSuffix("-from-100") }
        #expect(s.state.modelDir.hasSuffix("runs/main-from-100"))
        // The new run continued from step 100 (its first training event), not from 0 or 200.
        #expect(s.state.log.contains { $0.text == "training from step 100 to 200" })
        // Warm start: a new run from step 0 with the weights of a checkpoint.
        Self.drive(s, t, [.char("5")]) { !$0.checkpoints.isEmpty }
        Self.start(s, t, [.char("w")]) { $0.modelDir.contains("-warm-") && $0.run == .finished(step: 200) }
        #expect(s.state.log.contains { $0.text.hasPrefix("warm-started") })
    }
}
