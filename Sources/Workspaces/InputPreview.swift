import Datasets
import FeatureColumns
import Foundation

/// "What the model sees": the first batches of the training input after shuffling, batching and the feature
/// columns, beside the raw rows they came from (the workbench's Input screen shows it before a run).
///
/// It runs the same pipeline training runs (``Workspace/trainRows()``, the same shuffle seed, the workspace's feature
/// columns built by ``Workspace/featureColumns(statistics:forDNN:)``), with batches capped at ``maxBatchSize`` rows.
public struct InputPreview: Equatable, Sendable {
    /// The raw columns, in file order.
    public var rawNames: [String]
    public var batches: [Batch]

    /// One batch: its raw rows and each feature column's output per row.
    public struct Batch: Equatable, Sendable {
        /// `raw[row][column]` as text ("" for a missing cell).
        public var raw: [[String]]
        public var columns: [Output]
    }

    /// A feature column's output for the rows of a batch.
    public struct Output: Equatable, Sendable {
        /// TF's name of the column (`island_indicator`, `body_mass_g`).
        public var name: String
        /// What the cells show: `numeric`, `one-hot`, `ids`, `bucket`.
        public var kind: String
        /// One cell per row: a normalised value, `id 2 [0 0 1]`, `ids 17`, `bucket 1 [0 1 0 0]`; `oov` for an id of -1.
        public var cells: [String]
        /// The numbers behind the cells: the dense values (numeric, one-hot), else the ids.
        public var values: [[Double]]
    }

    /// Rows per preview batch at most.
    public static let maxBatchSize = 8

    /// The first `batches` batches of the workspace's training input.
    public static func compute(workspace ws: Workspace, statistics: [ColumnStatistics], batches: Int = 3) throws -> InputPreview {
        let columns = try ws.featureColumns(statistics: statistics)
        let size = Swift.min(ws.batchSize, maxBatchSize)
        let data = try ws.trainRows().shuffle(buffer: ws.shuffleBuffer, seed: ws.run.randomSeed).batch(size).take(batches)
        let it = try data.makeIterator()
        var out = InputPreview(rawNames: data.names, batches: [])
        while let t = try it.next() {
            let raw = (0..<t.rowCount).map { r in t.columns.map { $0.string(r) ?? "" } }
            let features = Features(t)
            out.batches.append(Batch(raw: raw, columns: try columns.map { try output($0, features) }))
        }
        return out
    }

    /// One column's output on a batch.
    static func output(_ column: any FeatureColumn, _ f: Features) throws -> Output {
        let n = f.batchSize
        switch column {
        case let b as BucketizedColumn:
            let ids = perRow(try b.ids(f))
            let dense = rows(try b.dense(f), n)
            return Output(name: b.name, kind: "bucket", cells: (0..<n).map { "bucket \(idText(ids[$0])) \(hot(dense[$0]))" },
                          values: ids.map { $0.map(Double.init) })
        case let i as IndicatorColumn:
            let ids = perRow(try i.categorical.ids(f))
            let dense = rows(try i.dense(f), n)
            return Output(name: i.name, kind: "one-hot", cells: (0..<n).map { "id \(idText(ids[$0])) \(hot(dense[$0]))" }, values: dense)
        case let d as any DenseColumn:
            let dense = rows(try d.dense(f), n)
            return Output(name: d.name, kind: "numeric", cells: dense.map { $0.map { String(format: "%.3f", $0) }.joined(separator: " ") },
                          values: dense)
        case let e as EmbeddingColumn:
            let ids = perRow(try e.categorical.ids(f))
            return Output(name: e.name, kind: "ids", cells: ids.map { "ids \(idText($0))" }, values: ids.map { $0.map(Double.init) })
        case let c as any CategoricalColumn:
            let ids = perRow(try c.ids(f))
            return Output(name: c.name, kind: "ids", cells: ids.map { "id \(idText($0))" }, values: ids.map { $0.map(Double.init) })
        default:
            return Output(name: column.name, kind: "?", cells: Array(repeating: "?", count: n), values: Array(repeating: [], count: n))
        }
    }

    /// The ids of each example.
    static func perRow(_ s: SparseIDs) -> [[Int64]] {
        var out = [[Int64]](repeating: [], count: s.batchSize)
        for (r, id) in zip(s.rows, s.ids) { out[Int(r)].append(id) }
        return out
    }

    static func rows(_ flat: [Float], _ n: Int) -> [[Double]] {
        let w = n == 0 ? 0 : flat.count / n
        return (0..<n).map { r in flat[r * w..<(r + 1) * w].map(Double.init) }
    }

    static func idText(_ ids: [Int64]) -> String {
        ids.isEmpty ? "–" : ids.map { $0 < 0 ? "oov" : "\($0)" }.joined(separator: ",")
    }

    /// A one-hot row as `[0 1 0]` (wide rows as `[1@17/100]`).
    static func hot(_ v: [Double]) -> String {
        if v.count <= 8 { return "[" + v.map { $0 == 0 ? "0" : $0 == 1 ? "1" : String(format: "%g", $0) }.joined(separator: " ") + "]" }
        let on = v.indices.filter { v[$0] != 0 }
        return "[" + (on.isEmpty ? "none" : on.map { "1@\($0)" }.joined(separator: ",")) + "/\(v.count)]"
    }
}

extension Preflight.Input {
    /// The checks' input for a workspace: its label, task, and the raw columns its feature columns read.
    ///
    /// Throws the workspace's error when its feature columns cannot be built (an unknown type, a missing column).
    public init(workspace ws: Workspace, train: [ColumnStatistics], eval: [ColumnStatistics]? = nil, sample: Table? = nil) throws {
        let columns = try ws.featureColumns(statistics: train)
        var keys: [String] = [], numeric: Set<String> = []
        for c in columns {
            for k in c.keys where !keys.contains(k) { keys.append(k) }
            if let n = c as? NumericColumn { numeric.insert(n.key) }
            if let b = c as? BucketizedColumn { numeric.insert(b.source.key) }
        }
        self.init(label: ws.label, isClassifier: ws.estimator.estimatorKind.isClassifier, features: keys, numeric: numeric,
                  train: train, eval: eval, sample: sample)
    }
}
