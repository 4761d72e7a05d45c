import Datasets
import Estimators
import FeatureColumns
import Foundation
import NN
import Tensors
import Testing
import TestSupport

private let titanicWide: [any FeatureColumn] = [
    categoricalColumnWithVocabularyList("sex", vocabulary: ["female", "male"], numOOVBuckets: 1),
    bucketizedColumn(numericColumn("age", defaultValue: 30), boundaries: [5, 12, 18, 35, 65]),
    crossedColumn([.raw("sex"), .raw("pclass")], hashBucketSize: 50),
    categoricalColumnWithHashBucket("pclass", hashBucketSize: 7),
]
private let titanicDeep: [any FeatureColumn] = [
    embeddingColumn(categoricalColumnWithHashBucket("pclass", hashBucketSize: 11), dimension: 3, combiner: .sqrtn),
    indicatorColumn(categoricalColumnWithVocabularyList("sex", vocabulary: ["female", "male"])),
    indicatorColumn(categoricalColumnWithIdentity("parch", numBuckets: 10, defaultValue: 0)),
    numericColumn("age", defaultValue: 30, normalizer: .zScore(mean: 29.7, std: 14.1)),
    numericColumn("sibsp", defaultValue: 0, normalizer: .minMax(min: 0, max: 8)),
]
private let mpg: [any FeatureColumn] = ["cylinders", "weight"].map { numericColumn($0, defaultValue: 0, normalizer: .zScore(mean: 3000, std: 800)) }
private let trees = BoostedTreesParams(nTrees: 3, maxDepth: 2)

/// Every canned kind × task: estimator.json rebuilds the same model (identical predictions from the same checkpoint).
private let rebuildCases: [CannedCase] = [
    CannedCase(name: "DNNClassifier", file: "titanic.csv", label: "survived", task: "binary") {
        try DNNClassifier(hiddenUnits: [8, 4], featureColumns: titanicDeep, modelDir: $0, weightColumn: "sibsp",
                          optimizer: .named("Adam", learningRate: 0.01), activation: .tanh, dropout: 0.1, batchNorm: true, config: $1)
    },
    CannedCase(name: "DNNClassifier", file: "iris_train.csv", label: "species", task: "multiclass") {
        try DNNClassifier(hiddenUnits: [6], featureColumns: irisFeatures, modelDir: $0, nClasses: 3, labelVocabulary: irisClasses, config: $1)
    },
    CannedCase(name: "DNNRegressor", file: "auto_mpg.csv", label: "mpg", task: "regression") {
        try DNNRegressor(hiddenUnits: [5], featureColumns: mpg, modelDir: $0, lossReduction: .sum, config: $1)
    },
    CannedCase(name: "LinearClassifier", file: "titanic.csv", label: "survived", task: "binary") {
        try LinearClassifier(featureColumns: titanicWide, modelDir: $0, weightColumn: "parch", sparseCombiner: .mean, config: $1)
    },
    CannedCase(name: "LinearClassifier", file: "iris_train.csv", label: "species", task: "multiclass") {
        try LinearClassifier(featureColumns: irisFeatures, modelDir: $0, nClasses: 3, labelVocabulary: irisClasses,
                             optimizer: .named("Adagrad", learningRate: nil), config: $1)
    },
    CannedCase(name: "LinearRegressor", file: "auto_mpg.csv", label: "mpg", task: "regression") {
        try LinearRegressor(featureColumns: mpg, modelDir: $0, config: $1)
    },
    CannedCase(name: "DNNLinearCombinedClassifier", file: "titanic.csv", label: "survived", task: "binary") {
        try DNNLinearCombinedClassifier(linearFeatureColumns: titanicWide, dnnFeatureColumns: titanicDeep, dnnHiddenUnits: [4], modelDir: $0,
                                        linearOptimizer: .named("SGD", learningRate: 0.1), config: $1)
    },
    CannedCase(name: "DNNLinearCombinedClassifier", file: "iris_train.csv", label: "species", task: "multiclass") {
        try DNNLinearCombinedClassifier(linearFeatureColumns: irisFeatures, dnnFeatureColumns: irisFeatures, dnnHiddenUnits: [4], modelDir: $0,
                                        nClasses: 3, labelVocabulary: irisClasses, config: $1)
    },
    CannedCase(name: "DNNLinearCombinedRegressor", file: "auto_mpg.csv", label: "mpg", task: "regression") {
        try DNNLinearCombinedRegressor(linearFeatureColumns: [categoricalColumnWithVocabularyList("origin", vocabulary: ["USA", "Europe", "Japan"])],
                                       dnnFeatureColumns: mpg, dnnHiddenUnits: [4], modelDir: $0, config: $1)
    },
    CannedCase(name: "BoostedTreesClassifier", file: "titanic.csv", label: "survived", task: "binary") {
        try BoostedTreesClassifier(featureColumns: Array(titanicDeep.dropFirst()), modelDir: $0, params: trees, config: $1)
    },
    CannedCase(name: "BoostedTreesClassifier", file: "iris_train.csv", label: "species", task: "multiclass") {
        try BoostedTreesClassifier(featureColumns: irisFeatures, modelDir: $0, nClasses: 3, labelVocabulary: irisClasses, params: trees, config: $1)
    },
    CannedCase(name: "BoostedTreesRegressor", file: "auto_mpg.csv", label: "mpg", task: "regression") {
        try BoostedTreesRegressor(featureColumns: mpg, modelDir: $0, params: trees, config: $1)
    },
    CannedCase(name: "BaselineClassifier", file: "iris_train.csv", label: "species", task: "multiclass") {
        try BaselineClassifier(modelDir: $0, nClasses: 3, labelVocabulary: irisClasses, config: $1)
    },
    CannedCase(name: "BaselineClassifier", file: "titanic.csv", label: "survived", task: "binary") {
        try BaselineClassifier(modelDir: $0, weightColumn: "parch", config: $1)
    },
    CannedCase(name: "BaselineRegressor", file: "auto_mpg.csv", label: "mpg", task: "regression") {
        try BaselineRegressor(modelDir: $0, config: $1)
    },
]

