import ArgumentParser
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
}

/// A usage mistake found after parsing (exit code 2), said in one line.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}
