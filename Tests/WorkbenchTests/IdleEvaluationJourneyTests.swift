import CPUBackend
import Estimators
import Foundation
import Tensors
import Testing
import Workspaces
@testable import Workbench

/// Idle evaluation over the real session and engine: after a run, the checkpoints it did not evaluate are evaluated while idle.
@Suite(.serialized) struct IdleEvaluationJourneyTests {
    static func session(_ folder: String, idle: Bool) throws -> Session {
        let cpu = CPUBackend(threads: 2)
        Backends.register(cpu)
        Backends.setDefault(cpu.name)
        let ws = try Workspace.load(folder, overrides: ["run.steps=100", "run.save_checkpoints_steps=50", "workbench.evaluate_idle=\(idle)"])
        return Session(workspace: ws, device: "cpu · 2 threads", clock: { Date().timeIntervalSince1970 })
    }

    @Test func idleTimeEvaluatesWhatTheRunDidNot() throws {
        let folder = try JourneyTests.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Self.session(folder, idle: false).state.evaluateIdle == false)
        let s = try Self.session(folder, idle: true)
        #expect(s.state.evaluateIdle)
        let t = MemoryTerminal(width: 120, height: 40)
        // The run evaluates steps 50 and 100, not step 0; idle time then evaluates step 0 by itself.
        JourneyTests.start(s, t, [.char("s")]) { st in
            st.run == .finished(step: 100) && st.job == nil && st.checkpoints.count == 3 && st.checkpoints.allSatisfy(\.isEvaluated)
        }
        #expect(s.state.log.contains { $0.text.hasPrefix("idle: evaluating 1 checkpoint(s)") })
        #expect(s.state.log.contains { $0.text.hasPrefix("evaluated step 0: accuracy") })
        #expect(s.state.log.contains { $0.text == "evaluated 1 of 1 checkpoint(s)" })
    }
}
