import Datasets
import NN

/// A feature column as data: what `estimator.json` stores to rebuild the column exactly.
///
/// Every case carries what its column needs (vocabularies, boundaries, normalizer statistics,
/// defaults, hash sizes, embedding dimension, combiner and initializer), so a model_dir is
/// self-contained: a vocabulary file's contents are stored, not its path. ``init(_:)`` describes
/// a column; ``make()`` builds it again, throwing (never trapping) on values the column
/// functions would reject. A column type this enum does not know is ``unsupported(name:type:)``:
/// it can be described but not rebuilt.
public indirect enum FeatureColumnSpec: Sendable, Equatable {
    /// ``numericColumn(_:shape:defaultValue:normalizer:)``.
    case numeric(key: String, shape: [Int], defaultValue: Double?, normalizer: Normalizer)
    /// ``bucketizedColumn(_:boundaries:)`` of a `.numeric` source.
    case bucketized(source: FeatureColumnSpec, boundaries: [Double])
    /// ``categoricalColumnWithVocabularyList(_:vocabulary:defaultValue:numOOVBuckets:)`` (a vocabulary file's lines too).
    case vocabulary(key: String, vocabulary: [String], defaultValue: Int, numOOVBuckets: Int)
    /// ``categoricalColumnWithIdentity(_:numBuckets:defaultValue:)``.
    case identity(key: String, numBuckets: Int, defaultValue: Int?)
    /// ``categoricalColumnWithHashBucket(_:hashBucketSize:)``.
    case hashBucket(key: String, hashBucketSize: Int)
    /// ``crossedColumn(_:hashBucketSize:)``: each key a raw feature or a categorical column.
    case crossed(keys: [CrossKeySpec], hashBucketSize: Int)
    /// ``weightedCategoricalColumn(_:weightKey:)``.
    case weighted(categorical: FeatureColumnSpec, weightKey: String)
    /// ``indicatorColumn(_:)``.
    case indicator(categorical: FeatureColumnSpec)
    /// ``embeddingColumn(_:dimension:combiner:initializer:)``.
    case embedding(categorical: FeatureColumnSpec, dimension: Int, combiner: Combiner, initializer: Initializer?)
    /// A column of a type defined outside est: described by name only, it cannot be rebuilt.
    case unsupported(name: String, type: String)

    /// One input of a crossed column.
    public enum CrossKeySpec: Sendable, Equatable {
        case raw(String)
        case column(FeatureColumnSpec)
    }

    /// The description of `column`.
    public init(_ column: any FeatureColumn) {
        switch column {
        case let c as NumericColumn: self = .numeric(key: c.key, shape: c.shape, defaultValue: c.defaultValue, normalizer: c.normalizer)
        case let c as BucketizedColumn: self = .bucketized(source: FeatureColumnSpec(c.source), boundaries: c.boundaries)
        case let c as VocabularyColumn:
            self = .vocabulary(key: c.key, vocabulary: c.vocabulary, defaultValue: c.defaultValue, numOOVBuckets: c.numOOVBuckets)
        case let c as IdentityColumn: self = .identity(key: c.key, numBuckets: c.numBuckets, defaultValue: c.defaultValue)
        case let c as HashBucketColumn: self = .hashBucket(key: c.key, hashBucketSize: c.hashBucketSize)
        case let c as CrossedColumn:
            self = .crossed(keys: c.crossKeys.map { k in
                switch k {
                case let .raw(s): .raw(s)
                case let .column(col): .column(FeatureColumnSpec(col))
                }
            }, hashBucketSize: c.hashBucketSize)
        case let c as WeightedCategoricalColumn: self = .weighted(categorical: FeatureColumnSpec(c.categorical), weightKey: c.weightKey)
        case let c as IndicatorColumn: self = .indicator(categorical: FeatureColumnSpec(c.categorical))
        case let c as EmbeddingColumn:
            self = .embedding(categorical: FeatureColumnSpec(c.categorical), dimension: c.dimension, combiner: c.combiner, initializer: c.initializer)
        default: self = .unsupported(name: column.name, type: String(describing: Swift.type(of: column)))
        }
    }

    /// The column's name (TF's: `age_bucketized`, `color_indicator`, `a_X_b`).
    public var name: String {
        switch self {
        case let .numeric(key, _, _, _), let .vocabulary(key, _, _, _), let .identity(key, _, _), let .hashBucket(key, _): key
        case let .bucketized(source, _): source.name + "_bucketized"
        case let .crossed(keys, _):
            keys.map { k in
                switch k {
                case let .raw(s): s
                case let .column(c): c.name
                }
            }.joined(separator: "_X_")
        case let .weighted(c, w): "\(c.name)_weighted_by_\(w)"
        case let .indicator(c): c.name + "_indicator"
        case let .embedding(c, _, _, _): c.name + "_embedding"
        case let .unsupported(name, _): name
        }
    }

    /// The column again; values its column function would reject throw a ``DataError`` naming the column.
    public func make() throws(DataError) -> any FeatureColumn {
        func fail(_ problem: String, _ hint: String) -> DataError { DataError(file: "<feature columns>", problem: "column '\(name)': \(problem)",
            hint: hint) }
        switch self {
        case let .numeric(key, shape, defaultValue, normalizer):
            guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else { throw fail("shape must be positive, got \(shape)", "for example shape [1]") }
            return numericColumn(key, shape: shape, defaultValue: defaultValue, normalizer: normalizer)
        case let .bucketized(source, boundaries):
            guard let numeric = try source.make() as? NumericColumn else { throw fail("the source must be a numeric column",
                "bucketize a numeric column") }
            guard !boundaries.isEmpty, !boundaries.contains(where: \.isNaN), zip(boundaries, boundaries.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw fail("boundaries must be non-empty and strictly increasing, got \(boundaries)", "for example boundaries [18, 30, 50]")
            }
            return bucketizedColumn(numeric, boundaries: boundaries)
        case let .vocabulary(key, vocabulary, defaultValue, numOOVBuckets):
            guard !vocabulary.isEmpty else { throw fail("the vocabulary is empty", "give at least one value") }
            guard numOOVBuckets >= 0 else { throw fail("num_oov_buckets must be ≥ 0, got \(numOOVBuckets)",
                "use 0 for no out-of-vocabulary buckets") }
            guard numOOVBuckets == 0 || defaultValue == -1 else {
                throw fail("give default_value or num_oov_buckets, not both", "TF's rule: remove one of them")
            }
            return categoricalColumnWithVocabularyList(key, vocabulary: vocabulary, defaultValue: defaultValue, numOOVBuckets: numOOVBuckets)
        case let .identity(key, numBuckets, defaultValue):
            guard numBuckets > 0 else { throw fail("num_buckets must be positive, got \(numBuckets)", "for example num_buckets 10") }
            if let d = defaultValue, !(0..<numBuckets).contains(d) {
                throw fail("default_value \(d) is outside 0..<\(numBuckets)", "give a default_value below num_buckets")
            }
            return categoricalColumnWithIdentity(key, numBuckets: numBuckets, defaultValue: defaultValue)
        case let .hashBucket(key, size):
            guard size > 1 else { throw fail("hash_bucket_size must be > 1, got \(size)", "for example hash_bucket_size 1000") }
            return categoricalColumnWithHashBucket(key, hashBucketSize: size)
        case let .crossed(keys, size):
            guard keys.count >= 2 else { throw fail("a cross needs at least 2 keys, got \(keys.count)", "give two keys or more") }
            guard size > 1 else { throw fail("hash_bucket_size must be > 1, got \(size)", "for example hash_bucket_size 1000") }
            let made = try keys.map { k throws(DataError) -> CrossKey in
                switch k {
                case let .raw(s): return .raw(s)
                case let .column(c): return .column(try Self.categorical(c, in: self))
                }
            }
            return crossedColumn(made, hashBucketSize: size)
        case let .weighted(c, weightKey): return weightedCategoricalColumn(try Self.categorical(c, in: self), weightKey: weightKey)
        case let .indicator(c): return indicatorColumn(try Self.categorical(c, in: self))
        case let .embedding(c, dimension, combiner, initializer):
            guard dimension > 0 else { throw fail("the embedding dimension must be positive, got \(dimension)", "for example dimension 8") }
            return embeddingColumn(try Self.categorical(c, in: self), dimension: dimension, combiner: combiner, initializer: initializer)
        case let .unsupported(name, type):
            throw DataError(file: "<feature columns>", problem: "column '\(name)' is a \(type), which est cannot rebuild from its description",
                            hint: "build the estimator in code with the same feature columns instead of from estimator.json")
        }
    }

    /// `spec` built as a categorical column (the input of `outer`).
    static func categorical(_ spec: FeatureColumnSpec, in outer: FeatureColumnSpec) throws(DataError) -> any CategoricalColumn {
        guard let c = try spec.make() as? any CategoricalColumn else {
            throw DataError(file: "<feature columns>", problem: "column '\(outer.name)': '\(spec.name)' is not a categorical column",
                            hint: "wrap a vocabulary, identity, hash-bucket, crossed or bucketized column")
        }
        return c
    }
}
