import Datasets

/// A batch of raw feature values by name, as feature columns consume it.
///
/// A feature has `width` values per example, stored row-major in one ``Column``
/// (a CSV column has width 1; TF's multivalent `[N, k]` inputs have width k).
public struct Features: Sendable {
    public var columns: [String: Column]
    public var widths: [String: Int]
    /// The number of examples.
    public var batchSize: Int

    public init(batchSize: Int, columns: [String: (Column, width: Int)]) {
        self.batchSize = batchSize
        self.columns = columns.mapValues(\.0)
        self.widths = columns.mapValues(\.width)
        for (name, (c, w)) in columns {
            precondition(c.count == batchSize * w, "Features: '\(name)' has \(c.count) values, expected \(batchSize)×\(w)")
        }
    }

    /// Every column of a table, one value per example.
    public init(_ table: Table) {
        batchSize = table.rowCount
        columns = Dictionary(uniqueKeysWithValues: zip(table.names, table.columns))
        widths = columns.mapValues { _ in 1 }
    }

    /// The raw values of `key`, or an error naming the columns that exist.
    public func column(_ key: String, for user: String) throws(DataError) -> (Column, width: Int) {
        guard let c = columns[key] else {
            throw DataError(file: "<features>", problem: "feature column '\(user)' needs the feature '\(key)', which the input does not have",
                            hint: "the input has: \(columns.keys.sorted().joined(separator: ", "))")
        }
        return (c, widths[key] ?? 1)
    }
}

/// Sparse ids of a categorical column: example `rows[i]` has id `ids[i]` (with `weights[i]`).
///
/// An id of -1 is an out-of-vocabulary value without OOV buckets: indicators ignore it and
/// embeddings prune it, as TF does. Missing values have no entry at all.
public struct SparseIDs: Sendable, Equatable {
    public var rows: [Int64]
    public var ids: [Int64]
    public var weights: [Float]?
    public var batchSize: Int
    /// Valid ids are `0..<numBuckets`.
    public var numBuckets: Int

    public init(rows: [Int64], ids: [Int64], weights: [Float]? = nil, batchSize: Int, numBuckets: Int) {
        (self.rows, self.ids, self.weights, self.batchSize, self.numBuckets) = (rows, ids, weights, batchSize, numBuckets)
    }
}

extension SparseIDs {
    /// Only the ids inside `0..<numBuckets` (out-of-vocabulary -1 and TF's unchecked identity ids
    /// are pruned, as embedding lookups do).
    public func pruned() -> SparseIDs {
        let limit = Int64(numBuckets)
        if ids.allSatisfy({ $0 >= 0 && $0 < limit }) { return self }
        var rows: [Int64] = [], ids: [Int64] = [], kept: [Float] = []
        for k in self.ids.indices where self.ids[k] >= 0 && self.ids[k] < Int64(numBuckets) {
            rows.append(self.rows[k])
            ids.append(self.ids[k])
            kept.append(weights?[k] ?? 1)
        }
        return SparseIDs(rows: rows, ids: ids, weights: weights == nil ? nil : kept, batchSize: batchSize, numBuckets: numBuckets)
    }
}

/// A feature column: a named way of turning raw features into what a model consumes.
public protocol FeatureColumn: Sendable {
    /// TF's name for the column (`age`, `age_bucketized`, `color_indicator`, `a_X_b`).
    var name: String { get }
    /// The raw features the column reads.
    var keys: [String] { get }
}

/// A column that gives a dense `[batch, width]` block.
public protocol DenseColumn: FeatureColumn {
    var width: Int { get }
    /// Writes `width` floats per example into `out` (row stride `stride`, starting at `offset`).
    func write(_ features: Features, into out: inout [Float], stride: Int, offset: Int) throws(DataError)
}

/// A column that gives sparse ids (with weights) in `0..<numBuckets`.
public protocol CategoricalColumn: FeatureColumn {
    var numBuckets: Int { get }
    func ids(_ features: Features) throws(DataError) -> SparseIDs
}

extension DenseColumn {
    /// The column's block alone, `[batch, width]` row-major.
    public func dense(_ features: Features) throws(DataError) -> [Float] {
        var out = [Float](repeating: 0, count: features.batchSize * width)
        try write(features, into: &out, stride: width, offset: 0)
        return out
    }
}

/// Text for a raw cell, as TF feeds it to vocabulary and hash lookups; `nil` when missing
/// (`treatEmptyAsMissing`: `''` strings and `-1` ints are missing, as TF's sparse conversion).
@inline(__always)
func cellText(_ c: Column, _ i: Int, treatEmptyAsMissing: Bool = true) -> String? {
    if case let .string(codes, dict) = c.values {
        let k = codes[i]
        if k < 0 { return treatEmptyAsMissing ? nil : "" }
        let s = dict[Int(k)]
        return treatEmptyAsMissing && s.isEmpty ? nil : s
    }
    if c.isMissing(i) { return treatEmptyAsMissing ? nil : "" }
    if case let .int(v) = c.values, treatEmptyAsMissing, v[i] == -1 { return nil }
    return c.string(i)
}
