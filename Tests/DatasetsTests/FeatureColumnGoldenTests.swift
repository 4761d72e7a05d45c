import Datasets
import FeatureColumns
import NN
import Tensors
import Testing
import TestSupport

/// Feature columns against `feature_columns.json` (TF 2.15), including TF's FarmHash ids.
@Suite struct FeatureColumnGoldenTests {
    static let golden = try! Golden.load("Fixtures/goldens/feature_columns.json", besides: #filePath)

    /// The golden's batch of 6 examples, with multivalent `[6, 2]` features.
    static let features: Features = {
        var columns: [String: (Column, width: Int)] = [:]
        let f = golden["features"]
        for key in f.keys {
            let rows = f[key].array
            let width = rows[0].array.count
            let cells = rows.flatMap { $0.array }
            switch key {
            case "x": columns[key] = (Column(.float(cells.map { Float($0.double!) })), width)
            case "id", "id_oob", "n_int": columns[key] = (Column(.int(cells.map { Int64($0.int!) })), width)
            default: columns[key] = (Column(strings: cells.map { $0.string! }), width)
            }
        }
        return Features(batchSize: 6, columns: columns)
    }()

    static let categorical: [String: any CategoricalColumn] = [
        "vocab_color1_default-1": categoricalColumnWithVocabularyList("color1", vocabulary: ["red", "green", "blue"]),
        "vocab_color1b_oov2": categoricalColumnWithVocabularyList("color1b", vocabulary: ["red", "green", "blue"], numOOVBuckets: 2),
        "vocab_color_multivalent": categoricalColumnWithVocabularyList("color", vocabulary: ["red", "green", "blue"]),
        "identity_id_5": categoricalColumnWithIdentity("id", numBuckets: 5),
        "identity_id_oob_5_default0": categoricalColumnWithIdentity("id_oob", numBuckets: 5, defaultValue: 0),
        "identity_id_oob_5_no_default": categoricalColumnWithIdentity("id_oob", numBuckets: 5),
        "hash_s_10": categoricalColumnWithHashBucket("s", hashBucketSize: 10),
        "hash_n_int_10": categoricalColumnWithHashBucket("n_int", hashBucketSize: 10),
        "crossed_vocab_a_x_vocab_b_10": crossedColumn([.column(categoricalColumnWithVocabularyList("a", vocabulary: ["x", "y", "z"], numOOVBuckets: 1)),
                                                       .column(categoricalColumnWithVocabularyList("b", vocabulary: ["p", "q"], numOOVBuckets: 1))],
                                                      hashBucketSize: 10),
        "crossed_raw_a_x_b_10": crossedColumn([.raw("a"), .raw("b")], hashBucketSize: 10),
        "crossed_raw_a2_x_color_10_multivalent": crossedColumn([.raw("a2"), .raw("color")], hashBucketSize: 10),
    ]

    @Test("feature_columns.json fingerprint64") func fingerprints() {
        let cases = Self.golden["fingerprint64"].array
        #expect(cases.count == 26)
        for c in cases {
            let s = c["string"].string!
            #expect(FarmHash.fingerprint64(s) == UInt64(c["fingerprint64"].string!)!, "Fingerprint64(\"\(s)\")")
            #expect(Int(FarmHash.fingerprint64(s) % 10) == c["to_hash_bucket_fast_10"].int!)
        }
    }

    @Test("feature_columns.json crossed_hash_chain") func crossChain() {
        let g = Self.golden["crossed_hash_chain"]
        let key = UInt64(g["hash_key"].int!)
        for row in g["rows"].array {
            let a = FarmHash.fingerprintCat64(key, FarmHash.fingerprint64(row["a"].string!))
            #expect(a == UInt64(row["after_a"].string!)!)
            let b = FarmHash.fingerprintCat64(a, FarmHash.fingerprint64(row["b"].string!))
            #expect(b == UInt64(row["after_b"].string!)!)
            #expect(b % UInt64(Int64.max) == UInt64(row["sparse_cross_hashed_num_buckets_0"].string!)!)
        }
    }

    @Test("feature_columns.json categorical", arguments: Array(categorical.keys).sorted())
    func categoricalIDsAndIndicators(_ name: String) throws {
        let expected = Self.golden["categorical"][name]
        let column = Self.categorical[name]!
        let ids = try column.ids(Self.features)
        #expect(ids.ids == expected["ids"]["values"].array.map { Int64($0.int!) }, "\(name) ids")
        #expect(ids.rows == expected["ids"]["indices"].array.map { Int64($0[0].int!) }, "\(name) rows")
        if expected["indicator_column_output"].exists {
            let dense = try indicatorColumn(column).dense(Self.features)
            #expect(dense.map(Double.init) == expected["indicator_column_output"].flat, "\(name) indicator")
        }
    }

    @Test("feature_columns.json dense") func denseColumns() throws {
        let d = Self.golden["dense"]
        #expect(try numericColumn("x").dense(Self.features).map(Double.init) == d["numeric_x"]["output"].flat)
        #expect(try bucketizedColumn(numericColumn("x"), boundaries: [0, 10, 20]).dense(Self.features).map(Double.init) == d["bucketized_x_0_10_20"]["output"].flat)
        for combiner in [Combiner.mean, .sum, .sqrtn] {
            var rng = RandomGenerator(seed: 1)
            let column = embeddingColumn(categoricalColumnWithVocabularyList("color", vocabulary: ["red", "green", "blue"]), dimension: 3, combiner: combiner)
            let layer = try DenseFeatures([column], rng: &rng, on: ReferenceBackend.shared)
            layer.embeddings["color_embedding"]!.table.assign(Tensor(Self.golden["embedding_table"].flat.map { Float($0) }, shape: [3, 3], on: ReferenceBackend.shared))
            expectClose(try layer(Self.features, on: ReferenceBackend.shared), d["embedding_color_\(combiner.rawValue)"]["output"].flat, "embedding \(combiner)")
        }
    }

    @Test("feature_columns.json dense_features_all", arguments: TestBackends.all)
    func denseFeaturesConcatenateSortedByName(_ b: BackendCase) throws {
        let g = Self.golden["dense_features_all"]
        var rng = RandomGenerator(seed: 1)
        let columns: [any FeatureColumn] = [
            numericColumn("x"),
            bucketizedColumn(numericColumn("x"), boundaries: [0, 10, 20]),
            embeddingColumn(categoricalColumnWithVocabularyList("color", vocabulary: ["red", "green", "blue"]), dimension: 3),
            indicatorColumn(categoricalColumnWithVocabularyList("color1", vocabulary: ["red", "green", "blue"])),
            indicatorColumn(categoricalColumnWithIdentity("id", numBuckets: 5)),
            indicatorColumn(categoricalColumnWithHashBucket("s", hashBucketSize: 10)),
            indicatorColumn(crossedColumn([.raw("a"), .raw("b")], hashBucketSize: 10)),
        ]
        #expect(columns.map(\.name) == g["columns_as_given"].array.map { $0.string! })
        let layer = try DenseFeatures(columns, rng: &rng, on: b.backend)
        #expect(layer.order.map(\.name) == g["concatenation_order (sorted by column name)"].array.map { $0.string! })
        #expect(layer.widths == g["widths"].array.map { $0.int! })
        layer.embeddings["color_embedding"]!.table.assign(Tensor(Self.golden["embedding_table"].flat.map { Float($0) }, shape: [3, 3], on: b.backend))
        expectClose(try layer(Self.features, on: b.backend), g["DenseFeatures_output"].flat, "DenseFeatures")
    }

    @Test func aBareCategoricalColumnGetsTensorFlowsError() {
        var rng = RandomGenerator(seed: 1)
        #expect { _ = try DenseFeatures([categoricalColumnWithHashBucket("s", hashBucketSize: 10)], rng: &rng) } throws: { e in
            (e as? DataError)?.problem.contains("You can wrap a categorical column with an embedding_column or indicator_column") ?? false
        }
    }

