import NN

/// `estimator.json`'s form of a feature column: an object whose `type` is TF's function name
/// (`numeric_column`, `bucketized_column`, `categorical_column_with_vocabulary_list`, …) and
/// whose other keys are that function's arguments in snake_case.
extension FeatureColumnSpec: Codable {
    enum Keys: String, CodingKey {
        case type, key, shape, defaultValue = "default_value", normalizer, source, boundaries, vocabularyList = "vocabulary_list"
        case numOOVBuckets = "num_oov_buckets", numBuckets = "num_buckets", hashBucketSize = "hash_bucket_size", keys
        case categoricalColumn = "categorical_column", weightFeatureKey = "weight_feature_key", dimension, combiner, initializer, name
        case mean, std, min, max, value, stddev, columnType = "column_type"
    }

    /// The `type` names, in `estimator.json`.
    public static let typeNames = ["numeric_column", "bucketized_column", "categorical_column_with_vocabulary_list",
        "categorical_column_with_identity",
                                   "categorical_column_with_hash_bucket", "crossed_column", "weighted_categorical_column", "indicator_column",
                                   "embedding_column", "unsupported_column"]

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case let .numeric(key, shape, defaultValue, normalizer):
            try c.encode("numeric_column", forKey: .type)
            try c.encode(key, forKey: .key)
            try c.encode(shape, forKey: .shape)
            try c.encodeIfPresent(defaultValue, forKey: .defaultValue)
            var n = c.nestedContainer(keyedBy: Keys.self, forKey: .normalizer)
            switch normalizer {
            case .none: try n.encode("none", forKey: .type)
            case let .zScore(mean, std): try n.encode("z_score", forKey: .type); try n.encode(mean, forKey: .mean); try n.encode(std, forKey: .std)
            case let .minMax(lo, hi): try n.encode("min_max", forKey: .type); try n.encode(lo, forKey: .min); try n.encode(hi, forKey: .max)
            }
        case let .bucketized(source, boundaries):
            try c.encode("bucketized_column", forKey: .type)
            try c.encode(source, forKey: .source)
            try c.encode(boundaries, forKey: .boundaries)
        case let .vocabulary(key, vocabulary, defaultValue, numOOVBuckets):
            try c.encode("categorical_column_with_vocabulary_list", forKey: .type)
            try c.encode(key, forKey: .key)
            try c.encode(vocabulary, forKey: .vocabularyList)
            try c.encode(defaultValue, forKey: .defaultValue)
            try c.encode(numOOVBuckets, forKey: .numOOVBuckets)
        case let .identity(key, numBuckets, defaultValue):
            try c.encode("categorical_column_with_identity", forKey: .type)
            try c.encode(key, forKey: .key)
            try c.encode(numBuckets, forKey: .numBuckets)
            try c.encodeIfPresent(defaultValue, forKey: .defaultValue)
        case let .hashBucket(key, size):
            try c.encode("categorical_column_with_hash_bucket", forKey: .type)
            try c.encode(key, forKey: .key)
            try c.encode(size, forKey: .hashBucketSize)
        case let .crossed(keys, size):
            try c.encode("crossed_column", forKey: .type)
            var k = c.nestedUnkeyedContainer(forKey: .keys)
            for key in keys {
                switch key {
                case let .raw(s): try k.encode(s)
                case let .column(spec): try k.encode(spec)
                }
            }
            try c.encode(size, forKey: .hashBucketSize)
        case let .weighted(categorical, weightKey):
            try c.encode("weighted_categorical_column", forKey: .type)
            try c.encode(categorical, forKey: .categoricalColumn)
            try c.encode(weightKey, forKey: .weightFeatureKey)
        case let .indicator(categorical):
            try c.encode("indicator_column", forKey: .type)
            try c.encode(categorical, forKey: .categoricalColumn)
        case let .embedding(categorical, dimension, combiner, initializer):
            try c.encode("embedding_column", forKey: .type)
            try c.encode(categorical, forKey: .categoricalColumn)
            try c.encode(dimension, forKey: .dimension)
            try c.encode(combiner, forKey: .combiner)
            if let initializer { try Self.encode(initializer, into: c.nestedContainer(keyedBy: Keys.self, forKey: .initializer)) }
        case let .unsupported(name, type):
            try c.encode("unsupported_column", forKey: .type)
            try c.encode(name, forKey: .name)
            try c.encode(type, forKey: .columnType)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "numeric_column":
            var normalizer = Normalizer.none
            if c.contains(.normalizer) {
                let n = try c.nestedContainer(keyedBy: Keys.self, forKey: .normalizer)
                switch try n.decode(String.self, forKey: .type) {
                case "none": normalizer = .none
                case "z_score": normalizer = .zScore(mean: try n.decode(Double.self, forKey: .mean), std: try n.decode(Double.self, forKey: .std))
                case "min_max": normalizer = .minMax(min: try n.decode(Double.self, forKey: .min), max: try n.decode(Double.self, forKey: .max))
                case let other:
                    throw DecodingError.dataCorruptedError(forKey: .type, in: n,
                        debugDescription: "unknown normalizer '\(other)' (none, z_score or min_max)")
                }
            }
            self = .numeric(key: try c.decode(String.self, forKey: .key), shape: try c.decodeIfPresent([Int].self, forKey: .shape) ?? [1],
                            defaultValue: try c.decodeIfPresent(Double.self, forKey: .defaultValue), normalizer: normalizer)
        case "bucketized_column":
            self = .bucketized(source: try c.decode(FeatureColumnSpec.self, forKey: .source), boundaries: try c.decode([Double].self,
                forKey: .boundaries))
        case "categorical_column_with_vocabulary_list":
            self = .vocabulary(key: try c.decode(String.self, forKey: .key), vocabulary: try c.decode([String].self, forKey: .vocabularyList),
                               defaultValue: try c.decodeIfPresent(Int.self, forKey: .defaultValue) ?? -1,
                               numOOVBuckets: try c.decodeIfPresent(Int.self, forKey: .numOOVBuckets) ?? 0)
        case "categorical_column_with_identity":
            self = .identity(key: try c.decode(String.self, forKey: .key), numBuckets: try c.decode(Int.self, forKey: .numBuckets),
                             defaultValue: try c.decodeIfPresent(Int.self, forKey: .defaultValue))
        case "categorical_column_with_hash_bucket":
            self = .hashBucket(key: try c.decode(String.self, forKey: .key), hashBucketSize: try c.decode(Int.self, forKey: .hashBucketSize))
        case "crossed_column":
            var k = try c.nestedUnkeyedContainer(forKey: .keys)
            var keys: [CrossKeySpec] = []
            while !k.isAtEnd {
                if let s = try? k.decode(String.self) { keys.append(.raw(s)) } else { keys.append(.column(try k.decode(FeatureColumnSpec.self))) }
            }
            self = .crossed(keys: keys, hashBucketSize: try c.decode(Int.self, forKey: .hashBucketSize))
        case "weighted_categorical_column":
            self = .weighted(categorical: try c.decode(FeatureColumnSpec.self, forKey: .categoricalColumn),
                             weightKey: try c.decode(String.self, forKey: .weightFeatureKey))
        case "indicator_column": self = .indicator(categorical: try c.decode(FeatureColumnSpec.self, forKey: .categoricalColumn))
        case "embedding_column":
            let initializer = c.contains(.initializer) ? try Self.initializer(try c.nestedContainer(keyedBy: Keys.self, forKey: .initializer)) : nil
            self = .embedding(categorical: try c.decode(FeatureColumnSpec.self, forKey: .categoricalColumn), dimension: try c.decode(Int.self,
                forKey: .dimension),
                              combiner: try c.decodeIfPresent(Combiner.self, forKey: .combiner) ?? .mean, initializer: initializer)
        case "unsupported_column":
            self = .unsupported(name: try c.decode(String.self, forKey: .name), type: try c.decodeIfPresent(String.self,
                forKey: .columnType) ?? "custom column")
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c,
                                                   debugDescription: "unknown feature column type '\(type)'"
                                                       + " (types: \(Self.typeNames.joined(separator: ", ")))")
        }
    }

    static func encode(_ i: Initializer, into container: KeyedEncodingContainer<Keys>) throws {
        var n = container
        switch i {
        case .zeros: try n.encode("zeros", forKey: .type)
        case .ones: try n.encode("ones", forKey: .type)
        case let .constant(v): try n.encode("constant", forKey: .type); try n.encode(v, forKey: .value)
        case .glorotUniform: try n.encode("glorot_uniform", forKey: .type)
        case .glorotNormal: try n.encode("glorot_normal", forKey: .type)
        case .heUniform: try n.encode("he_uniform", forKey: .type)
        case let .randomUniform(lo, hi): try n.encode("random_uniform", forKey: .type); try n.encode(lo, forKey: .min); try n.encode(hi, forKey: .max)
        case let .randomNormal(m, s): try n.encode("random_normal", forKey: .type); try n.encode(m, forKey: .mean); try n.encode(s, forKey: .stddev)
        case let .truncatedNormal(m, s): try n.encode("truncated_normal", forKey: .type); try n.encode(m, forKey: .mean); try n.encode(s,
            forKey: .stddev)
        }
    }

    static func initializer(_ n: KeyedDecodingContainer<Keys>) throws -> Initializer {
        switch try n.decode(String.self, forKey: .type) {
        case "zeros": return .zeros
        case "ones": return .ones
        case "constant": return .constant(try n.decode(Double.self, forKey: .value))
        case "glorot_uniform": return .glorotUniform
        case "glorot_normal": return .glorotNormal
        case "he_uniform": return .heUniform
        case "random_uniform": return .randomUniform(min: try n.decode(Double.self, forKey: .min), max: try n.decode(Double.self, forKey: .max))
        case "random_normal": return .randomNormal(mean: try n.decode(Double.self, forKey: .mean), stddev: try n.decode(Double.self, forKey: .stddev))
        case "truncated_normal": return .truncatedNormal(mean: try n.decode(Double.self, forKey: .mean), stddev: try n.decode(Double.self,
            forKey: .stddev))
        case let other: throw DecodingError.dataCorruptedError(forKey: .type, in: n, debugDescription: "unknown initializer '\(other)'")
        }
    }
}
