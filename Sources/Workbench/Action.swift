import Estimators
import Workspaces

/// Everything that can change the state: input, engine events, results of background work.
public enum Action: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// The clock (injected so tests control ETA and log times).
    case tick(now: Double)
    case training(TrainingEvent)
    /// What the run watcher read, with any problems it met.
    case runData(RunData, messages: [String])
    case checkpoints([CheckpointRow])
    case jobProgress(done: Int)
    case jobFinished(message: String, isError: Bool)
    case compared(Comparison)
    case log(String, LogLine.Level)
    /// The run is evaluating a checkpoint (nil: done); training waits meanwhile.
    case runEvaluating(step: Int64?)
    /// A named command, as the palette or a binding runs it (with its argument, if any).
    case command(Command, argument: String?)
    /// The session opened a workspace.
    case opened(WorkspaceInfo)
    /// The charts and the checkpoint list now follow this model_dir, with its keep-best setting.
    case watch(modelDir: String, keepBest: KeepBest?)
    /// Who holds the model_dir's training lock, if another process does (the session looks every 2 s).
    case otherTrainer(OtherTrainer?)
    /// A run worked out by the engine, to be confirmed before it starts.
    case runPlanned(RunPlan)
    /// The statistics of a data file arrived (or failed with where and why).
    case described(path: String, FileStatistics)
    /// The draft was written to `workspace.toml` (this text), or saving failed (the reason).
    case workspaceSaved(text: String)
    case workspaceSaveFailed(String)
    /// `workspace.toml` on disk no longer holds what the draft read or saved: it was edited outside (its new text).
    case workspaceChangedOutside(text: String)
    /// What the Data screen's background work found (pages, index progress, sort orders).
    case data(DataEvent)
    /// What the Input screen's background work found (previews of batches, pre-flight results).
    case input(InputEvent)
}

/// What the workbench shows of the workspace it opened.
public struct WorkspaceInfo: Equatable, Sendable {
    public var name: String
    public var estimatorKind: String
    /// The estimator stops when its trees are built (boosted trees), not at `targetStep`.
    public var trainsUntilTreesAreBuilt: Bool
    public var device: String
    /// The step a run trains to, shown before any run (0 when unknown).
    public var targetStep: Int64
    /// Whether idle time evaluates checkpoints not evaluated yet (`[workbench] evaluate_idle`).
    public var evaluateIdle: Bool
    /// Where the log lines are also written (nil: nowhere).
    public var logFile: String?
    public init(name: String, estimatorKind: String, trainsUntilTreesAreBuilt: Bool, device: String, targetStep: Int64,
                evaluateIdle: Bool = false, logFile: String? = nil) {
        (self.name, self.estimatorKind, self.trainsUntilTreesAreBuilt) = (name, estimatorKind, trainsUntilTreesAreBuilt)
        (self.device, self.targetStep, self.evaluateIdle, self.logFile) = (device, targetStep, evaluateIdle, logFile)
    }
}

/// Work the reducer asks the driver to do; the driver answers with actions.
public indirect enum Effect: Equatable, Sendable {
    /// Work out a run from this start (model_dir, target step) for the user to confirm: answered with
    /// ``Action/runPlanned(_:)``.
    case planTraining(from: StartPoint)
    /// Train a confirmed plan: in the model_dir, or in a new one started from a checkpoint.
    case startTraining(RunPlan)
    case stopTraining
    /// Nothing to do: the workbench quits without saving the workspace's edits.
    case quitUnsaved
    case pauseTraining(Bool)
    case evaluate(prefix: String, step: Int64)
    /// Evaluate these checkpoints one after the other, as one job (`:evaluate-all`, or idle evaluation).
    case evaluateAll(rows: [CheckpointRow])
    case cancelJob
    case compare(a: CheckpointRow, b: CheckpointRow)
    case deleteCheckpoints(prefixes: [String])
    case exportChartCSV(tags: [String])
    case reloadCheckpoints
    /// Compute the statistics of a data file off the UI thread: answered with ``Action/described(path:_:)``.
    case describe(path: String)
    /// Write the draft's text to its `workspace.toml` (a new file when `expecting` is nil; else only if the file still
    /// holds `expecting`), then use it; `then` runs after a good save (training from a just-saved draft).
    case saveWorkspace(text: String, expecting: String?, then: Effect?)
    /// Work of the Data screen (indexing, pages, sorting), answered with ``Action/data(_:)``.
    case data(DataRequest)
    /// Work of the Input screen (previews, checks), answered with ``Action/input(_:)``.
    case input(InputRequest)

    /// Where a training run starts (the engine's ``RunStart``).
    public typealias StartPoint = RunStart
}

/// What the driver must do after an action: htop's reaction flags.
public struct Reaction: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let redraw = Reaction(rawValue: 1)
    public static let quit = Reaction(rawValue: 2)
    /// Clear the terminal and draw every cell again (`Ctrl-L`: something wrote over the screen).
    public static let repaint = Reaction(rawValue: 4)
}
