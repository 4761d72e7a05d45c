import Foundation
import Testing
import Workspaces
@testable import Workbench

/// The Model screen over a real session on a copy of iris: edits saved to disk with the comments kept, bad values
/// refused in the form, an outside edit reported and never written over.
@Suite struct ModelScreenSessionTests {
    static func type(_ text: String) -> [Key] { text.map { Key.char($0) } }

    @Test func editSaveAndAnOutsideChange() throws {
        let folder = try JourneyTests.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/workspace.toml"
        let iris = try String(contentsOfFile: file, encoding: .utf8)
        let s = try JourneyTests.session(folder)
        let t = MemoryTerminal(width: 80, height: 24)
        // 2, the form, hidden_units: 64, 32.
        JourneyTests.drive(s, t, [.char("2"), .tab, .enter, .ctrl("u")] + Self.type("64, 32") + [.enter]) {
            $0.draft?.value(at: ["estimator", "hidden_units"]) == .array([.int(64), .int(32)])
        }
        #expect(t.screen.text.contains("unsaved changes (w saves, shows the diff)"))
        JourneyTests.drive(s, t, [.char("w")]) { if case .confirm(.saveWorkspace, _, _, _) = $0.overlay { true } else { false } }
        #expect(t.screen.text.contains("+hidden_units = [64, 32]") && t.screen.text.contains("-hidden_units = [10, 10]"))
        JourneyTests.drive(s, t, [.char("y")]) { $0.draft?.isDirty == false }
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved == iris.replacingOccurrences(of: "hidden_units = [10, 10]", with: "hidden_units = [64, 32]"))
        #expect(t.screen.text.contains("saved: "))

        // A negative learning rate: the reason in the form, nothing changes.
        JourneyTests.drive(s, t, [.char("j"), .char("j"), .enter, .ctrl("u"), .char("-"), .char("1"), .enter]) {
            $0.modelScreen.errors["learning_rate"] != nil
        }
        #expect(t.screen.text.contains("✖ must be > 0, got -1"))
        #expect(s.state.draft?.isDirty == false)

        // An unsaved edit, then the file changes outside: reported, and w does not write over it.
        JourneyTests.drive(s, t, [.enter, .ctrl("u")] + Self.type("0.1") + [.enter]) { $0.draft?.isDirty == true }
        let outside = saved + "# edited in another editor\n"
        try outside.write(toFile: file, atomically: true, encoding: .utf8)
        JourneyTests.drive(s, t, [], timeout: 10) { $0.draft?.changedOutside != nil }
        #expect(t.screen.text.contains("changed outside est: :reload-workspace"))
        JourneyTests.drive(s, t, [.char("w")]) { $0.log.last?.text.contains(":reload-workspace first") == true }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == outside)
    }
}
