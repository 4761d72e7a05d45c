import Estimators

/// What a ``WorkspaceEngine`` reports from its threads; a front-end folds these into its state.
public enum EngineEvent: Sendable {
    /// An event of the training run (steps, checkpoints, evaluations, the end).
    case training(TrainingEvent)
    /// A line for the user, with its level.
    case log(String, LogLevel)
    /// The run is evaluating a checkpoint (nil: done); training waits meanwhile.
    case evaluating(step: Int64?)
    /// Batches done by the running job (an evaluation of one checkpoint).
    case jobProgress(done: Int)
    /// The running job ended: its result or why it failed.
    case jobFinished(message: String, isError: Bool)
    /// Two checkpoints compared.
    case compared(Comparison)
    /// A run worked out and waiting for a yes (``WorkspaceEngine/plan(_:current:)``).
    case planned(RunPlan)
}

/// How much a log line matters.
public enum LogLevel: Sendable { case info, warning, error }

/// Where a training run starts.
public enum RunStart: Equatable, Sendable {
    /// Continue the model_dir (its latest checkpoint, if any).
    case latest
    /// A new model_dir whose first checkpoint is a copy of this one (global step and slots included).
    case resume(prefix: String, step: Int64)
    /// A new model_dir whose weights start from this checkpoint, at step 0.
    case warmStart(prefix: String, step: Int64)
}
