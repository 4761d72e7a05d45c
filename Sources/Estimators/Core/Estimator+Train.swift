import Datasets
import Foundation
import NN
import Summaries
import Tensors

extension Estimator {
    /// Seconds between ``TrainingEvent/skipping(done:total:)`` reports while an exact resume skips batches.
    static let skipReportInterval = 0.5

    /// Trains: TF's `train(input_fn, steps, max_steps, hooks, saving_listeners)`.
    ///
    /// `steps` is incremental (from the current global step), `maxSteps` absolute; giving both
    /// is an error, and nothing happens once `maxSteps` is reached. Training resumes from the
    /// latest checkpoint and skips the batches that checkpoint already consumed, so a stopped and
    /// restarted run ends with the weights of an uninterrupted one. Checkpoints follow the config
    /// and one is always written at the end.
    @discardableResult
    public func train(input: InputFn, steps: Int? = nil, maxSteps: Int? = nil, hooks: [TrainingHook] = [],
                      savingListeners: [CheckpointSaverListener] = []) throws -> Estimator {
        if steps != nil && maxSteps != nil {
            throw EstimatorError("train: give steps or maxSteps, not both", hint: "steps counts from the current step; maxSteps is absolute")
        }
        if let s = steps, s <= 0 { throw EstimatorError("train: steps must be positive, got \(s)", hint: "use steps ≥ 1 or leave it out") }
        do {
            // One trainer per model_dir, for the whole run (released on every way out).
            let lock = try takeLock()
            trainingLock = lock
            defer {
                trainingLock = nil
                if lock !== heldLock { lock.release() }
            }
            try trainLoop(input: input, steps: steps, maxSteps: maxSteps, hooks: hooks, listeners: savingListeners)
        } catch {
            emit(.failed(message: "\(error)"))
            throw error
        }
        return self
    }

