import Datasets
import Estimators
import Foundation

/// A model_dir's own model against the workspace's: commands on a model_dir rebuild the model from its `estimator.json`
/// and say when it differs from what the workspace (and its `--set`s) would build.
extension Workspace {
    /// The `estimator.json` keys whose values differ between `stored` (a model_dir's) and the workspace's config, sorted.
    ///
    /// Without `statistics` the data-derived keys (feature columns, classes) are not compared.
    public func differences(from stored: EstimatorConfig, statistics: [ColumnStatistics]? = nil) -> [String] {
        guard let mine = try? estimatorConfig(statistics: statistics, stored: stored) else { return [] }
        let a = Self.jsonObject(mine), b = Self.jsonObject(stored)
        func same(_ x: Any?, _ y: Any?) -> Bool {
            guard let x, let y else { return x == nil && y == nil }
            return (try? JSONSerialization.data(withJSONObject: ["v": x], options: .sortedKeys))
                == (try? JSONSerialization.data(withJSONObject: ["v": y], options: .sortedKeys))
        }
        // The kind first (it explains the rest), then the other keys by name.
        let keys = Set(a.keys).union(b.keys).subtracting(["workspace", "workspace_folder", "version"]).filter { !same(a[$0], b[$0]) }
        return keys.sorted { ($0 == "kind" ? 0 : 1, $0) < ($1 == "kind" ? 0 : 1, $1) }
    }

    /// One info line when `modelDir`'s `estimator.json` differs from the workspace (nil when it does not, or has none):
    /// which keys differ, the first one's two values, and that the model_dir's model is used.
    public func differenceNote(modelDir dir: String, statistics: [ColumnStatistics]? = nil) -> String? {
        guard FileManager.default.fileExists(atPath: dir + "/estimator.json"), let stored = try? EstimatorConfig.read(modelDir: dir) else {
            return nil
        }
        let keys = differences(from: stored, statistics: statistics)
        guard let first = keys.first else { return nil }
        let mine = (try? estimatorConfig(statistics: statistics, stored: stored)).map(Self.jsonObject) ?? [:]
        func text(_ v: Any?) -> String {
            guard let v else { return "unset" }
            if let s = v as? String { return s }
            guard let d = try? JSONSerialization.data(withJSONObject: ["v": v], options: .sortedKeys),
                  let t = String(data: d, encoding: .utf8) else { return "?" }
            let inner = t.dropFirst(5).dropLast()
            return inner.count > 40 ? String(inner.prefix(37)) + "…" : String(inner)
        }
        let more = keys.count > 1 ? " (also \(keys.dropFirst().joined(separator: ", ")))" : ""
        return "\(dir) has its own model: \(first) \(text(Self.jsonObject(stored)[first])) there, \(text(mine[first])) in the workspace\(more); "
            + "using the model_dir's estimator.json"
    }

    static func jsonObject(_ c: EstimatorConfig) -> [String: Any] {
        guard let d = try? c.jsonData(), let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else { return [:] }
        return o
    }

    /// The estimator of an existing model_dir: rebuilt from its `estimator.json` (the model as it was trained) with the
    /// workspace's run settings, or the workspace's own when the model_dir has none yet; `note` gets the difference line.
    public func modelDirEstimator(_ dir: String, statistics: () throws -> [ColumnStatistics], note: (String) -> Void) throws -> Estimator {
        guard FileManager.default.fileExists(atPath: dir + "/estimator.json") else {
            return try makeEstimator(modelDirOverride: dir, statistics: try statistics())
        }
        var config = run
        config.modelDir = dir
        config.bestCheckpointMetric = KeepBest.load(modelDir: dir)?.checkpointMetric
        let est = try Estimator.rebuild(modelDir: dir, config: config)
        if let line = differenceNote(modelDir: dir) { note(line) }
        return est
    }

    /// Whether a `--set estimator.…` asks for a model of its own (then a model_dir holding another is a clash).
    public var setsTheModel: Bool { overrides.contains { $0.hasPrefix("estimator.") } }

    /// The estimator that trains `dir`: the model its `estimator.json` records (with a note when it differs from the
    /// workspace), unless a `--set estimator.…` asks for another model; then, and for a model_dir with no
    /// `estimator.json`, the workspace's model (training it where another model lives is a clash naming a free run).
    public func trainingEstimator(modelDir dir: String, statistics: () throws -> [ColumnStatistics],
                                  note: (String) -> Void) throws -> Estimator {
        if !setsTheModel && FileManager.default.fileExists(atPath: dir + "/estimator.json") {
            return try modelDirEstimator(dir, statistics: statistics, note: note)
        }
        return try makeEstimator(modelDirOverride: dir, statistics: try statistics())
    }

    /// The `--set` options to repeat in a suggested command (all but `run.model_dir`), each quoted for a shell.
    public var repeatedOverrides: String {
        overrides.filter { !$0.hasPrefix("run.model_dir=") }.map { " --set '\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }.joined()
    }
}
