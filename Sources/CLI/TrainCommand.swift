import ArgumentParser
import Datasets
import Estimators
import Foundation
import Tensors

/// `est train`: trains the workspace's estimator to a step, checkpointing as it goes.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the workspace's estimator (resumes from the model directory's last checkpoint).",
        discussion: """
        Ctrl-C stops after the current step, saves a checkpoint and exits with code 130.

        With eval data in the workspace ([data] eval), it evaluates as TF's train_and_evaluate: after a checkpoint \
        when --eval-throttle-secs have passed since the last evaluation (never the step-0 checkpoint), and the final \
        checkpoint; results go to <model_dir>/eval/ and the checkpoints' sidecars, and one line each to the output. \
        --no-eval turns it off.

        One trainer per model directory: another est train (or the workbench) training there is refused with its pid.

        Example:
          est train workspaces/iris --steps 1000 --set run.batch_size=64
        """
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("Train to this global step (default: the workspace's [run] steps).", valueName: "n"),
            transform: ArgumentValues.positive)
    var steps: Int?

    @Option(help: ArgumentHelp("The device to train on: cpu (default: cpu).", valueName: "device"),
            transform: { try ArgumentValues.choice($0, among: ["cpu"]) })
    var device: String = "cpu"

    @Option(help: ArgumentHelp("CPU threads (default: every core).", valueName: "n"), transform: ArgumentValues.positive)
    var threads: Int?

    @Flag(name: .customLong("no-eval"), help: "Do not evaluate while training (default: evaluate on the workspace's eval data, if any).")
    var noEval = false

    @Flag(name: .customLong("no-export"), help: "Do not export after evaluations (default: the workspace's [export] exporters, best).")
    var noExport = false

    @Option(name: .customLong("eval-throttle-secs"),
            help: ArgumentHelp("At least this many seconds between evaluations while training (default: 600, as TF's EvalSpec).",
                               valueName: "s"),
            transform: ArgumentValues.nonNegativeDouble)
    var evalThrottleSecs: Double = 600

    func run() throws {
        WorkspaceCommands.setUpBackend(threads: threads)
        var ws = try options.loadWorkspace()
        if let t = threads { ws.run.threads = t }
        let (rows, stats) = try ws.trainStatistics()
        let est = try options.trainingEstimator(ws, statistics: stats, note: { Console.err("est: note: " + $0) })
        // Boosted trees train until n_trees are built ([run] steps is for the gradient-descent kinds).
        let workspaceSteps = ws.estimator.estimatorKind.isBoostedTrees ? ws.defaultSteps(rows: rows) : ws.steps ?? ws.defaultSteps(rows: rows)
        let steps = self.steps ?? workspaceSteps
        let target = Int64(steps)
        final class Progress: @unchecked Sendable { var lastLoss: Double? }
        let progress = Progress()
        let quiet = options.json
        let title = "\(ws.name) (\(ws.estimator.kind))", dir = est.modelDir
        est.onEvent = { e in
            switch e {
            case let .started(step, t):
                if !quiet { print("training \(title) from step \(step) to \(t) in \(dir)") }
            case let .step(step, loss, eps, sps):
                progress.lastLoss = loss
                guard !quiet else { return }
                if Console.isTTY {
                    let done = Double(step) / Double(Swift.max(target, 1))
                    let width = 30
                    let filled = Int(done * Double(width))
                    let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
                    Console.progress("[\(bar)] step \(step)  loss \(String(format: "%.4f", loss))  \(Int(sps)) steps/s  \(Int(eps)) examples/s")
                } else {
                    print("step \(step): loss = \(String(format: "%.6f", loss)), \(String(format: "%.1f", sps)) steps/s, \(Int(eps)) examples/s")
                }
            case let .checkpointSaved(step, path):
                if !quiet && !Console.isTTY { print("checkpoint \(path) (step \(step))") }
            case let .log(m):
                if !quiet { print(m) }
            case let .skipping(done, total):
                if !quiet && Console.isTTY { Console.progress("skipping \(done) of \(total) batches already trained on (exact resume)") }
            case let .warning(m): Console.err(m)
            case let .finished(_, loss):
                progress.lastLoss = loss ?? progress.lastLoss
            default: break
            }
        }
        let interrupt = Interrupt.install()
        est.shouldStop = { interrupt.isSet }
        let exports = Exports()
        let listeners: [CheckpointSaverListener] = [evaluator(ws, est, quiet: quiet, exports: exports)].compactMap { $0 }
        do {
            try est.train(input: ws.trainInput, steps: nil, maxSteps: steps, hooks: [interrupt.hook], savingListeners: listeners)
        } catch let e as EstimatorError {
            throw options.clash(e, ws)
        }
        if Console.isTTY && !quiet { print("") }
        if options.json {
            WorkspaceCommands.printJSON(["model_dir": est.modelDir, "global_step": est.globalStep, "loss": progress.lastLoss ?? NSNull(),
                                         "exports": exports.paths])
        } else {
            let loss = progress.lastLoss.map { String(format: "%.6f", $0) } ?? "n/a"
            print(Console.bold("done: model_dir \(est.modelDir), step \(est.globalStep), loss \(loss)"))
        }
        if interrupt.isSet {
            Console.err("est: interrupted at step \(est.globalStep); the checkpoint is saved, est train resumes from it")
            throw ExitCode(130)
        }
    }
}
