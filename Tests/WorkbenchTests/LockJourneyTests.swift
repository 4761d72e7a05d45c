import Estimators
import Foundation
import Testing
import TestSupport
import Workspaces
@testable import Workbench

/// The workbench beside another trainer of the same model_dir: `s` and `r` are refused with the holder's pid.
@Suite(.serialized) struct LockJourneyTests {
    @Test func startingWhereAnotherProcessTrainsIsRefusedWithItsPid() throws {
        let folder = try JourneyTests.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = try JourneyTests.session(folder)
        let t = MemoryTerminal(width: 160, height: 40)
        JourneyTests.start(s, t, [.char("s")]) { $0.run == .finished(step: 200) }
        let dir = s.state.modelDir
        let before = CheckpointManager(modelDir: dir).all()
        let other = try LockHoldingProcess(modelDir: dir)
        defer { other.kill() }
        let refusals = { (st: AppState) in st.log.filter { $0.text.contains("being trained by pid \(other.pid)") }.count }
        // s before the session has looked at the lock: the run itself is refused by the lock, at once, with the holder
        // named; it does not stay "starting". (Keys are read before the session's next look.)
        JourneyTests.start(s, t, [.char("s")]) { st in
            if case .failed = st.run { return refusals(st) >= 1 } else { return false }
        }
        #expect(refusals(s.state) == 1, "one line, not two: \(s.state.log.map(\.text))")
        // The session then finds the other trainer by its lock and watches it.
        JourneyTests.drive(s, t, []) { $0.otherTrainer?.pid == other.pid }
        #expect(t.screen.text.contains("training elsewhere (pid \(other.pid), watching)"), "\(t.screen.text)")
        // s and r on the newest checkpoint (which trains in the same model_dir) are now refused before any question.
        JourneyTests.drive(s, t, [.char("s")]) { refusals($0) == 2 && $0.overlay == .none }
        JourneyTests.drive(s, t, [.char("5"), .char("G"), .char("r")]) { refusals($0) == 3 && $0.overlay == .none }
        #expect(CheckpointManager(modelDir: dir).all() == before, "nothing written in the other trainer's model_dir")
        // Once the other trainer is gone (killed), its lock is free: the watching ends at once and training there works again.
        other.kill()
        JourneyTests.drive(s, t, []) { $0.otherTrainer == nil && !$0.isWatchingElsewhere }
        #expect(s.state.log.contains { $0.text.contains("pid \(other.pid) no longer trains") })
        JourneyTests.start(s, t, [.char("4"), .char("s")]) { $0.run == .finished(step: 400) }
    }

    @Test func aModelDirDeletedWhileTrainingIsRebuiltWithAWarningInTheLog() throws {
        let folder = try JourneyTests.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try JourneyTests.session(folder)   // the CPU backend, as the other journeys
        let ws = try Workspace.load(folder, overrides: ["run.steps=1000000", "run.save_checkpoints_steps=50"])
        let s = Session(workspace: ws, device: "cpu", clock: { Date().timeIntervalSince1970 })
        let t = MemoryTerminal(width: 160, height: 40)
        JourneyTests.start(s, t, [.char("s")]) { $0.step > 100 }
        let dir = s.state.modelDir
        // rm -rf while the trainer writes (a file it adds meanwhile can make one attempt fail).
        for attempt in 1...20 {
            do { try FileManager.default.removeItem(atPath: dir); break } catch { if attempt == 20 { throw error } }
        }
        JourneyTests.drive(s, t, []) { st in st.log.contains { $0.level == .warning && $0.text.contains("was deleted during training") } }
        JourneyTests.drive(s, t, [.char("s")]) { if case .stopped = $0.run { true } else { false } }
        #expect(FileManager.default.fileExists(atPath: dir + "/estimator.json"))
        #expect(CheckpointManager(modelDir: dir).latest?.step == s.state.step)
    }
}

/// A run started in a new model_dir that fails before its first checkpoint leaves no empty folder behind.
@Suite(.serialized) struct FailedBranchJourneyTests {
    @Test func aWarmStartThatFailsLeavesNoEmptyRunAndGoesBack() throws {
        let folder = try JourneyTests.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = try JourneyTests.session(folder)
        let t = MemoryTerminal(width: 120, height: 40)
        JourneyTests.start(s, t, [.char("s")]) { $0.run == .finished(step: 200) }
        let home = s.state.modelDir
        JourneyTests.drive(s, t, [.char("5"), .char("g")]) { $0.screen == .checkpoints && $0.selectedStep == $0.checkpoints.map(\.step).min() }
        let row = try #require(s.state.checkpoints.first { $0.step == s.state.selectedStep })
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: row.prefix + ".safetensors"))
        JourneyTests.start(s, t, [.char("w")]) { st in
            if case .failed = st.run { return st.modelDir == home } else { return false }
        }
        #expect(s.state.log.contains { $0.text.contains("was not kept") })
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (home as NSString).deletingLastPathComponent)
        #expect(!siblings.contains { $0.contains("-warm-") }, "\(siblings)")
    }
}
