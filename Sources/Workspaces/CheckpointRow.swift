import Estimators
import Foundation

/// One checkpoint as the Checkpoints screen lists it.
public struct CheckpointRow: Equatable, Sendable {
    public var step: Int64
    public var prefix: String
    public var wallTime: Double?
    public var bytes: Int
    /// Metrics of its evaluations (`eval`, or `<name>/<metric>` for named ones).
    public var metrics: [String: Double]
    public init(step: Int64, prefix: String, wallTime: Double?, bytes: Int, metrics: [String: Double]) {
        (self.step, self.prefix, self.wallTime, self.bytes, self.metrics) = (step, prefix, wallTime, bytes, metrics)
    }

    /// Whether the workspace's evaluation (`eval`) has run on it (it records `loss` and `global_step`).
    public var isEvaluated: Bool { metrics["global_step"] != nil || metrics["loss"] != nil }
}

/// Two checkpoints side by side: metric deltas and how far each variable moved.
public struct Comparison: Equatable, Sendable {
    public var a: Int64, b: Int64
    public var metricDeltas: [(name: String, a: Double?, b: Double?)]
    /// Per variable: L2 norm of (b − a) and of a.
    public var variables: [(name: String, change: Double, norm: Double)]
    public init(a: Int64, b: Int64, metricDeltas: [(name: String, a: Double?, b: Double?)],
                variables: [(name: String, change: Double, norm: Double)]) {
        (self.a, self.b, self.metricDeltas, self.variables) = (a, b, metricDeltas, variables)
    }
    public static func == (l: Comparison, r: Comparison) -> Bool {
        l.a == r.a && l.b == r.b && l.metricDeltas.map(\.name) == r.metricDeltas.map(\.name) && l.variables.map(\.name) == r.variables.map(\.name)
    }
}

/// The keep-best retention setting: the best `n` checkpoints by `metric` (and the newest) stay.
public struct KeepBest: Equatable, Sendable, Codable {
    public var n: Int, metric: String, higherIsBetter: Bool

    /// Keeps the best `n` checkpoints by `metric`, the highest values when `higherIsBetter`.
    public init(n: Int, metric: String, higherIsBetter: Bool) { (self.n, self.metric, self.higherIsBetter) = (n, metric, higherIsBetter) }

    /// The metric as retention names it: `keep_checkpoint_max` never rotates away the best checkpoint by it.
    public var checkpointMetric: CheckpointMetric { CheckpointMetric(name: metric, higherIsBetter: higherIsBetter) }

    /// Where the setting lives: beside the checkpoints it governs.
    public static func path(modelDir: String) -> String { modelDir + "/workbench.json" }

    /// Saves the setting in `modelDir` (atomically), or removes it when `setting` is nil.
    public static func save(_ setting: KeepBest?, modelDir: String) throws {
        let file = path(modelDir: modelDir)
        guard let setting else {
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
            return
        }
        try WorkspaceEngine.writeFile(try JSONEncoder().encode(["keep_best": setting]), to: file)
    }

    /// The setting saved in a model_dir, if any.
    public static func load(modelDir: String) -> KeepBest? {
        guard let d = FileManager.default.contents(atPath: path(modelDir: modelDir)),
              let f = try? JSONDecoder().decode([String: KeepBest].self, from: d) else { return nil }
        return f["keep_best"]
    }
}
