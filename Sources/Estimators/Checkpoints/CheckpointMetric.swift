import Foundation

/// The metric that names a model_dir's best checkpoint, the one `keep_checkpoint_max` never rotates away.
///
/// TF's Saver deletes the oldest checkpoints whatever their evaluations; est keeps the best-evaluated one as well
/// (as TF's `BestExporter` keeps its best export), so the checkpoint a chart marks ◆ is still on disk.
public struct CheckpointMetric: Sendable, Codable, Equatable {
    /// The metric as the checkpoint table names it: `accuracy` for the `eval` evaluation, `<name>/<metric>` for a named one.
    public var name: String
    /// Whether larger values are better (accuracy) or smaller (a loss).
    public var higherIsBetter: Bool

    /// The metric `name`, the highest value best when `higherIsBetter`.
    public init(name: String, higherIsBetter: Bool) { (self.name, self.higherIsBetter) = (name, higherIsBetter) }

    /// The heads' defaults, in order: `accuracy` (classifiers, higher is better), else `average_loss`, else `loss`
    /// (regressors and custom models, lower is better); the first one the evaluations record is used.
    public static let headDefaults = [CheckpointMetric(name: "accuracy", higherIsBetter: true),
                                      CheckpointMetric(name: "average_loss", higherIsBetter: false),
                                      CheckpointMetric(name: "loss", higherIsBetter: false)]
}

extension CheckpointManager {
    /// The first of `<dir>-2`, `<dir>-3`, … that does not exist: where a different model can be trained beside `dir`.
    public static func freeModelDir(near dir: String) -> String {
        let base = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
        var n = 2
        while FileManager.default.fileExists(atPath: "\(base)-\(n)") { n += 1 }
        return "\(base)-\(n)"
    }

    /// Every metric a checkpoint's evaluations recorded: the `eval` evaluation's by name, others as `<evaluation>/<metric>`.
    public func metrics(_ c: CheckpointInfo) -> [String: Double] {
        var out: [String: Double] = [:]
        for (name, v) in sidecar(c)["evaluations"] as? [String: Any] ?? [:] {
            for (k, x) in v as? [String: Any] ?? [:] {
                if let d = (x as? NSNumber)?.doubleValue { out[name == "eval" ? k : "\(name)/\(k)"] = d }
            }
        }
        return out
    }

    /// The best evaluated checkpoint of `list` by `metric` (nil: the head's default, ``CheckpointMetric/headDefaults``);
    /// nil when none has a finite value of it. Of equal values the oldest wins, as the chart marks it.
    public func best(among list: [CheckpointInfo], by metric: CheckpointMetric?) -> CheckpointInfo? {
        let scored = list.map { ($0, metrics($0)) }
        let candidates = metric.map { [$0] } ?? CheckpointMetric.headDefaults
        guard let m = candidates.first(where: { m in scored.contains { $0.1[m.name]?.isFinite ?? false } }) else { return nil }
        var best: (CheckpointInfo, Double)? = nil
        for (c, values) in scored {
            guard let v = values[m.name], v.isFinite else { continue }
            // A tie goes to the newer checkpoint (the newest is kept anyway: no older one is kept for an equal value).
            if let b = best, m.higherIsBetter ? v < b.1 : v > b.1 { continue }
            if let b = best, b.0.step > c.step, v == b.1 { continue }
            best = (c, v)
        }
        return best?.0
    }
}
