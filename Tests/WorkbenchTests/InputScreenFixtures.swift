import Datasets
import Foundation
import Workspaces
@testable import Workbench

/// The Input screen on the bundled workspaces, with their real statistics.
enum InputFixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The app on screen 3 with the workspace's draft and its training (and eval) statistics computed.
    static func state(_ name: String = "penguins", width: Int = 120, height: Int = 40) -> AppState {
        let folder = repo + "/workspaces/" + name
        var s = AppState()
        (s.width, s.height) = (width, height)
        s.screen = .input
        s.workspaceName = name
        s.estimatorKind = "DNNClassifier"
        s.draft = Session.readDraft(folder: folder)
        let ws = try! s.draft!.workspace().get()
        s.data = DataFiles(train: ws.trainFiles, eval: ws.evalFiles)
        for f in s.data.all {
            let (rows, columns) = try! ColumnStatistics.compute(csv: [f], options: ws.csvOptions, topK: FeatureColumnInference.vocabularyLimit)
            s.data.statistics[f] = .ready(rows: rows, columns: columns)
        }
        return s
    }

    /// Runs a command on the Input screen alone; the result's requests are applied by the root.
    @discardableResult
    static func run(_ app: inout AppState, _ c: Command, _ argument: String? = nil) -> ScreenResult? {
        let r = ScreenRegistry.reduce(InputScreen.self, &app, .command(c, argument: argument))
        if let r { _ = Reducer.apply(&app, r) }
        return r
    }

    /// Selects the row of a column.
    static func select(_ app: inout AppState, _ column: String) {
        app.inputScreen.row = InputScreen.rows(app).firstIndex { $0.name == column }!
    }

    /// The edited draft read as a workspace.
    static func workspace(_ app: AppState) throws -> Workspace { try app.draft!.workspace().get() }
}