    private func trainLoop(input: InputFn, steps: Int?, maxSteps: Int?, hooks userHooks: [TrainingHook],
        listeners: [CheckpointSaverListener]) throws {
        let dataset = try input.make()
        guard dataset.isBatched else { throw EstimatorError("the training input is not batched", hint: "end the dataset with .batch(n)") }
        var it = try dataset.makeIterator()
        guard let first = try it.next() else {
            throw EstimatorError("the training input is empty", hint: "check the training file and the input function")
        }
        if let label = input.label, first[label] == nil {
            throw EstimatorError("no label column '\(label)' in the training input", hint: "the input has: \(first.names.joined(separator: ", "))")
        }
        try build(on: first, label: input.label)
        if try restoreLatest(required: false) == nil, let w = warmStart {
            let loaded = try applyWarmStart(w)
            emit(.log("warm-started \(loaded.count) variables from \(w.checkpoint)"))
        }
        let start = globalStep
        let target = maxSteps.map(Int64.init) ?? (start + Int64(steps ?? Int.max / 2))
        if start >= target {
            emit(.log("already at step \(start) ≥ max_steps \(target): nothing to train"))
            emit(.finished(step: start, loss: nil))
            return
        }
        try writeDescription()
        let writer = try EventFileWriter(directory: modelDir)
        let watchdog = ModelDirGuardHook(writer: writer, every: Int64(min(config.saveSummarySteps, config.saveCheckpointsSteps ?? Int.max)))
        // TF's defaults: the step counter and the summary saver first, the checkpoint saver (with the listeners) last.
        let saver = CheckpointSaverHook(config: config, listeners: listeners, writer: writer)
        var hooks: [TrainingHook] = [watchdog, SummarySaverHook(saveSteps: config.saveSummarySteps, writer: writer),
                                     StepCounterHook(everyNSteps: config.logStepCountSteps, writer: writer), NanGuardHook()]
            + trainer.hooks(self) + userHooks
        if steps == nil && maxSteps == nil { hooks.append(StopAtStepHook(lastStep: target)) }
        hooks.append(saver)
        var ctx = HookContext(estimator: self, globalStep: globalStep, loss: nil)
        for h in hooks { try h.begin(ctx) }
        emit(.started(step: start, targetStep: target))
        for h in hooks { try h.afterCreateSession(ctx) }
        try writer.write(Event(wallTime: Date().timeIntervalSince1970, step: start + 1, what: .sessionLog(status: .start, checkpointPath: "")))

        // Skip the batches earlier runs consumed (the input restarts from its beginning).
        // Skip the batches an earlier run consumed (only right after restoring from disk: a later
        // call in the same process continues with its new input). An input that ends while
        // skipping is a per-call input (TF's one-epoch pattern): start it again from its beginning.
        var pending: Table? = first
        if start > 0 && restoredFromDisk {
            pending = nil
            var skipped: Int64 = 1   // `first` was one of them
            if start > 1 { emit(.log("skipping the \(start) batches already trained on (exact resume)")) }
            var lastReport = Date.distantPast
            while skipped < start, try it.next() != nil {
                skipped += 1
                // Skipping a long run's batches takes a while: say how far it is, and let a stop request end it.
                if skipped % 1024 == 0 {
                    if shouldStop?() == true {
                        emit(.log("stopped while skipping batches, at \(skipped) of \(start)"))
                        emit(.finished(step: start, loss: nil))
                        return
                    }
                    if Date().timeIntervalSince(lastReport) >= Self.skipReportInterval {
                        lastReport = Date()
                        emit(.skipping(done: skipped, total: start))
                    }
                }
            }
            if skipped < start {
                it = try input.make().makeIterator()
                pending = try it.next()
                emit(.log("the input ended after \(skipped) of the \(start) batches already trained on; it starts again from its beginning"))
            }
        }
        restoredFromDisk = false
        // Batch work the model registered while building runs on the input's side, ahead of the step.
        let preparing = context.preparers.isEmpty ? nil : PreparingIterator(it, preparers: context.preparers)

        var lastLoss: Double? = nil
        var stopReason: String? = nil
        loop: while globalStep < target {
            let batch: Table
            var prepared: [String: any Sendable] = [:]
            if let p = pending {
                batch = p
            } else if let preparing {
                guard let b = try preparing.next() else { break }
                batch = b.table
                prepared = b.prepared
            } else {
                guard let b = try it.next() else { break }
                batch = b
            }
            pending = nil
            ctx.globalStep = globalStep
            context.recordSummaries = false
            // A stop asked for before the step ends the loop without running it (the final checkpoint is still written).
            do {
                for h in hooks { try h.beforeStep(ctx) }
            } catch let stop as StopTraining {
                stopReason = stop.reason
                break loop
            }
            context.mode = .train
            context.stepRandom = RandomGenerator(seed: config.randomSeed &+ 1, offset: UInt64(globalStep) << 32)
            // The variables now move away from any checkpoint: evaluate/predict must reload if this run fails.
            loadedCheckpoint = nil
            let result = try trainer.step(self, batch: batch, labels: input.label.flatMap { batch[$0] }, prepared: prepared)
            globalStep += 1
            lastLoss = result.loss
            (ctx.globalStep, ctx.loss, ctx.examples, ctx.summaries) = (globalStep, result.loss, batch.rowCount, result.summaries)
            do {
                for h in hooks { try h.afterStep(ctx) }
            } catch let s as StopTraining {
                stopReason = s.reason
            }
            ctx.summaries = []
            if stopReason != nil { break loop }
        }
        try watchdog.check(ctx)
        // The checkpoint saver ends first: the final checkpoint exists when the other hooks end.
        for h in [saver] + hooks.filter({ $0 !== saver }) { try h.end(ctx) }
        // SessionLog STOP tells watchers (the workbench) that this run ended cleanly.
        try writer.write(Event(wallTime: Date().timeIntervalSince1970, step: globalStep, what: .sessionLog(status: .stop, checkpointPath: "")))
        emit(.finished(step: globalStep, loss: lastLoss))
    }
}
