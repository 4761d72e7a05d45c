import Datasets
import Foundation
import Workspaces

/// The Input screen's background work: previews of batches, pre-flight checks.
extension Session {
    func performInput(_ r: InputRequest) {
        let draft = state.draft, data = state.data
        let post = self.post
        switch r {
        case .preview:
            Thread.detachNewThread { post(.input(Self.preview(draft: draft, data: data))) }
        case .preflight:
            Thread.detachNewThread { post(.input(.preflight(Self.preflight(draft: draft, data: data)))) }
        }
    }

    /// The preview of the draft's training input (or why there is none).
    static func preview(draft: WorkspaceDraft?, data: DataFiles) -> InputEvent {
        guard let draft else { return .previewFailed("no workspace is open") }
        guard let train = data.train.first, let stats = data.ready(train)?.columns else {
            return .previewFailed("the training file's statistics are not computed yet")
        }
        do {
            let ws = try draft.workspace().get()
            return .preview(try InputPreview.compute(workspace: ws, statistics: stats))
        } catch {
            return .previewFailed("\(error)".replacingOccurrences(of: "\n", with: " · "))
        }
    }

    /// The pre-flight findings of the draft: the checks, or the one error that keeps them from running.
    static func preflight(draft: WorkspaceDraft?, data: DataFiles) -> [PreflightFinding] {
        // A data file that is not there is an error before any statistics (an eval file typed on this screen).
        if let draft, case let .success(ws) = draft.workspace() {
            let missing = (ws.trainFiles + ws.evalFiles).filter { !FileManager.default.fileExists(atPath: $0) }
            if !missing.isEmpty {
                return missing.map {
                    PreflightFinding(.error, column: nil, check: "no such file",
                                     "\($0) does not exist (paths in workspace.toml are relative to \(ws.folder))")
                }
            }
        }
        guard let draft, let train = data.train.first, let stats = data.ready(train)?.columns else { return [] }
        do {
            let ws = try draft.workspace().get()
            let eval = data.eval.first.flatMap { data.ready($0)?.columns }
            let sample = try? CSVReader(path: train, options: ws.csvOptions).next().map { $0.slice(0..<min($0.rowCount, 500)) }
            return Preflight.check(try Preflight.Input(workspace: ws, train: stats, eval: eval, sample: sample ?? nil))
        } catch let e as WorkspaceError {
            return [PreflightFinding(.error, column: nil, check: "workspace", "\(e.problem) (line \(e.line); \(e.hint))")]
        } catch {
            return [PreflightFinding(.error, column: nil, check: "workspace", "\(error)".replacingOccurrences(of: "\n", with: " · "))]
        }
    }
}
