import ArgumentParser
import Datasets
import Estimators
import Foundation
import Workspaces

/// Options every workspace command shares, and the one place that finds the workspace they name.
struct WorkspaceOptions: ParsableArguments {
    @Argument(help: "The workspace folder (default: the one --model-dir was trained from, else the current folder).")
    var workspace: String?

    @Option(name: .customLong("model-dir"), help: ArgumentHelp("The model directory (default: the workspace's).", valueName: "dir"))
    var modelDir: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a workspace key; repeatable.", valueName: "section.key=value"))
    var sets: [String] = []

    @Flag(help: "One JSON object on standard output instead of text.")
    var json = false

    /// The workspace given, or the one a `--model-dir` was trained from (its `estimator.json`), or the current folder's.
    func loadWorkspace() throws -> Workspace {
        if let w = workspace { return try Workspace.load(w, overrides: sets) }
        if let m = modelDir {
            guard let data = FileManager.default.contents(atPath: m + "/estimator.json"),
                  let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let folder = o["workspace_folder"] as? String else {
                throw UsageError(description: "\(m) has no estimator.json naming its workspace; give the WORKSPACE too")
            }
            return try Workspace.load(folder, overrides: sets)
        }
        if FileManager.default.fileExists(atPath: "workspace.toml") { return try Workspace.load(".", overrides: sets) }
        throw UsageError(description: "this command needs a WORKSPACE folder (or --model-dir DIR, or run it inside a workspace)")
    }

    /// The workspace and the estimator of its model_dir (`--model-dir`, else the workspace's) on the CPU backend.
    ///
    /// A model_dir with an `estimator.json` is rebuilt from it: the model as it was trained (its
    /// columns, vocabularies and normalizers), whatever the data and the workspace say now.
    /// Without one (nothing trained yet), the estimator is built from the workspace.
    /// Where it differs from the workspace, `note` gets one line naming the keys (standard error by default).
    func loadEstimator(threads: Int?, note: (String) -> Void = { Console.err("est: note: " + $0) }) throws -> (Workspace, Estimator) {
        WorkspaceCommands.setUpBackend(threads: threads)
        var ws = try loadWorkspace()
        if let threads { ws.run.threads = threads }
        let dir = modelDir ?? ws.modelDir
        if FileManager.default.fileExists(atPath: dir + "/estimator.json") {
            return (ws, try ws.modelDirEstimator(dir, statistics: { try ws.trainStatistics().columns }, note: note))
        }
        let (_, stats) = try ws.trainStatistics()
        return (ws, try ws.makeEstimator(modelDirOverride: modelDir, statistics: stats))
    }
}

extension WorkspaceOptions {
    /// Whether a `--set` changes the model (an `estimator.` key): the user asks for the workspace's model, not a model_dir's.
    /// The estimator `est train` trains: a model_dir with an `estimator.json` continues the model it records (a run made with
    /// `--set`, `r` or `w`, or before workspace.toml changed), unless a `--set estimator.…` asks for another; else the
    /// workspace's model (``Workspace/trainingEstimator(modelDir:statistics:note:)``).
    func trainingEstimator(_ ws: Workspace, statistics: [ColumnStatistics], note: (String) -> Void) throws -> Estimator {
        try ws.trainingEstimator(modelDir: modelDir ?? ws.modelDir, statistics: { statistics }, note: note)
    }

    /// A model clash said for the command line: the variable at fault, and the options that train in a free model_dir.
    func clash(_ e: EstimatorError, _ ws: Workspace) -> EstimatorError {
        guard let free = e.freeModelDir else { return e }
        let root = URL(fileURLWithPath: ws.folder).standardizedFileURL.path + "/"
        let full = URL(fileURLWithPath: free).standardizedFileURL.path
        let set = full.hasPrefix(root) ? " (or --set run.model_dir=\(full.dropFirst(root.count)))" : ""
        return EstimatorError(e.problem, hint: "train this configuration in a new run: --model-dir \(free)\(set); "
                                  + "or delete the old model_dir to start over", freeModelDir: free)
    }
}

/// A usage mistake found after parsing (exit code 2), said in one line.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}
