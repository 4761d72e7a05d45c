import Foundation

/// Stops training when an evaluation metric stops improving, or crosses a threshold:
/// TF's `stop_if_no_decrease_hook`, `stop_if_no_increase_hook`, `stop_if_higher_hook`, `stop_if_lower_hook`.
///
/// It reads the evaluations recorded in the checkpoints' sidecars (``Estimator/evaluate(input:steps:checkpoint:name:)``
/// writes them, as ``trainAndEvaluate(_:train:eval:)`` does while training).
public final class EarlyStoppingHook: TrainingHook {
    public enum Rule: Sendable {
        case noDecrease(maxStepsWithout: Int64)
        case noIncrease(maxStepsWithout: Int64)
        case higherThan(Double)
        case lowerThan(Double)
    }

    let metric: String
    let rule: Rule
    let evalName: String
    let minSteps: Int64
    let everySteps: Int64

    public init(metric: String, rule: Rule, evalName: String = "eval", minSteps: Int64 = 0, runEverySteps: Int64 = 1) {
        (self.metric, self.rule, self.evalName, self.minSteps, self.everySteps) = (metric, rule, evalName, minSteps, runEverySteps)
    }

    /// The evaluations so far, by step.
    func history(_ e: Estimator) -> [(Int64, Double)] {
        let m = CheckpointManager(modelDir: e.modelDir)
        return m.all().compactMap { c in
            guard let evals = m.sidecar(c)["evaluations"] as? [String: Any], let r = evals[evalName] as? [String: Any],
                  let v = r[metric] as? Double else { return nil }
            return (c.step, v)
        }
    }

    public func afterStep(_ c: HookContext) throws {
        guard c.globalStep >= minSteps, c.globalStep % everySteps == 0 else { return }
        let h = history(c.estimator)
        guard let last = h.last else { return }
        switch rule {
        case let .higherThan(t): if last.1 > t { throw StopTraining("\(metric) = \(last.1) > \(t)") }
        case let .lowerThan(t): if last.1 < t { throw StopTraining("\(metric) = \(last.1) < \(t)") }
        case let .noDecrease(n), let .noIncrease(n):
            let decreasing: Bool = if case .noDecrease = rule { true } else { false }
            guard let best = (decreasing ? h.min { $0.1 < $1.1 } : h.max { $0.1 < $1.1 }) else { return }
            if last.0 - best.0 >= n { throw StopTraining("\(metric) did not \(decreasing ? "decrease" : "increase") for \(last.0 - best.0) steps") }
        }
    }
}

/// Writes a Chrome trace (`timeline-<step>.json`, open it in chrome://tracing or Perfetto) of
/// the training steps every `saveSteps` steps: TF's `ProfilerHook`.
public final class ProfilerHook: TrainingHook {
    let saveSteps: Int64
    let outputDir: String?
    var events: [[String: Any]] = []
    var stepStart = Date()
    let origin = Date()

    public init(saveSteps: Int64 = 100, outputDir: String? = nil) {
        precondition(saveSteps > 0, "ProfilerHook: saveSteps must be positive, got \(saveSteps)")
        (self.saveSteps, self.outputDir) = (saveSteps, outputDir)
    }

    public func beforeStep(_ c: HookContext) { stepStart = Date() }

    public func afterStep(_ c: HookContext) throws {
        let ts = stepStart.timeIntervalSince(origin) * 1e6
        events.append(["name": "train_step", "ph": "X", "pid": 1, "tid": 1, "ts": ts, "dur": Date().timeIntervalSince(stepStart) * 1e6,
                       "args": ["step": c.globalStep, "loss": c.loss ?? 0]])
        if c.globalStep % saveSteps == 0 {
            let dir = outputDir ?? c.estimator.modelDir
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: ["traceEvents": events, "displayTimeUnit": "ms"])
            try AtomicFile.write(data, to: URL(fileURLWithPath: "\(dir)/timeline-\(c.globalStep).json"))
            events.removeAll()
        }
    }
}

import Tensors
