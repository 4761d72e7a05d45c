import CPUBackend
import Foundation
import Tensors
import Testing
import Workspaces
@testable import Workbench

/// The workspace draft: edits keep comments, saving shows the diff and writes atomically, outside edits are noticed
/// and never overwritten, a workspace opened from a CSV is written only when saved or trained.
@Suite(.serialized) struct WorkspaceDraftTests {
    static func csvFolder() throws -> (dir: String, csv: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-draft-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let csv = dir + "/pets.csv"
        try "weight,height,kind\n3.5,20,cat\n30,60,dog\n4.1,22,cat\n28,55,dog\n".write(toFile: csv, atomically: true, encoding: .utf8)
        return (dir, csv)
    }

    static func session(_ csv: String) throws -> (Session, CSVWorkspacePlan) {
        let plan = try Workspace.plan(forCSV: csv, environment: [:]) { _ in true }
        let ws = try Workspace.parse(text: plan.text, folder: plan.folder)
        let s = Session(workspace: ws, device: "cpu", draft: WorkspaceDraft(folder: plan.folder, text: plan.text, onDisk: nil), clock: { 1000 })
        return (s, plan)
    }

    @Test func aWorkspaceFromACSVIsWrittenOnlyWhenSaved() throws {
        let (dir, csv) = try Self.csvFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (s, plan) = try Self.session(csv)
        #expect(!FileManager.default.fileExists(atPath: plan.folder))
        #expect(s.state.draft?.isDirty == true && s.state.data.train.count == 1)
        s.dispatch(.command(.saveWorkspace, argument: nil))
        guard case .confirm(.saveWorkspace, _, _, _) = s.state.overlay else { Issue.record("no save question: \(s.state.overlay)"); return }
        let screen = WorkbenchView.render(s.state, glyphs: .unicode).text
        #expect(screen.contains("Write ") && screen.contains("+[estimator]"))
        #expect(!FileManager.default.fileExists(atPath: plan.folder))   // asking writes nothing
        s.dispatch(.key(.char("y")))
        #expect(try String(contentsOfFile: plan.folder + "/workspace.toml", encoding: .utf8) == plan.text)
        #expect(s.state.draft?.isDirty == false && s.state.log.contains { $0.text.hasPrefix("wrote ") })
    }

    @Test func editsKeepCommentsAndABadEditChangesNothing() throws {
        let (dir, csv) = try Self.csvFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var app = try Self.session(csv).0.state
        _ = Reducer.apply(&app, ScreenResult(requests: [.setWorkspace(path: ["estimator", "hidden_units"], value: .array([.int(64), .int(8)]))]))
        #expect(app.draft?.text.contains("hidden_units = [64, 8]") == true)
        #expect(app.draft?.text.contains("# the label holds text: a classifier") == true)
        let before = app.draft
        _ = Reducer.apply(&app, ScreenResult(requests: [.setWorkspace(path: ["features[0]", "key"], value: .string("x"))]))
        #expect(app.draft == before && app.log.last?.level == .error)
    }