    @Test func missingNumericWithoutDefaultIsAnError() throws {
        let f = Features(Table(names: ["v"], columns: [Column(.float([1, .nan]), missing: [false, true])]))
        #expect(throws: DataError.self) { _ = try numericColumn("v").dense(f) }
        #expect(try numericColumn("v", defaultValue: 3, normalizer: .zScore(mean: 1, std: 2)).dense(f) == [0, 1])
        #expect(try numericColumn("v", normalizer: .minMax(min: 1, max: 3)).dense(Features(Table(names: ["v"], columns: [Column(.float([2]))]))) == [0.5])
    }

    @Test func weightedCategoricalCarriesWeights() throws {
        let f = Features(Table(names: ["c", "w"], columns: [Column(strings: ["a", "b", nil]), Column(.float([0.5, 2, 1]))]))
        let col = weightedCategoricalColumn(categoricalColumnWithVocabularyList("c", vocabulary: ["a", "b"]), weightKey: "w")
        let s = try col.ids(f)
        #expect(s.ids == [0, 1] && s.rows == [0, 1] && s.weights == [0.5, 2])
        #expect(col.name == "c_weighted_by_w")
        #expect(try indicatorColumn(col).dense(f) == [0.5, 0, 0, 2, 0, 0])
    }

    @Test func vocabularyFileAndQuantileBoundaries() throws {
        let dir = try Interop.temporaryDirectory("est-vocab")
        let path = dir.appendingPathComponent("v.txt").path
        try "red\ngreen\nblue\n".write(toFile: path, atomically: true, encoding: .utf8)
        let col = try categoricalColumnWithVocabularyFile("color1", path: path)
        #expect(col.vocabulary == ["red", "green", "blue"])
        #expect(throws: DataError.self) { _ = try categoricalColumnWithVocabularyFile("c", path: dir.path + "/none.txt") }
        #expect(quantileBoundaries((1...100).map(Double.init), count: 4) == [26, 51, 76])
    }
}
