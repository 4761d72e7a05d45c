import CPUBackend
import Foundation
import Tensors
import Testing
import TestSupport
import Workspaces
@testable import Workbench

/// The Input screen over a real session: statistics, checks and the preview computed on threads, an edit through the
/// prompt, then `s` saves the draft and asks to start.
@Suite(.serialized) struct InputScreenJourneyTests {
    static func penguinsCopy() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-input-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        for f in ["workspace.toml", "data/train.csv", "data/eval.csv"] {
            try FileManager.default.copyItem(atPath: JourneyTests.repo + "/workspaces/penguins/" + f, toPath: dir + "/" + f)
        }
        return dir
    }

    @Test func checksPreviewEditAndStart() throws {
        let folder = try Self.penguinsCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cpu = CPUBackend(threads: 2)
        Backends.register(cpu)
        Backends.setDefault(cpu.name)
        let s = Session(workspace: try Workspace.load(folder), device: "cpu · 2 threads", clock: { Date().timeIntervalSince1970 })
        let t = MemoryTerminal(width: 120, height: 40)
        // Shown: the statistics are computed, then the checks run on their own (missing values are warnings).
        JourneyTests.drive(s, t, [.char("3")]) { $0.inputScreen.findings != nil }
        #expect(t.screen.text.contains("island") && t.screen.text.contains("pre-flight"))
        #expect(s.state.inputScreen.findings!.contains { $0.column == "sex" && $0.severity == .warning })
        #expect(InputScreen.preflightRefusal(s.state) == nil)
        // p: what the model sees.
        JourneyTests.drive(s, t, [.char("p")]) { $0.inputScreen.preview != nil }
        #expect(t.screen.text.contains("island_indicator") && t.screen.text.contains("id 0 [1 0 0]"))
        // t on island: hash buckets; the preview follows the edit.
        JourneyTests.drive(s, t, [.char("g"), .char("t"), .ctrl("u")] + "hash_bucket".map { .char($0) } + [.enter]) { st in
            st.inputScreen.preview?.batches.first?.columns.first { $0.name == "island_indicator" }?.values.first?.count == 100
        }
        #expect(s.state.draft!.text.contains("type = \"hash_bucket\""))
        // A string column as numeric: the reason in the screen, the draft unchanged.
        let before = s.state.draft!.text
        JourneyTests.drive(s, t, [.char("t"), .ctrl("u")] + "numeric".map { .char($0) } + [.enter]) { $0.inputScreen.error != nil }
        #expect(t.screen.text.contains("'island' holds text") && s.state.draft!.text == before)
        // s: the run is planned from the draft and asked for; n writes nothing (y would save the draft, then train).
        JourneyTests.drive(s, t, [.char("s")]) { if case .confirm(.startRun, _, _, _) = $0.overlay { true } else { false } }
        JourneyTests.drive(s, t, [.char("n")]) { $0.overlay == .none }
        #expect(try !String(contentsOfFile: folder + "/workspace.toml", encoding: .utf8).contains("type = \"hash_bucket\""))
        #expect(s.state.draft?.isDirty == true)
    }
}
