import Foundation

/// Evaluates while training: after checkpoint saves at a cadence, then the final checkpoint when the run ends.
///
/// Pass it to ``Estimator/train(input:steps:maxSteps:hooks:savingListeners:)`` as a saving listener. With
/// ``Cadence/throttleSecs(_:)`` it follows TF's local `train_and_evaluate`: the run's first checkpoint of a fresh
/// model (step 0) is never evaluated, a later save is evaluated when `throttle_secs` have passed since the last
/// evaluation (the first one at once), and the last step is evaluated at the end unless it already was (by this
/// run or an earlier one). Each evaluation writes `eval/` events and the checkpoint's sidecar, as
/// ``Estimator/evaluate(input:steps:checkpoint:name:)`` does. An evaluation that fails is reported once through
/// ``onFailure`` and training goes on without evaluations (`est train` and the workbench both train on).
///
/// ```swift
/// let evaluator = CheckpointEvaluator(estimator: est, input: evalInput, cadence: .throttleSecs(600))
/// try est.train(input: trainInput, maxSteps: 1000, savingListeners: [evaluator])
/// ```
public final class CheckpointEvaluator: CheckpointSaverListener {
    /// When a saved checkpoint is evaluated.
    public enum Cadence: Sendable, Equatable {
        /// At least this many seconds between evaluations (TF's `EvalSpec.throttle_secs`; 0: every save).
        case throttleSecs(Double)
        /// At least this many steps between evaluations (the workbench: about 20 a run).
        case everySteps(Int64)
    }

    public let estimator: Estimator
    public let input: InputFn
    public let cadence: Cadence
    /// Batches per evaluation (nil: the whole input).
    public let steps: Int?
    /// The evaluation's name (`eval_<name>/`; nil: `eval/`).
    public let name: String?
    /// Called before each evaluation with its step, and with nil after it.
    public var onEvaluating: ((Int64?) -> Void)?
    /// Called before the final evaluation (at the end of the run) with its step.
    public var onFinalEvaluation: ((Int64) -> Void)?
    /// Called with each evaluation's metrics.
    public var onEvaluated: ((Int64, [String: Double]) -> Void)?
    /// Called once, with the error, when an evaluation fails (no evaluation follows).
    public var onFailure: ((any Error) -> Void)?
    /// The step last evaluated by this evaluator.
    public private(set) var lastStep: Int64?
    private var lastTime: Date?
    private var failed = false

    public init(estimator: Estimator, input: InputFn, cadence: Cadence, steps: Int? = nil, name: String? = nil) {
        (self.estimator, self.input, self.cadence, self.steps, self.name) = (estimator, input, cadence, steps, name)
    }

    public func afterSave(step: Int64, path: String) -> Bool {
        guard step > 0 else { return false }
        switch cadence {
        case let .throttleSecs(secs):
            if let t = lastTime, Date().timeIntervalSince(t) < secs { return false }
        case let .everySteps(n):
            if step - (lastStep ?? 0) < n { return false }
        }
        evaluate(step)
        return false
    }

    /// The final evaluation, unless this step was evaluated already (by this run or an earlier one).
    public func end(step: Int64) {
        guard step != lastStep else { return }
        let m = CheckpointManager(modelDir: estimator.modelDir)
        if let c = m.latest, c.step == step, (m.sidecar(c)["evaluations"] as? [String: Any])?[name ?? "eval"] != nil { return }
        if !failed { onFinalEvaluation?(step) }
        evaluate(step)
    }

    func evaluate(_ step: Int64) {
        guard !failed else { return }
        (lastStep, lastTime) = (step, Date())
        onEvaluating?(step)
        defer { onEvaluating?(nil) }
        do {
            let metrics = try estimator.evaluate(input: input, steps: steps, name: name)
            onEvaluated?(step, metrics)
        } catch {
            failed = true
            onFailure?(error)
        }
    }
}
