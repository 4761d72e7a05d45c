import Foundation

/// What a run will do before it starts: where it begins, the step it trains to and the model_dir it writes.
///
/// The workbench shows it as a question ("resume from 25 500 to 400 000 in runs/big-from-25500?") and trains
/// exactly this plan on a yes, so what was confirmed is what runs.
public struct RunPlan: Equatable, Sendable {
    /// Where the run starts.
    public var start: RunStart
    /// The model_dir the run writes (a new sibling for `resume` and `warmStart`).
    public var modelDir: String
    /// The global step the run starts from.
    public var fromStep: Int64
    /// The global step the run trains to.
    public var targetStep: Int64
    /// The model_dir had reached the workspace's target already: this run trains that many steps more.
    public var extendsFinishedRun: Bool

    public init(start: RunStart, modelDir: String, fromStep: Int64, targetStep: Int64, extendsFinishedRun: Bool = false) {
        (self.start, self.modelDir, self.fromStep, self.targetStep) = (start, modelDir, fromStep, targetStep)
        self.extendsFinishedRun = extendsFinishedRun
    }

    /// The plan as a yes-or-no question, with the steps and the model_dir it writes (and, for a long run resumed,
    /// that it first skips the batches already trained on).
    public var question: String {
        let skip = fromStep >= Self.longSkip && !isWarmStart
            ? " It first skips the \(Self.grouped(fromStep)) batches already trained on (exact resume)." : ""
        return what + "?" + skip + " (y/n)"
    }

    /// From this many steps on, the question says that resuming first skips the batches already trained on.
    public static let longSkip: Int64 = 10_000

    var isWarmStart: Bool { if case .warmStart = start { true } else { false } }

    /// What the run does, as the question asks it (without its question mark).
    var what: String {
        let (from, to) = (Self.grouped(fromStep), Self.grouped(targetStep))
        switch start {
        case .latest where extendsFinishedRun:
            return "\(modelDir) is at step \(from), its target. Train \(Self.grouped(targetStep - fromStep)) more steps, to \(to)"
        case .latest where fromStep == 0:
            return "Train from step 0 to \(to) in \(modelDir)"
        case .latest:
            return "Continue training from step \(from) to \(to) in \(modelDir)"
        case .resume:
            return "Resume from step \(from) to \(to) in a new model_dir \(modelDir)"
        case let .warmStart(_, step):
            return "Warm-start from step \(Self.grouped(step))'s weights: train from step 0 to \(to) in a new model_dir \(modelDir)"
        }
    }

    /// A step count with thin groups of three digits ("25 500"), as the question shows it.
    public static func grouped(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(" ") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
