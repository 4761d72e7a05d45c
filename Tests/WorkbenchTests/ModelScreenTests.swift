import Estimators
import Foundation
import Testing
import Workspaces
@testable import Workbench

/// The Model screen's reducer: choosing a kind, editing, validating and resetting fields.
@Suite struct ModelScreenTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let irisText = (try? String(contentsOfFile: repo + "/workspaces/iris/workspace.toml", encoding: .utf8)) ?? ""

    /// The Model screen on a draft of `text` (iris's workspace.toml by default), as saved.
    static func state(_ text: String = irisText, width: Int = 80, height: Int = 24) -> AppState {
        var s = AppState()
        (s.width, s.height) = (width, height)
        s.workspaceName = "iris"; s.estimatorKind = "DNNClassifier"; s.modelDir = "workspaces/iris/runs/main"
        s.screen = .model
        s.draft = WorkspaceDraft(folder: "workspaces/iris", text: text, onDisk: text)
        return s
    }

    static func run(_ s: inout AppState, _ c: Command, _ argument: String? = nil) -> ScreenResult? {
        ScreenRegistry.reduce(ModelScreen.self, &s, .command(c, argument: argument))
    }

    static func sets(_ r: ScreenResult?) -> [ScreenRequest] {
        r?.requests.filter { if case .setWorkspace = $0 { true } else { false } } ?? []
    }

    /// Focuses the form on `key`.
    static func select(_ s: inout AppState, _ key: String) {
        s.modelScreen.focus = .form
        s.modelScreen.fieldRow = ModelScreen.fields(s).firstIndex { $0.key == key }!
    }

    @Test func choosingAKindSetsItAndRemovesTheKeysItDoesNotTake() {
        var s = Self.state()
        #expect(!Self.irisText.isEmpty)
        #expect(ModelScreen.currentKind(s) == .dnnClassifier)
        s.modelScreen.highlighted = .linearClassifier
        let r = Self.run(&s, .chooseOrEdit)
        #expect(Self.sets(r) == [.setWorkspace(path: ["estimator", "kind"], value: .string("LinearClassifier")),
                                 .setWorkspace(path: ["estimator", "hidden_units"], value: nil)])
        #expect(r?.requests.contains(.note("estimator: LinearClassifier; removed hidden_units (LinearClassifier does not take them) "
            + "(unsaved: w saves)", .info)) == true)
        // Through the root: the draft follows and still reads as a workspace.
        var root = Self.state()
        root.modelScreen.highlighted = .boostedTreesClassifier
        _ = Reducer.reduce(&root, .command(.chooseOrEdit, argument: nil))
        #expect(root.draft?.value(at: ["estimator", "kind"]) == .string("BoostedTreesClassifier"))
        #expect(root.draft?.value(at: ["estimator", "hidden_units"]) == nil)
        #expect(root.draft?.text.contains("# n_classes and label_vocabulary come from") == true)
        #expect((try? root.draft?.workspace().get())?.estimator.estimatorKind == .boostedTreesClassifier)
    }

    @Test func editingHiddenUnitsOpensTheFieldThenSetsTheList() {
        var s = Self.state()
        Self.select(&s, "hidden_units")
        let open = Self.run(&s, .chooseOrEdit)
        guard case let .edit(p)? = open?.requests.first else { Issue.record("no edit prompt: \(String(describing: open))"); return }
        #expect(p.title == "hidden_units" && p.initial == "[10, 10]" && p.command == .setHyperparameter)
        #expect(p.hint.contains("default [10, 10]"))
        #expect(s.modelScreen.editing == "hidden_units")
        let r = Self.run(&s, .setHyperparameter, "64, 32")
        #expect(Self.sets(r) == [.setWorkspace(path: ["estimator", "hidden_units"], value: .array([.int(64), .int(32)]))])
        #expect(s.modelScreen.errors.isEmpty && s.modelScreen.editing == nil)
    }

    @Test func badValuesGiveTheReasonInTheFormAndNoEdit() {
        var s = Self.state()
        Self.select(&s, "learning_rate")
        _ = Self.run(&s, .chooseOrEdit)
        var r = Self.run(&s, .setHyperparameter, "-1")
        #expect(Self.sets(r).isEmpty)
        #expect(s.modelScreen.errors["learning_rate"] == "must be > 0, got -1")
        #expect(r?.requests == [.note("learning_rate not set: must be > 0, got -1", .warning)])

        Self.select(&s, "hidden_units")
        _ = Self.run(&s, .chooseOrEdit)
        r = Self.run(&s, .setHyperparameter, "")
        #expect(Self.sets(r).isEmpty && s.modelScreen.errors["hidden_units"]?.contains("at least one value") == true)

        Self.select(&s, "optimizer")
        _ = Self.run(&s, .chooseOrEdit)
        r = Self.run(&s, .setHyperparameter, "adamw")
        #expect(Self.sets(r).isEmpty)
        #expect(s.modelScreen.errors["optimizer"]?.contains("one of: Adagrad, Adam, Ftrl, RMSProp, SGD") == true)

        // A good value clears the field's error; the others stay.
        _ = Self.run(&s, .chooseOrEdit)
        r = Self.run(&s, .setHyperparameter, "adam")
        #expect(Self.sets(r) == [.setWorkspace(path: ["estimator", "optimizer"], value: .string("Adam"))])
        #expect(s.modelScreen.errors["optimizer"] == nil && s.modelScreen.errors["learning_rate"] != nil)
    }

    @Test func workspaceRulesAcrossKeysAreCheckedBeforeSetting() {
        let text = Self.irisText.replacingOccurrences(of: "hidden_units = [10, 10]",
                                                      with: "hidden_units = [10, 10]\nlabel_vocabulary = [\"a\", \"b\"]")
        var s = Self.state(text)
        Self.select(&s, "n_classes")
        let r = Self.run(&s, .setHyperparameter, "3")
        #expect(Self.sets(r).isEmpty)
        #expect(s.modelScreen.errors["n_classes"] == "label_vocabulary has 2 names but n_classes is 3")
        #expect(Self.sets(Self.run(&s, .setHyperparameter, "2")).count == 1)
    }

    @Test func resetTogglePaletteAndFocus() {
        var s = Self.state()
        Self.select(&s, "hidden_units")
        #expect(Self.sets(Self.run(&s, .resetHyperparameter)) == [.setWorkspace(path: ["estimator", "hidden_units"], value: nil)])
        Self.select(&s, "dropout")
        #expect(Self.sets(Self.run(&s, .resetHyperparameter)).isEmpty)   // not set: already the default
        Self.select(&s, "batch_norm")
        #expect(Self.sets(Self.run(&s, .chooseOrEdit)) == [.setWorkspace(path: ["estimator", "batch_norm"], value: .bool(true))])
        // The palette: key=value.
        #expect(Self.sets(Self.run(&s, .setHyperparameter, "learning_rate=0.1"))
            == [.setWorkspace(path: ["estimator", "learning_rate"], value: .float(0.1))])
        // Focus: Tab and h/l; Esc in the form goes back to the list, on the list it is the root's.
        #expect(Self.run(&s, .nextPane) != nil && s.modelScreen.focus == .kinds)
        #expect(Self.run(&s, .focusForm) != nil && s.modelScreen.focus == .form)
        #expect(Self.run(&s, .back) != nil && s.modelScreen.focus == .kinds)
        #expect(Self.run(&s, .back) == nil && Self.run(&s, .quit) == nil)
        // Moving in the list and the form stays in range.
        _ = Self.run(&s, .top)
        #expect(ModelScreen.highlighted(s.modelScreen, s) == .dnnClassifier)
        _ = Self.run(&s, .bottom)
        #expect(ModelScreen.highlighted(s.modelScreen, s) == EstimatorKind.canned.last)
        _ = Self.run(&s, .focusForm)
        _ = Self.run(&s, .pageDown); _ = Self.run(&s, .pageDown)
        #expect(s.modelScreen.fieldRow == ModelScreen.fields(s).count - 1)
    }

    @Test func anErrorInTheFileShowsUnderItsField() {
        let text = Self.irisText.replacingOccurrences(of: "hidden_units = [10, 10]", with: "hidden_units = [10, 10]\nlearning_rate = -1")
        var s = Self.state(text, width: 120, height: 40)
        s.modelScreen.focus = .form
        #expect(ModelScreen.draftError(s)?.key == "learning_rate")
        let screen = WorkbenchView.render(s, glyphs: .unicode).text
        #expect(screen.contains("✖ 'learning_rate' must be a positive number"))
        #expect(screen.contains("workspace.toml error, line 13"))
        // Another key's edit is not refused for an error that was there already; the field itself can be fixed.
        #expect(Self.sets(Self.run(&s, .setHyperparameter, "optimizer=SGD")).count == 1)
        _ = Reducer.reduce(&s, .command(.setHyperparameter, argument: "learning_rate=0.5"))
        #expect(ModelScreen.draftError(s) == nil && s.draft?.value(at: ["estimator", "learning_rate"]) == .float(0.5))
    }

    @Test func clicksSelectAKindOrAField() {
        var s = Self.state()
        let l = Layout.compute(s)
        _ = ScreenRegistry.click(ModelScreen.self, &s, x: 5, y: 4, layout: l)   // the list's third row
        #expect(s.modelScreen.focus == .kinds && s.modelScreen.highlighted == .linearClassifier)
        _ = ScreenRegistry.click(ModelScreen.self, &s, x: 40, y: 5, layout: l)  // the form's fourth row
        #expect(s.modelScreen.focus == .form && s.modelScreen.fieldRow == 3 && s.modelScreen.highlighted == nil)
    }

    @Test func withoutADraftEditsAreRefusedNotCrashed() {
        var s = Self.state()
        s.draft = nil
        s.modelScreen.highlighted = .linearRegressor
        #expect(Self.run(&s, .chooseOrEdit)?.requests == [.note("no workspace is open to edit", .warning)])
        let text = WorkbenchView.render(s, glyphs: .unicode).text
        #expect(text.contains("no workspace is open"))
    }
}
