import Datasets
import Foundation

/// Values mapped to ids by a vocabulary: TF's `categorical_column_with_vocabulary_list/file`.
///
/// A value at position `i` of the vocabulary has id `i`. Any other value gets
/// `vocabulary.count + Fingerprint64(value) % numOOVBuckets` when there are OOV buckets, else
/// `defaultValue` (-1: the value contributes nothing). Empty cells are missing.
public struct VocabularyColumn: CategoricalColumn, Equatable {
    public let key: String
    public let vocabulary: [String]
    public let defaultValue: Int
    public let numOOVBuckets: Int
    private let index: [String: Int]

    init(key: String, vocabulary: [String], defaultValue: Int, numOOVBuckets: Int) {
        self.key = key
        self.vocabulary = vocabulary
        self.defaultValue = defaultValue
        self.numOOVBuckets = numOOVBuckets
        var idx: [String: Int] = [:]
        for (i, v) in vocabulary.enumerated() where idx[v] == nil { idx[v] = i }
        index = idx
    }

    public var name: String { key }
    public var keys: [String] { [key] }
    public var numBuckets: Int { vocabulary.count + numOOVBuckets }

    /// The id of one value.
    public func id(_ value: String) -> Int64 {
        if let i = index[value] { return Int64(i) }
        if numOOVBuckets > 0 { return Int64(vocabulary.count) + Int64(FarmHash.fingerprint64(value) % UInt64(numOOVBuckets)) }
        return Int64(defaultValue)
    }

    public func ids(_ features: Features) throws(DataError) -> SparseIDs {
        try textIDs(features, key: key, name: name, numBuckets: numBuckets, id)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.key == b.key && a.vocabulary == b.vocabulary && a.defaultValue == b.defaultValue && a.numOOVBuckets == b.numOOVBuckets
    }
}

/// Ids of a feature read as text, one per non-missing cell; `id` runs once per distinct string
/// of a dictionary-encoded column (empty strings are missing, as in TF).
func textIDs(_ features: Features, key: String, name: String, numBuckets: Int, _ id: (String) -> Int64) throws(DataError) -> SparseIDs {
    let (c, w) = try features.column(key, for: name)
    var rows: [Int64] = [], ids: [Int64] = []
    rows.reserveCapacity(c.count)
    ids.reserveCapacity(c.count)
    if case let .string(codes, dict) = c.values {
        let mapped = dict.map { $0.isEmpty ? nil : id($0) }
        for i in 0..<c.count {
            let k = codes[i]
            guard k >= 0, let v = mapped[Int(k)] else { continue }
            rows.append(Int64(i / w))
            ids.append(v)
        }
    } else {
        for i in 0..<c.count {
            guard let s = cellText(c, i) else { continue }
            rows.append(Int64(i / w))
            ids.append(id(s))
        }
    }
    return SparseIDs(rows: rows, ids: ids, batchSize: features.batchSize, numBuckets: numBuckets)
}

/// TF's `categorical_column_with_vocabulary_list(key, vocabulary_list, default_value=-1, num_oov_buckets=0)`.
public func categoricalColumnWithVocabularyList(_ key: String, vocabulary: [String], defaultValue: Int = -1,
    numOOVBuckets: Int = 0) -> VocabularyColumn {
    precondition(!vocabulary.isEmpty, "categoricalColumnWithVocabularyList '\(key)': the vocabulary is empty")
    precondition(numOOVBuckets >= 0, "categoricalColumnWithVocabularyList '\(key)': numOOVBuckets must be ≥ 0, got \(numOOVBuckets)")
    precondition(numOOVBuckets == 0 || defaultValue == -1,
        "categoricalColumnWithVocabularyList '\(key)': give defaultValue or numOOVBuckets, not both")
    return VocabularyColumn(key: key, vocabulary: vocabulary, defaultValue: defaultValue, numOOVBuckets: numOOVBuckets)
}

/// TF's `categorical_column_with_vocabulary_file`: one vocabulary entry per line of `path`.
public func categoricalColumnWithVocabularyFile(_ key: String, path: String, vocabularySize: Int? = nil, defaultValue: Int = -1,
                                                numOOVBuckets: Int = 0) throws(DataError) -> VocabularyColumn {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw DataError(file: path, problem: "cannot read the vocabulary file", hint: "check the path; it needs one value per line")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw DataError(file: path, problem: "the vocabulary file is not UTF-8", hint: "convert it to UTF-8")
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
    if lines.last == "" { lines.removeLast() }
    if let n = vocabularySize {
        guard n <= lines.count else {
            throw DataError(file: path, problem: "vocabularySize \(n) is larger than the file's \(lines.count) lines",
                hint: "leave vocabularySize out to use every line")
        }
        lines = Array(lines.prefix(n))
    }
    guard !lines.isEmpty else { throw DataError(file: path, line: 1, problem: "the vocabulary file is empty", hint: "write one value per line") }
    return categoricalColumnWithVocabularyList(key, vocabulary: lines, defaultValue: defaultValue, numOOVBuckets: numOOVBuckets)
}