    @Test func anOutsideEditIsTakenWhenCleanAndNeverOverwrittenWhenDirty() throws {
        let (dir, csv) = try Self.csvFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (s, plan) = try Self.session(csv)
        s.dispatch(.command(.saveWorkspace, argument: nil))
        s.dispatch(.key(.char("y")))
        let file = plan.folder + "/workspace.toml"
        // Clean: the file's new version is taken.
        let outside = plan.text.replacingOccurrences(of: "steps = 1000", with: "steps = 300")
        try outside.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(s.checkWorkspaceOnDisk())
        #expect(s.state.draft?.text == outside && s.state.draft?.isDirty == false)
        // Dirty: the edits are kept, saving is refused, the file keeps the other change.
        var app = s.state
        _ = Reducer.apply(&app, ScreenResult(requests: [.setWorkspace(path: ["run", "steps"], value: .int(50))]))
        #expect(app.draft?.isDirty == true)
        let other = outside.replacingOccurrences(of: "steps = 300", with: "steps = 700")
        _ = Reducer.reduce(&app, .workspaceChangedOutside(text: other))
        #expect(app.draft?.changedOutside == other && app.draft?.text.contains("steps = 50") == true)
        _ = Reducer.reduce(&app, .command(.saveWorkspace, argument: nil))
        #expect(app.overlay == .none && app.log.last?.level == .error && app.log.last?.text.contains("reload-workspace") == true)
        _ = Reducer.reduce(&app, .command(.reloadWorkspace, argument: nil))
        #expect(app.draft?.text == other && app.draft?.isDirty == false)
        // The guarded write itself refuses a file changed since it was read.
        try "name = \"x\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        s.saveWorkspace(outside, expecting: outside, then: nil)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "name = \"x\"\n")
        #expect(s.state.log.last?.level == .error && s.state.log.last?.text.contains("changed outside") == true)
    }

    @Test func anUnsavedDraftIsWrittenWhenItsRunIsConfirmedNotBefore() throws {
        let (dir, csv) = try Self.csvFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var app = try Self.session(csv).0.state
        app.screen = .train
        // s plans the run from the draft; nothing is written yet.
        let (_, effects) = Reducer.reduce(&app, .key(.char("s")))
        #expect(effects == [.planTraining(from: .latest)])
        // A draft that does not read as a workspace starts nothing.
        var broken = app
        broken.draft?.text += "\n[estimator]\nkind = \"NoSuchKind\"\n"
        #expect(Reducer.reduce(&broken, .key(.char("s"))).1.isEmpty && broken.log.last?.level == .error)
        // q with a draft never written asks first.
        _ = Reducer.reduce(&app, .key(.char("q")))
        guard case .confirm(.quitWithUnsavedEdits(_, true), _, _, _) = app.overlay else { Issue.record("\(app.overlay)"); return }
        #expect(Reducer.reduce(&app, .key(.char("n"))).0 != .quit && app.overlay == .none)
    }

    @Test func confirmingTheRunWritesTheDraftAndNoWritesNothing() throws {
        let (dir, csv) = try Self.csvFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (s, plan) = try Self.session(csv)
        let cpu = CPUBackend(threads: 2)
        Backends.register(cpu)
        Backends.setDefault(cpu.name)
        let run = RunPlan(start: .latest, modelDir: plan.folder + "/runs/main", fromStep: 0, targetStep: 10)
        s.dispatch(.runPlanned(run))
        s.dispatch(.key(.char("n")))
        #expect(!FileManager.default.fileExists(atPath: plan.folder))
        // y: the workspace is written, then the run starts (and finishes: 10 steps on four rows).
        s.dispatch(.runPlanned(run))
        s.dispatch(.key(.char("y")))
        #expect(FileManager.default.fileExists(atPath: plan.folder + "/workspace.toml") && s.state.draft?.isDirty == false)
        let deadline = Date().addingTimeInterval(60)
        while s.state.run.isLive && Date() < deadline { s.pump(); usleep(10_000) }
        #expect(s.state.run == .finished(step: 10), "\(s.state.run) · \(s.state.log.map(\.text))")
    }

    @Test func theTextFieldHandsWhatWasTypedToTheScreen() {
        var app = AppState()
        app.screen = .model
        _ = Reducer.apply(&app, ScreenResult(requests: [.edit(EditPrompt(title: "hidden_units", initial: "10", command: .describe))]))
        #expect(app.overlay == .edit(EditPrompt(title: "hidden_units", initial: "10", command: .describe), text: "10"))
        for k: Key in [.backspace, .backspace, .char("6"), .char("4")] { _ = Reducer.reduce(&app, .key(k)) }
        #expect(app.overlay == .edit(EditPrompt(title: "hidden_units", initial: "10", command: .describe), text: "64"))
        _ = Reducer.reduce(&app, .key(.escape))
        #expect(app.overlay == .none)
    }
}

extension WorkspaceDraftTests {
    @Test func anotherEvalFileInTheDraftIsDescribedForTheChecks() throws {
        let (dir, csv) = try Self.csvFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "weight,height,kind\n3,20,cat\n".write(toFile: dir + "/holdout.csv", atomically: true, encoding: .utf8)
        var app = try Self.session(csv).0.state
        app.screen = .input
        #expect(app.data.eval.isEmpty)
        let (_, effects) = Reducer.apply(&app, ScreenResult(requests: [.setWorkspace(path: ["data", "eval"], value: .string("../holdout.csv"))]))
        #expect(app.data.eval == [dir + "/holdout.csv"] || app.data.eval.first?.hasSuffix("/holdout.csv") == true)
        #expect(app.data.statistics[app.data.eval[0]] == .computing && effects.contains(.describe(path: app.data.eval[0])))
    }
}

extension WorkspaceDraftTests {
    @Test func anOutsideVersionThatDoesNotReadIsNotTakenAndSaysWhere() throws {
        let (dir, csv) = try Self.csvFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var app = try Self.session(csv).0.state
        let good = app.draft!.text
        app.draft?.onDisk = good
        _ = Reducer.reduce(&app, .workspaceChangedOutside(text: good + "\ngarbage = = [\n"))
        #expect(app.draft?.text == good && app.draft?.changedOutside != nil)
        #expect(app.log.last?.level == .error && app.log.last?.text.contains("workspace.toml:") == true, "\(app.log.last?.text ?? "")")
        // Reloading it is refused; the file fixed outside is taken.
        _ = Reducer.reduce(&app, .command(.reloadWorkspace, argument: nil))
        #expect(app.draft?.text == good && app.log.last?.text.hasPrefix("not reloaded") == true)
        let fixed = good.replacingOccurrences(of: "steps = 1000", with: "steps = 10")
        _ = Reducer.reduce(&app, .workspaceChangedOutside(text: fixed))
        #expect(app.draft?.text == fixed && app.draft?.changedOutside == nil && app.draft?.isDirty == false)
    }
}
