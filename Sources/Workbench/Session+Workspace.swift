import Datasets
import Foundation
import Tensors
import Workspaces

/// The session's side of the workspace draft and the data statistics: reading, saving, watching for outside edits.
extension Session {
    /// The draft of a workspace on disk: its `workspace.toml` as read now.
    static func readDraft(folder: String) -> WorkspaceDraft? {
        let file = (folder as NSString).appendingPathComponent("workspace.toml")
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return WorkspaceDraft(folder: folder, text: text, onDisk: text)
    }

    /// Computes a file's statistics on a thread of its own (topK large enough for vocabularies).
    func describe(_ path: String) {
        let options = (try? state.draft?.workspace().get())?.csvOptions ?? engine.workspace.csvOptions
        let post = self.post
        Thread.detachNewThread {
            do throws(DataError) {
                let (rows, columns) = try ColumnStatistics.compute(csv: [path], options: options, topK: FeatureColumnInference.vocabularyLimit)
                post(.described(path: path, .ready(rows: rows, columns: columns)))
            } catch {
                post(.described(path: path, .failed(error)))
            }
        }
    }

    /// Writes the draft (guarded against outside edits), then uses it: a new engine when no run is live, the charts on
    /// its model_dir, the header on its estimator. `then` runs after a good save.
    func saveWorkspace(_ text: String, expecting: String?, then: Effect?) {
        guard let draft = state.draft else { return }
        let ws: Workspace
        do {
            ws = try Workspace.parse(text: text, folder: draft.folder, file: draft.file)
            if let expecting {
                let doc = try TOMLDocument(text: text, file: draft.file)
                try doc.save(to: draft.file, expecting: expecting)
            } else {
                guard !FileManager.default.fileExists(atPath: draft.file) else {
                    throw WorkspaceError(file: draft.file, line: 0,
                                         problem: "\(draft.file) appeared since the workspace was opened; not writing over it",
                                         hint: "open that workspace instead (est open \(draft.folder))")
                }
                try FileManager.default.createDirectory(atPath: draft.folder, withIntermediateDirectories: true)
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: draft.file))
            }
        } catch {
            dispatch(.workspaceSaveFailed("not saved: \(error)"))
            return
        }
        dispatch(.workspaceSaved(text: text))
        use(ws)
        if let then { perform(then) }
    }

    /// Switches to a saved workspace's settings (the engine of a live run keeps its own until the run ends).
    func use(_ ws: Workspace) {
        guard !state.run.isLive else {
            dispatch(.log("the saved settings apply to the next run (one is live)", .info))
            return
        }
        engine = WorkspaceEngine(workspace: ws) { [inbox] in inbox.post(Action($0)) }
        let trees = ws.trainsUntilTreesAreBuilt
        dispatch(.opened(WorkspaceInfo(name: ws.name, estimatorKind: ws.estimator.kind, trainsUntilTreesAreBuilt: trees, device: state.device,
                                       targetStep: trees ? 0 : Int64(ws.steps ?? 0), evaluateIdle: ws.workbench.evaluateIdle,
                                       logFile: state.logFilePath)))
        if ws.modelDir != state.modelDir { watch(ws.modelDir) }
    }

    /// Whether `workspace.toml` changed on disk behind the draft (an editor, `git checkout`); says so if it did.
    func checkWorkspaceOnDisk() -> Bool {
        guard let d = state.draft, let disk = d.onDisk,
              let now = try? String(contentsOfFile: d.file, encoding: .utf8), now != disk, now != d.changedOutside else { return false }
        dispatch(.workspaceChangedOutside(text: now))
        if !state.draft!.isDirty, case let .success(ws) = state.draft!.workspace() { use(ws) }
        return true
    }
}
