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
    /// Whether its weights file looks like a safetensors file (its header fits in it and is JSON); a corrupt one is marked.
    public var isReadable: Bool
    public init(step: Int64, prefix: String, wallTime: Double?, bytes: Int, metrics: [String: Double], isReadable: Bool = true) {
        (self.step, self.prefix, self.wallTime, self.bytes, self.metrics) = (step, prefix, wallTime, bytes, metrics)
        self.isReadable = isReadable
    }

    /// Whether the file at `path` starts like a safetensors file: an 8-byte little-endian header length, then a JSON
    /// header that fits in the file (a cheap check: 9 bytes read).
    public static func looksReadable(_ path: String, bytes: Int) -> Bool {
        guard bytes > 9, let h = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? h.close() }
        guard let head = try? h.read(upToCount: 9), head.count == 9 else { return false }
        let n = head.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        return n > 0 && n <= UInt64(bytes - 8) && head[8] == UInt8(ascii: "{")
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
