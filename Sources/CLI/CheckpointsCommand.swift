import ArgumentParser
import Datasets
import Estimators
import Foundation
import Tensors

/// `est checkpoints`: the checkpoints of a model directory with their evaluations.
struct CheckpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints",
        abstract: "List the checkpoints of a model directory with their evaluations.",
        discussion: """
        Example:
          est checkpoints --model-dir workspaces/iris/runs/main --json
        """
    )

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let dir: String
        if let m = options.modelDir { dir = m } else { dir = try options.loadWorkspace().modelDir }
        let m = CheckpointManager(modelDir: dir)
        let list = m.all()
        let items: [[String: Any]] = list.map { c in
            let side = m.sidecar(c)
            let size = (try? FileManager.default.attributesOfItem(atPath: c.path)[.size] as? Int) ?? 0
            return ["step": c.step, "path": c.prefix, "wall_time": side["wall_time"] ?? NSNull(), "bytes": size,
                    "evaluations": side["evaluations"] ?? [String: Any]()]
        }
        if options.json {
            WorkspaceCommands.printJSON(["model_dir": dir, "checkpoints": items])
        } else if list.isEmpty {
            print("\(dir): no checkpoints")
        } else {
            print("\(dir): \(list.count) checkpoint\(list.count == 1 ? "" : "s")")
            let f = DateFormatter()
            f.dateFormat = "yyyy-MM-dd HH:mm:ss"
            for it in items {
                let t = (it["wall_time"] as? Double).map { f.string(from: Date(timeIntervalSince1970: $0)) } ?? "?"
                let evals = (it["evaluations"] as? [String: Any])?["eval"] as? [String: Any]
                let metrics = evals.map { e in
                    e.keys.sorted().filter { $0 != "global_step" }.map { "\($0)=\(String(format: "%.4f", (e[$0] as? Double) ?? 0))" }
                        .joined(separator: " ")
                } ?? ""
                print("  step \(it["step"]!)  \(t)  \((it["bytes"] as? Int ?? 0) / 1024) KiB  \(metrics)")
            }
        }
    }
}
