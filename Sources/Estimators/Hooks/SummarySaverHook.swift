import Foundation
import Summaries
import Tensors

/// Writes the training summaries (`loss` and the model's own) every N steps and at the first step:
/// TF's `SummarySaverHook`, which the estimator installs with `RunConfig.saveSummarySteps`.
///
/// Before a step it asks the model to record summaries (``ModelContext/recordSummaries``) when the step is due.
public final class SummarySaverHook: TrainingHook {
    let every: Int64
    let outputDir: String?
    var writer: EventFileWriter?
    var due = false

    /// `outputDir`: where the summaries go (nil: the estimator's model_dir).
    public init(saveSteps: Int = 100, outputDir: String? = nil) {
        precondition(saveSteps > 0, "SummarySaverHook: saveSteps must be positive, got \(saveSteps)")
        (every, self.outputDir) = (Int64(saveSteps), outputDir)
    }

    /// The estimator's own, writing to the training run's events file.
    convenience init(saveSteps: Int, writer: EventFileWriter) {
        self.init(saveSteps: saveSteps)
        self.writer = writer
    }

    public func begin(_ c: HookContext) throws {
        if writer == nil { writer = try EventFileWriter(directory: outputDir ?? c.estimator.modelDir) }
    }

    public func beforeStep(_ c: HookContext) {
        due = (c.globalStep + 1) % every == 0 || c.globalStep == 0
        if due { c.estimator.context.recordSummaries = true }
    }

    public func afterStep(_ c: HookContext) throws {
        guard due else { return }
        var values: [SummaryValue] = c.summaries.map { tag, t in
            SummaryValue(tag: tag, kind: t.count == 1 ? .scalar(Float(t.scalarValue)) : .histogram(Histogram(t.doubles)))
        }
        if let loss = c.loss { values.append(SummaryValue(tag: "loss", kind: .scalar(Float(loss)))) }
        try writer?.write(Event(wallTime: Date().timeIntervalSince1970, step: c.globalStep, what: .summary(values)))
    }
}
