import Estimators
import Foundation
import Workspaces

extension TrainCommand {
    /// The evaluator of an `est train` run: the workspace's eval data after checkpoints, throttled as TF's
    /// `train_and_evaluate` (`--eval-throttle-secs`), and the final checkpoint; nil with `--no-eval` or no eval data.
    ///
    /// Each evaluation is one line on standard output (none with `--json`); a failed one a warning on standard
    /// error, after which training goes on without evaluations.
    func evaluator(_ ws: Workspace, _ est: Estimator, quiet: Bool) -> CheckpointEvaluator? {
        guard !noEval, !ws.evalFiles.isEmpty, let input = try? ws.evalInput() else { return nil }
        let e = CheckpointEvaluator(estimator: est, input: input, cadence: .throttleSecs(evalThrottleSecs))
        e.onEvaluated = { step, metrics in
            guard !quiet else { return }
            // On a TTY the progress bar owns the line: clear it first (it is redrawn at the next step).
            print((Console.isTTY ? "\r\u{1B}[K" : "") + Self.evaluationLine(step: step, metrics))
        }
        e.onFailure = { error in
            let text = "\(error)".split(separator: "\n").joined(separator: " · ")
            Console.err("est: warning: evaluation failed, training goes on without evaluations: \(text)")
        }
        return e
    }

    /// "eval at step 1000: accuracy 0.9667, average_loss 0.0812, loss 0.0812".
    static func evaluationLine(step: Int64, _ metrics: [String: Double]) -> String {
        let shown = metrics.filter { $0.key != "global_step" }.sorted { $0.key < $1.key }
        return "eval at step \(step): " + shown.map { "\($0.key) \(String(format: "%.4f", $0.value))" }.joined(separator: ", ")
    }
}
