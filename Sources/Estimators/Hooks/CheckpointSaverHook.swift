import Foundation
import Summaries

/// Saves checkpoints: at the start of a fresh run (step 0), every `saveSteps` steps or `saveSecs` seconds, and
/// at the end; calls its ``CheckpointSaverListener``s around each save. TF's `CheckpointSaverHook`, which the
/// estimator installs with the `RunConfig` cadence and the `savingListeners` of `train`.
///
/// A listener returning true from `afterSave` stops training after the step. A step where an earlier hook
/// asked to stop saves nothing: the final checkpoint follows at `end`.
public final class CheckpointSaverHook: TrainingHook {
    let saveSteps: Int64?
    let saveSecs: Double?
    let listeners: [CheckpointSaverListener]
    var writer: EventFileWriter?
    var lastSave: Date?

    /// Give `saveSteps` or `saveSecs` (TF's rule); neither: only the first and last checkpoints.
    public init(saveSteps: Int? = nil, saveSecs: Double? = nil, listeners: [CheckpointSaverListener] = []) {
        precondition(saveSteps == nil || saveSecs == nil, "CheckpointSaverHook: give saveSteps or saveSecs, not both")
        precondition((saveSteps ?? 1) > 0, "CheckpointSaverHook: saveSteps must be positive, got \(saveSteps ?? 0)")
        (self.saveSteps, self.saveSecs, self.listeners) = (saveSteps.map(Int64.init), saveSecs, listeners)
    }

    /// The estimator's own, recording each save in the training run's events file.
    convenience init(config: RunConfig, listeners: [CheckpointSaverListener], writer: EventFileWriter) {
        self.init(saveSteps: config.saveCheckpointsSteps, saveSecs: config.effectiveCheckpointSecs, listeners: listeners)
        self.writer = writer
    }

    public func begin(_ c: HookContext) throws {
        if writer == nil { writer = try EventFileWriter(directory: c.estimator.modelDir) }
        for l in listeners { l.begin() }
    }

    /// A run that starts from nothing saves step 0.
    public func afterCreateSession(_ c: HookContext) throws {
        if c.globalStep == 0 && c.estimator.loadedCheckpoint == nil { _ = try save(c.estimator) }
    }

    /// The seconds count from the first step (after any batches skipped on resume).
    public func beforeStep(_ c: HookContext) {
        if lastSave == nil { lastSave = Date() }
    }

    public func afterStep(_ c: HookContext) throws {
        let dueBySteps = saveSteps.map { c.globalStep % $0 == 0 } ?? false
        let dueBySecs = saveSecs.map { Date().timeIntervalSince(lastSave ?? Date()) >= $0 } ?? false
        guard dueBySteps || dueBySecs else { return }
        let stop = try save(c.estimator)
        lastSave = Date()
        if stop { throw StopTraining("a checkpoint listener asked to stop") }
    }

    /// The final checkpoint, unless this step's is saved already; then the listeners' `end`.
    public func end(_ c: HookContext) throws {
        let e = c.estimator
        if e.loadedCheckpoint?.step != e.globalStep { _ = try save(e) }
        for l in listeners { l.end(step: e.globalStep) }
    }

    /// Saves, records the save in the events file, and says whether a listener asked to stop.
    func save(_ e: Estimator) throws -> Bool {
        let (c, stop) = try e.saveCheckpoint(listeners: listeners)
        let log = Event.What.sessionLog(status: .checkpoint, checkpointPath: c.prefix)
        try writer?.write(Event(wallTime: Date().timeIntervalSince1970, step: e.globalStep, what: log))
        return stop
    }
}
