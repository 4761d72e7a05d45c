import Tensors
/// What training and evaluation report as they run; the workbench and the CLI fold these into their state.
public enum TrainingEvent: Sendable, Equatable {
    case started(step: Int64, targetStep: Int64)
    case step(step: Int64, loss: Double, examplesPerSec: Double, stepsPerSec: Double)
    case checkpointSaved(step: Int64, path: String)
    case evaluated(step: Int64, name: String, metrics: [String: Double])
    case exported(path: String)
    case finished(step: Int64, loss: Double?)
    case failed(message: String)
    /// A line of progress for the user (a warm start, an exact-resume skip).
    case log(String)
    /// A problem that did not stop the work (a corrupt checkpoint skipped): the library never writes to stderr
    /// itself; the command line prints these on stderr, the workbench shows them in its log pane.
    case warning(String)
    /// Resuming exactly: `done` of the `total` batches an earlier run trained on are skipped (about twice a second
    /// while it lasts, which on a long run is a while).
    case skipping(done: Int64, total: Int64)
}

/// Stops training after the current step when thrown from a hook (TF's `request_stop`).
public struct StopTraining: Error, Sendable {
    public var reason: String
    public init(_ reason: String = "") { self.reason = reason }
}

/// What hooks see.
public struct HookContext {
    public let estimator: Estimator
    public var globalStep: Int64
    public var loss: Double?
    /// Examples in the step's batch (in `afterStep`).
    public internal(set) var examples = 0
    /// The summaries the model recorded in the step (in `afterStep`; only on steps a summary saver asked for them).
    public internal(set) var summaries: [(String, Tensor)] = []
}

/// Code that runs around training steps: TF's `SessionRunHook`.
///
/// Throw ``StopTraining`` from ``afterStep(_:)`` to stop after this step; `end` still runs.
/// `begin` runs before the run starts, `afterCreateSession` once the variables are built and restored
/// (TF's `after_create_session`), `end` after the last step.
public protocol TrainingHook: AnyObject {
    func begin(_ context: HookContext) throws
    func afterCreateSession(_ context: HookContext) throws
    func beforeStep(_ context: HookContext) throws
    func afterStep(_ context: HookContext) throws
    func end(_ context: HookContext) throws
}

extension TrainingHook {
    public func begin(_ context: HookContext) throws {}
    public func afterCreateSession(_ context: HookContext) throws {}
    public func beforeStep(_ context: HookContext) throws {}
    public func afterStep(_ context: HookContext) throws {}
    public func end(_ context: HookContext) throws {}
}

/// Called around checkpoint saves: TF's `CheckpointSaverListener`. Returning `true` from
/// ``afterSave(step:path:)`` stops training.
public protocol CheckpointSaverListener: AnyObject {
    func begin()
    func beforeSave(step: Int64)
    func afterSave(step: Int64, path: String) -> Bool
    func end(step: Int64)
}

extension CheckpointSaverListener {
    public func begin() {}
    public func beforeSave(step: Int64) {}
    public func afterSave(step: Int64, path: String) -> Bool { false }
    public func end(step: Int64) {}
}

/// Stops at a global step: TF's `StopAtStepHook(num_steps=, last_step=)`.
public final class StopAtStepHook: TrainingHook {
    let numSteps: Int64?
    var lastStep: Int64?
    public init(numSteps: Int64? = nil, lastStep: Int64? = nil) {
        precondition((numSteps == nil) != (lastStep == nil), "StopAtStepHook: give exactly one of numSteps and lastStep")
        (self.numSteps, self.lastStep) = (numSteps, lastStep)
    }
    public func begin(_ c: HookContext) { if let n = numSteps { lastStep = c.globalStep + n } }
    public func afterStep(_ c: HookContext) throws { if let l = lastStep, c.globalStep >= l { throw StopTraining("reached step \(l)") } }
}

/// Stops with TF's message when the loss is NaN: TF's `NanTensorHook`.
public struct NanLossError: Error, CustomStringConvertible, Sendable {
    public let step: Int64
    public var description: String { "Model diverged with loss = NaN at step \(step)" }
}

public final class NanGuardHook: TrainingHook {
    public init() {}
    public func afterStep(_ c: HookContext) throws {
        if let l = c.loss, l.isNaN || l.isInfinite { throw NanLossError(step: c.globalStep) }
    }
}

/// Calls `log` with the loss every `everyNSteps` steps: TF's `LoggingTensorHook` for the loss.
public final class LoggingHook: TrainingHook {
    let every: Int64
    let log: (String) -> Void
    public init(everyNSteps: Int64 = 100, log: @escaping (String) -> Void) { (every, self.log) = (everyNSteps, log) }
    public func afterStep(_ c: HookContext) {
        if c.globalStep % every == 0, let l = c.loss { log("loss = \(l), step = \(c.globalStep)") }
    }
}
