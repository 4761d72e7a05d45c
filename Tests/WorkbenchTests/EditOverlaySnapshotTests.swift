import Testing
import TestSupport
import Workspaces
@testable import Workbench

/// The one-line text field a screen asks for, and the question `q` asks with unsaved edits, at both sizes.
@Suite struct EditOverlaySnapshotTests {
    @Test(arguments: [(80, 24), (120, 40)])
    func textFieldAndUnsavedQuestion(size: (Int, Int)) {
        var s = ModelScreenTests.state(width: size.0, height: size.1)
        s.modelScreen.focus = .form
        _ = Reducer.reduce(&s, .key(.enter))   // Enter on hidden_units: its field, with the value typed in
        guard case .edit = s.overlay else { Issue.record("no text field: \(s.overlay)"); return }
        for k: Key in [.ctrl("u"), .char("6"), .char("4"), .char(","), .char(" "), .char("3"), .char("2")] { _ = Reducer.reduce(&s, .key(k)) }
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "edit-field-\(size.0)x\(size.1)")
        _ = Reducer.reduce(&s, .key(.enter))
        #expect(s.draft?.isDirty == true)
        _ = Reducer.reduce(&s, .key(.char("q")))   // to Train
        _ = Reducer.reduce(&s, .key(.char("q")))   // the question
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "quit-unsaved-\(size.0)x\(size.1)")
    }
}
