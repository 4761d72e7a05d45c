import Datasets
import Estimators
import Foundation

extension WorkspaceEngine {
    /// Evaluates each of `checkpoints` (oldest first) on the workspace's eval data as one job: batches as progress, a log line per
    /// checkpoint, cancellable between batches (`Ctrl-C`). A checkpoint that fails (rotated away meanwhile) is reported and skipped.
    public func evaluateAll(_ checkpoints: [(prefix: String, step: Int64)], modelDir: String) {
        lock.lock(); cancelJob = false; lock.unlock()
        let t = Thread { [self] in
            var done = 0, failed: [Int64] = []
            do {
                let (est, wrapped) = try evaluationJob(modelDir: modelDir)
                for c in checkpoints.sorted(by: { $0.step < $1.step }) {
                    if isCancelled() { throw Cancelled() }
                    do {
                        let m = try est.evaluate(input: wrapped, checkpoint: c.prefix)
                        let key = ["accuracy", "average_loss", "loss"].first { m[$0] != nil }
                        let shown = key.map { " \($0) \(String(format: "%.4f", m[$0]!))" } ?? ""
                        send(.log("evaluated step \(c.step):\(shown)", .info))
                        done += 1
                    } catch let e as Cancelled {
                        throw e
                    } catch {
                        failed.append(c.step)
                        send(.log("evaluation of step \(c.step) failed: \(error)".split(separator: "\n").joined(separator: " · "), .warning))
                    }
                }
                let tail = failed.isEmpty ? "" : "; \(failed.count) failed (steps \(failed.map(String.init).joined(separator: ", ")))"
                send(.jobFinished(message: "evaluated \(done) of \(checkpoints.count) checkpoint(s)\(tail)", isError: !failed.isEmpty))
            } catch is Cancelled {
                send(.jobFinished(message: "evaluate-all cancelled after \(done) of \(checkpoints.count) checkpoint(s)", isError: false))
            } catch {
                send(.jobFinished(message: "evaluate-all failed: \(error)".split(separator: "\n").joined(separator: " · "), isError: true))
            }
        }
        t.name = "est-evaluate-all"
        t.start()
    }
}