/// Integer values used as ids directly: TF's `categorical_column_with_identity`.
///
/// A value outside `0..<numBuckets` becomes `defaultValue` when one is given; without one it
/// passes through unchanged (TF 2.15 does no range check; indicators then ignore it).
public struct IdentityColumn: CategoricalColumn, Equatable {
    public let key: String
    public let numBuckets: Int
    public let defaultValue: Int?

    public var name: String { key }
    public var keys: [String] { [key] }

    public func ids(_ features: Features) throws(DataError) -> SparseIDs {
        let (c, w) = try features.column(key, for: name)
        guard case let .int(v) = c.values else {
            throw DataError(file: "<features>", problem: "identity column '\(key)' needs integer values, the feature is \(c.type)",
                            hint: "use categoricalColumnWithVocabularyList for text")
        }
        var rows: [Int64] = [], ids: [Int64] = []
        for i in 0..<c.count where !c.isMissing(i) && v[i] != -1 {
            var id = v[i]
            if let d = defaultValue, id < 0 || id >= Int64(numBuckets) { id = Int64(d) }
            rows.append(Int64(i / w))
            ids.append(id)
        }
        return SparseIDs(rows: rows, ids: ids, batchSize: features.batchSize, numBuckets: numBuckets)
    }
}

/// TF's `categorical_column_with_identity(key, num_buckets, default_value=None)`.
public func categoricalColumnWithIdentity(_ key: String, numBuckets: Int, defaultValue: Int? = nil) -> IdentityColumn {
    precondition(numBuckets > 0, "categoricalColumnWithIdentity '\(key)': numBuckets must be positive, got \(numBuckets)")
    if let d = defaultValue {
        precondition(d >= 0 && d < numBuckets, "categoricalColumnWithIdentity '\(key)': defaultValue \(d) is outside 0..<\(numBuckets)")
    }
    return IdentityColumn(key: key, numBuckets: numBuckets, defaultValue: defaultValue)
}

/// Values hashed into buckets: TF's `categorical_column_with_hash_bucket`, with TF's hash
/// (`Fingerprint64(utf8) % size`; integers hash their decimal text).
public struct HashBucketColumn: CategoricalColumn, Equatable {
    public let key: String
    public let hashBucketSize: Int

    public var name: String { key }
    public var keys: [String] { [key] }
    public var numBuckets: Int { hashBucketSize }

    public func ids(_ features: Features) throws(DataError) -> SparseIDs {
        let size = UInt64(hashBucketSize)
        return try textIDs(features, key: key, name: name, numBuckets: numBuckets) { Int64(FarmHash.fingerprint64($0) % size) }
    }
}

/// TF's `categorical_column_with_hash_bucket(key, hash_bucket_size)`.
public func categoricalColumnWithHashBucket(_ key: String, hashBucketSize: Int) -> HashBucketColumn {
    precondition(hashBucketSize > 1, "categoricalColumnWithHashBucket '\(key)': hashBucketSize must be > 1, got \(hashBucketSize)")
    return HashBucketColumn(key: key, hashBucketSize: hashBucketSize)
}

/// One input of a crossed column: a raw feature (hashed as text) or a categorical column (its ids).
public enum CrossKey: Sendable {
    case raw(String)
    case column(any CategoricalColumn)

    var name: String {
        switch self {
        case let .raw(k): k
        case let .column(c): c.name
        }
    }
}

/// The cartesian product of its inputs' values, hashed: TF's `crossed_column`.
///
/// Per example, every combination of the keys' values (the last key varying fastest) is
/// hashed with TF's `SparseCrossHashed`: `h = 0xDECAFCAFFE`, then for each key
/// `h = FingerprintCat64(h, f)` where `f` is `Fingerprint64(text)` for a raw key or the id of
/// a categorical key; the id is `h % hashBucketSize`. Raw keys do not treat `''` as missing.
public struct CrossedColumn: CategoricalColumn {
    public let crossKeys: [CrossKey]
    public let hashBucketSize: Int

    public var name: String { crossKeys.map(\.name).joined(separator: "_X_") }
    public var keys: [String] {
        crossKeys.flatMap { k -> [String] in
            switch k {
            case let .raw(s): [s]
            case let .column(c): c.keys
            }
        }
    }
    public var numBuckets: Int { hashBucketSize }

