import CPUBackend
import Estimators
import Foundation
import Tensors
import Testing
import TestSupport
import Workspaces
@testable import Workbench

/// Issue 13's journey over a real session with an in-memory terminal: a bare CSV opened as `est data.csv` does →
/// describe → set the label → choose DNNClassifier → edit hidden_units → preview batches → start training; the
/// workspace is written beside the file only when training starts.
@Suite(.serialized) struct OpenCSVJourneyTests {
    /// Penguins with the columns reordered so the guessed label (the last column) is body_mass_g: a regressor, to be
    /// corrected by the user.
    static func birds() throws -> (dir: String, csv: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-open-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: JourneyTests.repo + "/workspaces/penguins/data/train.csv", encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let mass = lines[0].firstIndex(of: "body_mass_g")!
        lines = lines.map { row in var r = row; let m = r.remove(at: mass); r.append(m); return r }
        let csv = dir + "/birds.csv"
        try (lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        return (dir, csv)
    }

    static func keys(_ text: String) -> [Key] { text.map { .char($0) } }

    @Test func fromACSVToATrainingRun() throws {
        let (dir, csv) = try Self.birds()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cpu = CPUBackend(threads: 2)
        Backends.register(cpu)
        Backends.setDefault(cpu.name)
        let plan = try Workspace.plan(forCSV: csv, environment: [:]) { _ in true }
        #expect(plan.label == "body_mass_g" && plan.text.contains("DNNRegressor"))
        let ws = try Workspace.parse(text: plan.text, folder: plan.folder)
        let s = Session(workspace: ws, device: "cpu · 2 threads", draft: WorkspaceDraft(folder: plan.folder, text: plan.text, onDisk: nil),
                        clock: { Date().timeIntervalSince1970 })
        let t = MemoryTerminal(width: 120, height: 40)
        // The Data screen: the table's first page.
        JourneyTests.drive(s, t, [.char("1")]) { _ in t.screen.text.contains("bill_length_mm") && t.screen.text.contains("Adelie") }
        // Describe (I): the statistics of every column.
        JourneyTests.drive(s, t, [.char("I")]) { st in st.data.ready(csv) != nil && t.screen.text.contains("describe") }
        #expect(t.screen.text.contains("flipper_length_mm") && t.screen.text.contains("Adelie"))
        JourneyTests.drive(s, t, [.escape]) { _ in !t.screen.text.contains("describe birds") }
        // The Input screen: species becomes the label (r cycles a text column's role: feature → ignore → label).
        JourneyTests.drive(s, t, [.char("3")]) { !InputScreen.rows($0).isEmpty }
        let row = InputScreen.rows(s.state).firstIndex { $0.name == "species" }!
        JourneyTests.drive(s, t, [.char("g")] + Array(repeating: .char("j"), count: row) + [.char("r"), .char("r")]) {
            $0.draft?.value(at: ["data", "label"]) == .string("species")
        }
        // The Model screen: DNNClassifier, hidden_units 16, 8.
        let kinds = EstimatorKind.canned
        let from = kinds.firstIndex(of: .dnnRegressor)!, to = kinds.firstIndex(of: .dnnClassifier)!
        let move: [Key] = Array(repeating: to > from ? .char("j") : .char("k"), count: abs(to - from))
        JourneyTests.drive(s, t, [.char("2")] + move + [.enter]) { $0.draft?.value(at: ["estimator", "kind"]) == .string("DNNClassifier") }
        let field = ModelScreen.fields(s.state).firstIndex { $0.key == "hidden_units" }!
        JourneyTests.drive(s, t, [.char("l"), .char("g")] + Array(repeating: .char("j"), count: field) + [.enter, .ctrl("u")] + Self.keys("16, 8")
                           + [.enter]) { $0.draft?.value(at: ["estimator", "hidden_units"]) == .array([.int(16), .int(8)]) }
        #expect(t.screen.text.contains("[16, 8]"))
        // What the model sees: the first batches after the feature columns.
        JourneyTests.drive(s, t, [.char("3"), .char("p")]) { $0.inputScreen.preview != nil }
        #expect(t.screen.text.contains("island_indicator"))
        #expect(!FileManager.default.fileExists(atPath: plan.folder))   // nothing written yet
        // s: the workspace is written beside the file, the run is asked for; y trains.
        JourneyTests.start(s, t, [.char("s")]) { $0.run.isLive && $0.step > 0 }
        let written = try String(contentsOfFile: plan.folder + "/workspace.toml", encoding: .utf8)
        #expect(written.contains("label = \"species\"") && written.contains("kind = \"DNNClassifier\"") && written.contains("hidden_units = [16, 8]"))
        JourneyTests.drive(s, t, [.char("s")]) { !$0.run.isLive }
        #expect(FileManager.default.fileExists(atPath: plan.folder + "/runs/main"))
    }
}
