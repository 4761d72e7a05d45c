import Foundation
import Tensors

/// What to train on and for how long: TF's `TrainSpec`.
public struct TrainSpec {
    public var input: InputFn
    public var maxSteps: Int?
    public var hooks: [TrainingHook]
    public init(input: InputFn, maxSteps: Int? = nil, hooks: [TrainingHook] = []) {
        (self.input, self.maxSteps, self.hooks) = (input, maxSteps, hooks)
    }
}

/// What to evaluate on, how often, and what to export: TF's `EvalSpec`.
public struct EvalSpec {
    public var input: InputFn
    public var steps: Int?
    public var name: String?
    public var exporters: [Exporter]
    /// No evaluation before this many seconds of training (TF: 120).
    public var startDelaySecs: Double
    /// At least this many seconds between evaluations (TF: 600).
    public var throttleSecs: Double

    public init(input: InputFn, steps: Int? = nil, name: String? = nil, exporters: [Exporter] = [], startDelaySecs: Double = 120,
        throttleSecs: Double = 600) {
        (self.input, self.steps, self.name, self.exporters) = (input, steps, name, exporters)
        (self.startDelaySecs, self.throttleSecs) = (startDelaySecs, throttleSecs)
    }
}

/// Evaluates after checkpoints (throttled) while training, then once at the end: TF's local `train_and_evaluate`.
///
/// Returns the final metrics and every export made.
@discardableResult
public func trainAndEvaluate(_ estimator: Estimator, train: TrainSpec, eval: EvalSpec) throws -> (metrics: [String: Double], exports: [String]) {
    final class Evaluator: CheckpointSaverListener {
        let estimator: Estimator, spec: EvalSpec
        let started = Date()
        var last: Date? = nil
        var exports: [String] = []
        var error: Error?
        init(_ e: Estimator, _ s: EvalSpec) { (estimator, spec) = (e, s) }
        func afterSave(step: Int64, path: String) -> Bool {
            guard step > 0, Date().timeIntervalSince(started) >= spec.startDelaySecs,
                  last.map({ Date().timeIntervalSince($0) >= spec.throttleSecs }) ?? true else { return false }
            do {
                try run(isFinal: false)
            } catch {
                self.error = error
                return true
            }
            return false
        }
        func run(isFinal: Bool) throws {
            last = Date()
            let m = try estimator.evaluate(input: spec.input, steps: spec.steps, name: spec.name)
            guard let c = estimator.loadedCheckpoint else { return }
            for x in spec.exporters { if let p = try x.export(estimator, checkpoint: c, metrics: m, isFinal: isFinal) { exports.append(p) } }
            lastMetrics = m
        }
        var lastMetrics: [String: Double] = [:]
    }
    let evaluator = Evaluator(estimator, eval)
    try estimator.train(input: train.input, maxSteps: train.maxSteps, hooks: train.hooks, savingListeners: [evaluator])
    if let e = evaluator.error { throw e }
    try evaluator.run(isFinal: true)
    return (evaluator.lastMetrics, evaluator.exports)
}