@Suite struct EstimatorConfigTests {
    func predictions(_ e: Estimator, _ c: CannedCase) throws -> [[String: PredictionValue]] {
        var out: [[String: PredictionValue]] = []
        try e.predict(input: .csv([fixture(c.file)], label: nil, batchSize: 50)) { out.append($0) }
        return out
    }

    @Test(arguments: rebuildCases)
    func estimatorJSONRebuildsTheSameModel(_ c: CannedCase) throws {
        let dir = try Interop.temporaryDirectory("est-rebuild").path
        let e = try c.make(dir, RunConfig(randomSeed: 7, saveCheckpointsSteps: 5))
        try e.train(input: .csv([fixture(c.file)], label: c.label, batchSize: 32, shuffle: true, epochs: nil), steps: 6)
        let written = try EstimatorConfig.read(modelDir: dir)
        #expect(written == e.estimatorConfig, "\(c.name) \(c.task): estimator.json differs from the estimator's config")
        #expect(written.kind.rawValue == c.name && written.randomSeed == 7)
        let rebuilt = try Estimator.rebuild(modelDir: dir)
        #expect(rebuilt.estimatorConfig == written)
        #expect(try predictions(rebuilt, c) == predictions(e, c), "\(c.name) \(c.task): rebuilt predictions differ")
    }

    @Test func everyKindHasARebuildCase() {
        #expect(Set(rebuildCases.map(\.name)) == Set(EstimatorKind.canned.map(\.rawValue)))
    }

    @Test func everyFeatureColumnSpecRoundTrips() throws {
        let columns: [any FeatureColumn] = titanicWide + titanicDeep + [
            weightedCategoricalColumn(categoricalColumnWithIdentity("a", numBuckets: 4), weightKey: "w"),
            crossedColumn([.column(categoricalColumnWithVocabularyList("s", vocabulary: ["x"], defaultValue: 0)), .raw("t")], hashBucketSize: 9),
            embeddingColumn(categoricalColumnWithIdentity("b", numBuckets: 3), dimension: 2, initializer: .truncatedNormal(mean: 0, stddev: 0.5)),
            numericColumn("v", shape: [2]),
        ]
        for column in columns {
            let spec = FeatureColumnSpec(column)
            #expect(spec.name == column.name)
            let decoded = try JSONDecoder().decode(FeatureColumnSpec.self, from: try JSONEncoder().encode(spec))
            #expect(decoded == spec, "\(column.name)")
            #expect(FeatureColumnSpec(try decoded.make()) == spec, "\(column.name): make() gives another column")
        }
    }

