import Estimators
import Foundation

extension WorkspaceEngine {
    /// A model clash said for the workbench: the variable at fault and how to train this configuration in a free run.
    func clashMessage(_ e: EstimatorError) -> String {
        let free = e.freeModelDir ?? workspace.modelDir + "-2"
        let root = URL(fileURLWithPath: workspace.folder).standardizedFileURL.path + "/"
        let full = URL(fileURLWithPath: free).standardizedFileURL.path
        let relative = full.hasPrefix(root) ? String(full.dropFirst(root.count)) : free
        return "\(e.problem) · to train this configuration, use the free run \(relative): "
            + "quit and run est open \(workspace.folder)\(workspace.repeatedOverrides) --set run.model_dir=\(relative) "
            + "(w warm-starts a new run from a checkpoint)"
    }

    /// Sends a model_dir's difference from the workspace to the log the first time only.
    func noteOnce(_ dir: String) -> (String) -> Void {
        { [self] line in
            lock.lock(); let first = notedModelDirs.insert(dir).inserted; lock.unlock()
            if first { send(.log(line, .info)) }
        }
    }
}
