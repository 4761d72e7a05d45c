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
        // The session finds the other trainer by its lock and watches it.
        JourneyTests.drive(s, t, []) { $0.otherTrainer?.pid == other.pid }
        #expect(t.screen.text.contains("training elsewhere (pid \(other.pid), watching)"), "\(t.screen.text)")
        let refusals = { (st: AppState) in st.log.filter { $0.text.contains("being trained by pid \(other.pid)") }.count }
        // s: the run fails at once with the holder named; it does not stay "starting".
        JourneyTests.start(s, t, [.char("s")]) { st in
            if case .failed = st.run { return refusals(st) >= 1 } else { return false }
        }
        #expect(refusals(s.state) == 1, "one line, not two: \(s.state.log.map(\.text))")
        #expect(t.screen.text.contains("pid \(other.pid)"))
        // r on the newest checkpoint trains in the same model_dir: refused the same way.
        JourneyTests.start(s, t, [.char("5"), .char("G"), .char("r")]) { st in
            if case .failed = st.run { return refusals(st) == 2 } else { return false }
        }
        #expect(CheckpointManager(modelDir: dir).all() == before, "nothing written in the other trainer's model_dir")
        // Once the other trainer is gone (killed), training there works again.
        other.kill()
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