    @Test func badSpecsThrowInsteadOfTrapping() {
        let bad: [FeatureColumnSpec] = [
            .bucketized(source: .numeric(key: "a", shape: [1], defaultValue: nil, normalizer: .none), boundaries: [3, 1]),
            .vocabulary(key: "v", vocabulary: [], defaultValue: -1, numOOVBuckets: 0),
            .identity(key: "i", numBuckets: 3, defaultValue: 5),
            .hashBucket(key: "h", hashBucketSize: 1),
            .embedding(categorical: .hashBucket(key: "h", hashBucketSize: 5), dimension: 0, combiner: .mean, initializer: nil),
            .indicator(categorical: .numeric(key: "n", shape: [1], defaultValue: nil, normalizer: .none)),
            .unsupported(name: "mine", type: "MyColumn"),
        ]
        for spec in bad { #expect(throws: DataError.self) { _ = try spec.make() } }
    }

    func write(_ json: String) throws -> String {
        let dir = try Interop.temporaryDirectory("est-badjson").path
        try json.write(toFile: dir + "/estimator.json", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func unusableEstimatorJSONIsATypedError() throws {
        let cases: [(String?, EstimatorConfigError.Reason, String)] = [
            (nil, .missing, "has no estimator.json"),
            ("[1, 2", .malformed, "not a JSON object"),
            (#"{"kind": "DNNClassifier"}"#, .unknownVersion, "no version"),
            (#"{"version": 9, "kind": "DNNClassifier"}"#, .unknownVersion, "version 9"),
            (#"{"version": 1, "kind": "custom", "params": {}}"#, .customModel, "custom model function"),
            (#"{"version": 1, "kind": "DNNClasifier"}"#, .malformed, "did you mean DNNClassifier"),
            (#"{"version": 1, "kind": "DNNRegressor", "hidden_units": [4], "optimizer": "Adagrad", "learning_rate": 0.05, "#
                + #""activation_fn": "relu", "batch_norm": false, "loss_reduction": "sum_over_batch_size", "feature_columns": [{"type": "nope"}]}"#,
             .malformed, "feature_columns[0].type"),
            (#"{"version": 1, "kind": "LinearRegressor", "optimizer": "Ftrl", "learning_rate": 1, "sparse_combiner": "sum", "#
                + #""loss_reduction": "sum", "feature_columns": [{"type": "categorical_column_with_hash_bucket", "key": "k", "hash_bucket_size": 0}]}"#,
             .malformed, "hash_bucket_size must be > 1"),
        ]
        for (json, reason, text) in cases {
            let dir = try json.map(write) ?? Interop.temporaryDirectory("est-nojson").path
            do {
                _ = try Estimator.rebuild(modelDir: dir)
                Issue.record("\(text): no error")
            } catch let e as EstimatorConfigError {
                #expect(e.reason == reason && e.file == dir + "/estimator.json", "\(e)")
                #expect(e.problem.contains(text), "\(e.problem)")
            }
        }
    }

    @Test func customModelFunctionsWriteACustomConfig() throws {
        let dir = try Interop.temporaryDirectory("est-custom").path
        let e = Estimator(modelFn: { _, _, _, _ in preconditionFailure("not called") }, modelDir: dir, params: ["units": "3"])
        #expect(e.estimatorConfig?.kind == .custom && e.estimatorConfig?.model == .custom(params: ["units": "3"]))
    }

    @Test func kindsAreTyped() {
        #expect(EstimatorKind.canned.count == 10)
        #expect(EstimatorKind.allCases.filter(\.isClassifier).count == 5)
        #expect(EstimatorKind.boostedTreesRegressor.isBoostedTrees && !EstimatorKind.dnnRegressor.isBoostedTrees)
        #expect(EstimatorKind.linearClassifier.defaultOptimizer == "Ftrl" && EstimatorKind.dnnLinearCombinedRegressor.defaultOptimizer == "Adagrad")
        #expect(closestMatch(to: "Adamm", in: OptimizerSpec.names) == "Adam")
        #expect(closestMatch(to: "xyzzy", in: OptimizerSpec.names) == nil)
    }
}

@Suite struct LabelDimensionTests {
    @Test func aLabelThatIsNotAMultipleOfTheDimensionIsAnErrorNotATrap() throws {
        #expect { _ = try RegressionHead(labelDimension: 2).labels(Column(.float([1, 2, 3])), firstRow: 0) } throws: { e in
            (e as? EstimatorError)?.problem.contains("label_dimension is 2 but the label has 3 values") ?? false
        }
        #expect(try RegressionHead(labelDimension: 2).labels(Column(.float([1, 2, 3, 4])), firstRow: 0).shape == [2, 2])
    }
}
