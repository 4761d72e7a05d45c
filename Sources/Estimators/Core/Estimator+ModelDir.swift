import Foundation
import Summaries

extension Estimator {
    /// The caller's ``heldLock`` (for this model_dir), or a new lock on the model_dir.
    func takeLock() throws -> ModelDirLock {
        if let held = heldLock {
            precondition(held.key == ModelDirLock.canonical(modelDir),
                         "Estimator.heldLock locks \(held.modelDir), not this estimator's model_dir \(modelDir)")
            return held
        }
        return try ModelDirLock.acquire(modelDir: modelDir)
    }

    /// Puts back what a training run needs after its model_dir was deleted under it: the folder, the lock,
    /// `estimator.json`, a new events file, and a checkpoint at this step with its state file.
    func rebuildModelDir(writer: EventFileWriter, listeners: [CheckpointSaverListener]) throws {
        try FileManager.default.createDirectory(atPath: modelDir, withIntermediateDirectories: true)
        if let lock = trainingLock, !lock.isInPlace {
            // Another trainer may have locked the new folder meanwhile: then this run must stop.
            try lock.retake()
        }
        try writeDescription()
        if !writer.isInPlace { try writer.reopen() }
        let m = checkpoints
        if let latest = m.latest, latest.step == globalStep {
            try m.writeState(m.all())
        } else {
            let (c, _) = try saveCheckpoint(listeners: listeners)
            try writer.write(Event(wallTime: Date().timeIntervalSince1970, step: globalStep,
                                   what: .sessionLog(status: .checkpoint, checkpointPath: c.prefix)))
        }
        emit(.warning("warning: model_dir \(modelDir) was deleted during training; re-created it with estimator.json, "
            + "a new event file and the checkpoint at step \(globalStep)"))
    }
}

/// Notices that the model_dir of a training run was deleted (its lock file or events file is no longer the
/// one being written) and rebuilds it, so the run's charts, `estimator.json` and checkpoints carry on there.
///
/// It looks every `every` steps (the summary or checkpoint cadence) and at least once a second: a few
/// `stat` calls, never on every step of a fast model.
final class ModelDirGuardHook: TrainingHook {
    let writer: EventFileWriter
    let every: Int64
    var lastCheck = Date()

    init(writer: EventFileWriter, every: Int64) { (self.writer, self.every) = (writer, max(1, every)) }

    func afterStep(_ c: HookContext) throws {
        guard c.globalStep % every == 0 || Date().timeIntervalSince(lastCheck) >= 1 else { return }
        try check(c)
    }

    /// Rebuilds the model_dir if it went away.
    func check(_ c: HookContext) throws {
        lastCheck = Date()
        let e = c.estimator
        let lockGone = e.trainingLock.map { !$0.isInPlace } ?? false
        guard lockGone || !writer.isInPlace else { return }
        try e.rebuildModelDir(writer: writer, listeners: [])
    }
}
