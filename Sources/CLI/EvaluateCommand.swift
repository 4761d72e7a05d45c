import ArgumentParser
import Datasets
import Estimators
import Foundation
import Tensors

/// `est evaluate`: the head's metrics of a checkpoint on the workspace's eval data (or --data).
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a checkpoint on the workspace's eval data.",
        discussion: """
        Example:
          est evaluate workspaces/iris --json
        """
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("A CSV file to evaluate on (default: the workspace's eval files).", valueName: "csv"))
    var data: String?

    @Option(help: ArgumentHelp("The checkpoint (default: the latest).", valueName: "path"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("CPU threads (default: every core).", valueName: "n"), transform: ArgumentValues.positive)
    var threads: Int?

    func run() throws {
        let (ws, est) = try options.loadEstimator(threads: threads)
        // Another process training the model_dir owns it: the estimator's warning says the results are not recorded there.
        Console.sayWarnings(of: est)
        let metrics = try est.evaluate(input: try ws.evalInput(data.map { [$0] }), checkpoint: checkpoint)
        if options.json {
            WorkspaceCommands.printJSON(metrics)
        } else {
            for (k, v) in metrics.sorted(by: { $0.key < $1.key }) {
                print("\(k) = \(k == "global_step" ? String(Int(v)) : String(format: "%.6f", v))")
            }
        }
    }
}
