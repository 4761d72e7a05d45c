import Estimators
import Foundation
import Workspaces

extension TrainCommand {
    /// The evaluator of an `est train` run: the workspace's eval data after checkpoints, throttled as TF's
    /// `train_and_evaluate` (`--eval-throttle-secs`), and the final checkpoint; nil with `--no-eval` or no eval data.
    ///
    /// Each evaluation is one line on standard output (none with `--json`); a failed one a warning on standard
    /// error, after which training goes on without evaluations.
    ///
    /// After each evaluation the workspace's exporters (`[export]`, none with `--no-export`) run on the evaluated
    /// checkpoint; each export is a line ("exported PATH") and lands in `exports`. A failed export is a warning.
    func evaluator(_ ws: Workspace, _ est: Estimator, quiet: Bool, exports: Exports) -> CheckpointEvaluator? {
        guard !noEval, ws.hasEvaluationData, let input = try? ws.evalInput() else { return nil }
        let e = CheckpointEvaluator(estimator: est, input: input, cadence: .throttleSecs(evalThrottleSecs))
        let exporters = noExport ? [] : ws.export.make()
        var isFinal = false
        e.onFinalEvaluation = { _ in isFinal = true }
        e.onEvaluated = { step, metrics in
            // On a TTY the progress bar owns the line: clear it first (it is redrawn at the next step).
            if !quiet { print((Console.isTTY ? "\r\u{1B}[K" : "") + Self.evaluationLine(step: step, metrics)) }
            guard let c = est.loadedCheckpoint, !exports.failed else { return }
            for x in exporters {
                do {
                    guard let path = try x.export(est, checkpoint: c, metrics: metrics, isFinal: isFinal) else { continue }
                    exports.paths.append(path)
                    if !quiet { print((Console.isTTY ? "\r\u{1B}[K" : "") + "exported \(path) (\(x.name), step \(c.step))") }
                } catch {
                    exports.failed = true
                    let text = "\(error)".split(separator: "\n").joined(separator: " · ")
                    Console.err("est: warning: export failed, training goes on without exports: \(text)")
                    return
                }
            }
        }
        e.onFailure = { error in
            let text = "\(error)".split(separator: "\n").joined(separator: " · ")
            Console.err("est: warning: evaluation failed, training goes on without evaluations: \(text)")
        }
        return e
    }

    /// The exports of an `est train` run.
    final class Exports {
        var paths: [String] = []
        var failed = false
    }

    /// "eval at step 1000: accuracy 0.9667, average_loss 0.0812, loss 0.0812".
    static func evaluationLine(step: Int64, _ metrics: [String: Double]) -> String {
        let shown = metrics.filter { $0.key != "global_step" }.sorted { $0.key < $1.key }
        return "eval at step \(step): " + shown.map { "\($0.key) \(String(format: "%.4f", $0.value))" }.joined(separator: ", ")
    }
}
