/// How an ``Estimator`` runs: TF's `tf.estimator.RunConfig`, with its defaults.
public struct RunConfig: Sendable, Codable, Equatable {
    /// Where checkpoints and summaries go (the estimator's `modelDir` wins when both are set).
    public var modelDir: String?
    /// The seed of every random choice (initialisation, dropout, shuffling).
    public var randomSeed: UInt64 = 42
    /// Write training summaries every N steps (100).
    public var saveSummarySteps = 100
    /// Save a checkpoint every N steps; when neither this nor `saveCheckpointsSecs` is set, every 600 s.
    public var saveCheckpointsSteps: Int?
    public var saveCheckpointsSecs: Double?
    /// Checkpoints to keep (5); 0 or nil keeps all.
    public var keepCheckpointMax: Int? = 5
    /// Also keep one checkpoint every N hours (10 000: effectively never, as TF).
    public var keepCheckpointEveryNHours: Double = 10_000
    /// The metric whose best-evaluated checkpoint `keepCheckpointMax` never deletes (nil: the head's default,
    /// ``CheckpointMetric/headDefaults``); est's deviation from TF's Saver.
    public var bestCheckpointMetric: CheckpointMetric?
    /// Log and record `global_step/sec` every N steps (100).
    public var logStepCountSteps = 100
    /// `cpu` or `cuda:N`.
    public var device = "cpu"
    /// CPU threads (nil: every core).
    public var threads: Int?

    public init(modelDir: String? = nil, randomSeed: UInt64 = 42, saveSummarySteps: Int = 100, saveCheckpointsSteps: Int? = nil,
                saveCheckpointsSecs: Double? = nil, keepCheckpointMax: Int? = 5, keepCheckpointEveryNHours: Double = 10_000,
                logStepCountSteps: Int = 100, device: String = "cpu", threads: Int? = nil) {
        precondition(saveCheckpointsSteps == nil || saveCheckpointsSecs == nil,
                     "RunConfig: give saveCheckpointsSteps or saveCheckpointsSecs, not both (TF's rule)")
        (self.modelDir, self.randomSeed, self.saveSummarySteps, self.saveCheckpointsSteps, self.saveCheckpointsSecs) =
            (modelDir, randomSeed, saveSummarySteps, saveCheckpointsSteps, saveCheckpointsSecs)
        (self.keepCheckpointMax, self.keepCheckpointEveryNHours, self.logStepCountSteps, self.device, self.threads) =
            (keepCheckpointMax, keepCheckpointEveryNHours, logStepCountSteps, device, threads)
    }

    /// The checkpoint cadence in seconds when no step cadence is set.
    var effectiveCheckpointSecs: Double? { saveCheckpointsSteps == nil ? (saveCheckpointsSecs ?? 600) : nil }
}

/// What a model function is being called for: TF's `ModeKeys`.
public enum ModeKeys: String, Sendable, Codable {
    case train, eval, infer
}