    public func ids(_ features: Features) throws(DataError) -> SparseIDs {
        let n = features.batchSize
        // Per key: the 64-bit values to combine, example r's at flat[start[r]..<start[r + 1]].
        var starts: [[Int]] = [], flats: [[UInt64]] = []
        for k in crossKeys {
            var start = [Int](repeating: 0, count: n + 1)
            var flat: [UInt64] = []
            switch k {
            case let .raw(key):
                let (c, w) = try features.column(key, for: name)
                flat.reserveCapacity(c.count)
                if case let .string(codes, dict) = c.values, dict.count <= c.count {
                    // Hash each distinct string once; a missing cell is the empty string.
                    let hashed = dict.map { FarmHash.fingerprint64($0) }, empty = FarmHash.fingerprint64("")
                    for code in codes { flat.append(code < 0 ? empty : hashed[Int(code)]) }
                } else {
                    for i in 0..<c.count { flat.append(FarmHash.fingerprint64(cellText(c, i, treatEmptyAsMissing: false) ?? "")) }
                }
                for r in 0...n { start[r] = r * w }
            case let .column(col):
                let s = try col.ids(features)
                for r in s.rows { start[Int(r) + 1] += 1 }
                for r in 0..<n { start[r + 1] += start[r] }
                flat = [UInt64](repeating: 0, count: s.ids.count)
                var next = start
                for (r, id) in zip(s.rows, s.ids) {
                    flat[next[Int(r)]] = UInt64(bitPattern: id)
                    next[Int(r)] += 1
                }
            }
            starts.append(start)
            flats.append(flat)
        }
        var rows: [Int64] = [], ids: [Int64] = []
        rows.reserveCapacity(n)
        ids.reserveCapacity(n)
        let size = UInt64(hashBucketSize)
        var partial: [UInt64] = [], next: [UInt64] = []
        for r in 0..<n {
            partial.removeAll(keepingCapacity: true)
            partial.append(0xDE_CAFC_AFFE)
            for k in flats.indices {
                next.removeAll(keepingCapacity: true)
                let values = starts[k][r]..<starts[k][r + 1]
                for h in partial { for i in values { next.append(FarmHash.fingerprintCat64(h, flats[k][i])) } }
                swap(&partial, &next)
            }
            for h in partial {
                rows.append(Int64(r))
                ids.append(Int64(h % size))
            }
        }
        return SparseIDs(rows: rows, ids: ids, batchSize: n, numBuckets: numBuckets)
    }
}

/// TF's `crossed_column(keys, hash_bucket_size)`.
public func crossedColumn(_ keys: [CrossKey], hashBucketSize: Int) -> CrossedColumn {
    precondition(keys.count >= 2, "crossedColumn: needs at least 2 keys, got \(keys.count)")
    precondition(hashBucketSize > 1, "crossedColumn: hashBucketSize must be > 1, got \(hashBucketSize)")
    return CrossedColumn(crossKeys: keys, hashBucketSize: hashBucketSize)
}

/// A categorical column whose ids carry weights from a numeric feature: TF's `weighted_categorical_column`.
public struct WeightedCategoricalColumn: CategoricalColumn {
    public let categorical: any CategoricalColumn
    public let weightKey: String

    public var name: String { "\(categorical.name)_weighted_by_\(weightKey)" }
    public var keys: [String] { categorical.keys + [weightKey] }
    public var numBuckets: Int { categorical.numBuckets }

    public func ids(_ features: Features) throws(DataError) -> SparseIDs {
        guard let source = categorical.keys.first else { return try categorical.ids(features) }
        let (c, w) = try features.column(source, for: name)
        let (wc, ww) = try features.column(weightKey, for: name)
        guard ww == w else {
            throw DataError(file: "<features>", problem: "weights '\(weightKey)' have \(ww) values per example, ids '\(source)' have \(w)",
                            hint: "give one weight per categorical value")
        }
        // Recompute per cell so every id keeps its own weight.
        var rows: [Int64] = [], ids: [Int64] = [], weights: [Float] = []
        for i in 0..<c.count {
            let single = Features(batchSize: 1, columns: [source: (c.slice(i..<i + 1), 1)])
            let s = try categorical.ids(single)
            for id in s.ids {
                rows.append(Int64(i / w))
                ids.append(id)
                weights.append(Float(wc.double(i) ?? 0))
            }
        }
        return SparseIDs(rows: rows, ids: ids, weights: weights, batchSize: features.batchSize, numBuckets: numBuckets)
    }
}

/// TF's `weighted_categorical_column(categorical_column, weight_feature_key)`.
public func weightedCategoricalColumn(_ categorical: any CategoricalColumn, weightKey: String) -> WeightedCategoricalColumn {
    WeightedCategoricalColumn(categorical: categorical, weightKey: weightKey)
}

/// A categorical column as a dense multi-hot count (`['red','red']` → 2): TF's `indicator_column`.
public struct IndicatorColumn: DenseColumn {
    public let categorical: any CategoricalColumn
    public var name: String { categorical.name + "_indicator" }
    public var keys: [String] { categorical.keys }
    public var width: Int { categorical.numBuckets }

    public func write(_ features: Features, into out: inout [Float], stride: Int, offset: Int) throws(DataError) {
        let s = try categorical.ids(features)
        for (k, (r, id)) in zip(s.rows, s.ids).enumerated() where id >= 0 && id < Int64(width) {
            out[Int(r) * stride + offset + Int(id)] += s.weights?[k] ?? 1
        }
    }
}

/// TF's `indicator_column(categorical_column)`.
public func indicatorColumn(_ categorical: any CategoricalColumn) -> IndicatorColumn { IndicatorColumn(categorical: categorical) }
