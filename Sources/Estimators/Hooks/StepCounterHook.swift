import Foundation
import Summaries

/// Records `global_step/sec` every N steps and reports the step (loss, examples and steps per second) as a
/// ``TrainingEvent``: TF's `StepCounterHook`, which the estimator installs with `RunConfig.logStepCountSteps`.
public final class StepCounterHook: TrainingHook {
    let every: Int64
    let outputDir: String?
    var writer: EventFileWriter?
    var lastTime: Date?
    var lastStep: Int64 = 0
    var examples = 0

    /// `outputDir`: where the summaries go (nil: the estimator's model_dir).
    public init(everyNSteps: Int = 100, outputDir: String? = nil) {
        precondition(everyNSteps > 0, "StepCounterHook: everyNSteps must be positive, got \(everyNSteps)")
        (every, self.outputDir) = (Int64(everyNSteps), outputDir)
    }

    /// The estimator's own, writing to the training run's events file.
    convenience init(everyNSteps: Int, writer: EventFileWriter) {
        self.init(everyNSteps: everyNSteps)
        self.writer = writer
    }

    public func begin(_ c: HookContext) throws {
        if writer == nil { writer = try EventFileWriter(directory: outputDir ?? c.estimator.modelDir) }
    }

    /// The clock starts at the first step (after any batches skipped on resume).
    public func beforeStep(_ c: HookContext) {
        if lastTime == nil { (lastTime, lastStep) = (Date(), c.globalStep) }
    }

    public func afterStep(_ c: HookContext) throws {
        examples += c.examples
        guard c.globalStep % every == 0, let start = lastTime else { return }
        let dt = Date().timeIntervalSince(start)
        let sps = Double(c.globalStep - lastStep) / Swift.max(dt, 1e-9)
        try writer?.scalars([("global_step/sec", sps)], step: c.globalStep)
        c.estimator.emit(.step(step: c.globalStep, loss: c.loss ?? .nan, examplesPerSec: Double(examples) / Swift.max(dt, 1e-9), stepsPerSec: sps))
        (lastTime, lastStep, examples) = (Date(), c.globalStep, 0)
    }
}
