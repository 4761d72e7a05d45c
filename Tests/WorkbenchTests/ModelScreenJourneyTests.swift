import Estimators
import Foundation
import Testing
import TestSupport
import Workspaces
@testable import Workbench

/// The Model screen through the root reducer, key by key, and its views as snapshots.
@Suite struct ModelScreenJourneyTests {
    static func press(_ s: inout AppState, _ keys: [Key]) -> [Effect] {
        keys.flatMap { Reducer.reduce(&s, .key($0)).1 }
    }

    static func type(_ text: String) -> [Key] { text.map { Key.char($0) } }

    @Test func chooseEditSaveKeepsTheComments() {
        var s = ModelScreenTests.state()
        s.screen = .train
        let iris = ModelScreenTests.irisText
        #expect(Self.press(&s, [.char("2")]).isEmpty && s.screen == .model)
        // To LinearClassifier (hidden_units goes), then back to DNNClassifier.
        _ = Self.press(&s, [.char("j"), .char("j"), .enter])
        #expect(s.draft?.value(at: ["estimator", "kind"]) == .string("LinearClassifier"))
        #expect(s.draft?.value(at: ["estimator", "hidden_units"]) == nil)
        #expect(s.log.last?.text.contains("removed hidden_units") == true)
        _ = Self.press(&s, [.char("k"), .char("k"), .enter])
        #expect(ModelScreen.currentKind(s) == .dnnClassifier)
        // The form: hidden_units is its first field; Enter opens the text field, typed text replaces it.
        _ = Self.press(&s, [.tab])
        #expect(WorkbenchView.render(s, glyphs: .unicode).text.contains("hidden_units      default [10, 10]"))
        _ = Self.press(&s, [.enter])
        guard case let .edit(p, text) = s.overlay else { Issue.record("no text field: \(s.overlay)"); return }
        #expect(p.title == "hidden_units" && text == "")
        _ = Self.press(&s, [.ctrl("u")] + Self.type("0, 32") + [.enter])
        #expect(s.modelScreen.errors["hidden_units"]?.contains("≥ 1, got 0") == true)
        #expect(WorkbenchView.render(s, glyphs: .unicode).text.contains("✖ each value must be ≥ 1, got 0"))
        _ = Self.press(&s, [.enter, .ctrl("u")] + Self.type("64, 32") + [.enter])
        #expect(s.draft?.value(at: ["estimator", "hidden_units"]) == .array([.int(64), .int(32)]))
        #expect(s.modelScreen.errors.isEmpty)
        #expect(WorkbenchView.render(s, glyphs: .unicode).text.contains("unsaved changes (w saves, shows the diff)"))
        // Delete resets batch_norm, set by Enter (a boolean flips at once).
        _ = Self.press(&s, [.char("j"), .char("j"), .char("j"), .char("j"), .char("j"), .enter])
        #expect(s.draft?.value(at: ["estimator", "batch_norm"]) == .bool(true))
        _ = Self.press(&s, [.delete])
        #expect(s.draft?.value(at: ["estimator", "batch_norm"]) == nil)
        // w asks with the diff; y writes the draft, guarded by the text read from disk.
        #expect(Self.press(&s, [.char("w")]).isEmpty)
        guard case .confirm(.saveWorkspace, _, _, _) = s.overlay else { Issue.record("no save question: \(s.overlay)"); return }
        let screen = WorkbenchView.render(s, glyphs: .unicode).text
        #expect(screen.contains("+hidden_units = [64, 32]"))
        let expected = iris.replacingOccurrences(of: "hidden_units = [10, 10]", with: "hidden_units = [64, 32]")
        #expect(Self.press(&s, [.char("y")]) == [.saveWorkspace(text: expected, expecting: iris, then: nil)])
        #expect(expected.contains("# relative to this folder") && expected.contains("# model_dir = \"runs/main\""))
    }

    @Test func aChangeOutsideIsShownAndSavingIsRefused() {
        var s = ModelScreenTests.state()
        s.modelScreen.focus = .form
        _ = Reducer.reduce(&s, .command(.setHyperparameter, argument: "learning_rate=0.1"))
        #expect(s.draft?.isDirty == true)
        _ = Reducer.reduce(&s, .workspaceChangedOutside(text: ModelScreenTests.irisText + "\n# edited elsewhere\n"))
        let text = WorkbenchView.render(s, glyphs: .unicode).text
        #expect(text.contains("changed outside est: :reload-workspace"))
        #expect(Self.press(&s, [.char("w")]).isEmpty && s.overlay == .none)
        #expect(s.log.last?.text.contains(":reload-workspace first") == true)
        // :reload-workspace takes the file's version.
        _ = Reducer.reduce(&s, .command(.reloadWorkspace, argument: nil))
        #expect(s.draft?.changedOutside == nil && s.draft?.isDirty == false)
        #expect(WorkbenchView.render(s, glyphs: .unicode).text.contains("saved: workspaces/iris/workspace.toml"))
    }

    @Test func sOnTheModelScreenTrains() {
        var s = ModelScreenTests.state()
        #expect(Self.press(&s, [.char("s")]) == [.planTraining(from: .latest)])
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func snapshots(size: (Int, Int)) {
        var s = ModelScreenTests.state(width: size.0, height: size.1)
        s.modelScreen.focus = .form
        s.modelScreen.fieldRow = 1
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "model-\(size.0)x\(size.1)")
        // The list focused on another kind: its description, and the form still the workspace's.
        var list = s
        (list.modelScreen.focus, list.modelScreen.highlighted) = (.kinds, .boostedTreesRegressor)
        expectSnapshot(WorkbenchView.render(list, glyphs: .unicode).text, named: "model-list-\(size.0)x\(size.1)")
        // An inline error under a refused value.
        _ = Reducer.reduce(&s, .command(.setHyperparameter, argument: "learning_rate=-1"))
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "model-error-\(size.0)x\(size.1)")
        // The save question with the TOML diff.
        _ = Reducer.reduce(&s, .command(.setHyperparameter, argument: "hidden_units=64, 32"))
        _ = Reducer.reduce(&s, .command(.setHyperparameter, argument: "optimizer=adam"))
        _ = Self.press(&s, [.char("w")])
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "model-save-\(size.0)x\(size.1)")
    }
}
