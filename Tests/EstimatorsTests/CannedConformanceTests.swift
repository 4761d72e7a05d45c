import Datasets
import Estimators
import FeatureColumns
import Foundation
import NN
import Tensors
import Testing
import TestSupport

/// One canned estimator on one dataset.
struct CannedCase: Sendable, CustomStringConvertible {
    let name: String
    let file: String
    let label: String
    let task: String   // binary | multiclass | regression
    let make: @Sendable (String, RunConfig) throws -> Estimator
    var description: String { name }
}

let titanicLinear: [any FeatureColumn] = [
    categoricalColumnWithVocabularyList("sex", vocabulary: ["female", "male"]),
    categoricalColumnWithVocabularyList("pclass", vocabulary: ["1st", "2nd", "3rd"]),
    bucketizedColumn(numericColumn("age", defaultValue: 30), boundaries: [5, 12, 18, 25, 35, 50, 65]),
    numericColumn("sibsp", defaultValue: 0), numericColumn("parch", defaultValue: 0),
    crossedColumn([.raw("sex"), .raw("pclass")], hashBucketSize: 100),
]
let titanicDNN: [any FeatureColumn] = [
    indicatorColumn(categoricalColumnWithVocabularyList("sex", vocabulary: ["female", "male"])),
    indicatorColumn(categoricalColumnWithVocabularyList("pclass", vocabulary: ["1st", "2nd", "3rd"])),
    numericColumn("age", defaultValue: 30, normalizer: .zScore(mean: 30, std: 14)), numericColumn("sibsp", defaultValue: 0), numericColumn("parch", defaultValue: 0),
]

let cannedCases: [CannedCase] = [
    CannedCase(name: "LinearClassifier titanic", file: "titanic.csv", label: "survived", task: "binary") {
        try LinearClassifier(featureColumns: titanicLinear, modelDir: $0, config: $1)
    },
    CannedCase(name: "LinearClassifier iris", file: "iris_train.csv", label: "species", task: "multiclass") {
        try LinearClassifier(featureColumns: irisFeatures, modelDir: $0, nClasses: 3, labelVocabulary: irisClasses, config: $1)
    },
    CannedCase(name: "LinearRegressor auto_mpg", file: "auto_mpg.csv", label: "mpg", task: "regression") {
        try LinearRegressor(featureColumns: ["cylinders", "weight", "horsepower"].map { numericColumn($0, defaultValue: 0, normalizer: .minMax(min: 0, max: 5000)) },
                            modelDir: $0, config: $1)
    },
    CannedCase(name: "DNNClassifier titanic", file: "titanic.csv", label: "survived", task: "binary") {
        try DNNClassifier(hiddenUnits: [16, 8], featureColumns: titanicDNN, modelDir: $0, config: $1)
    },
    CannedCase(name: "DNNLinearCombinedClassifier titanic", file: "titanic.csv", label: "survived", task: "binary") {
        try DNNLinearCombinedClassifier(linearFeatureColumns: titanicLinear, dnnFeatureColumns: titanicDNN, dnnHiddenUnits: [16, 8], modelDir: $0, config: $1)
    },
    CannedCase(name: "DNNLinearCombinedRegressor auto_mpg", file: "auto_mpg.csv", label: "mpg", task: "regression") {
        try DNNLinearCombinedRegressor(linearFeatureColumns: [categoricalColumnWithVocabularyList("origin", vocabulary: ["USA", "Europe", "Japan"])],
                                       dnnFeatureColumns: ["cylinders", "weight"].map { numericColumn($0, defaultValue: 0, normalizer: .zScore(mean: 3000, std: 800)) },
                                       dnnHiddenUnits: [8], modelDir: $0, config: $1)
    },
    CannedCase(name: "BaselineClassifier titanic", file: "titanic.csv", label: "survived", task: "binary") {
        try BaselineClassifier(modelDir: $0, config: $1)
    },
    CannedCase(name: "BaselineRegressor auto_mpg", file: "auto_mpg.csv", label: "mpg", task: "regression") {
        try BaselineRegressor(modelDir: $0, config: $1)
    },
    CannedCase(name: "BoostedTreesClassifier titanic", file: "titanic.csv", label: "survived", task: "binary") {
        try BoostedTreesClassifier(featureColumns: titanicTrees, modelDir: $0, params: BoostedTreesParams(maxDepth: 3), config: $1)
    },
    CannedCase(name: "BoostedTreesClassifier iris", file: "iris_train.csv", label: "species", task: "multiclass") {
        try BoostedTreesClassifier(featureColumns: irisFeatures, modelDir: $0, nClasses: 3, labelVocabulary: irisClasses,
                                   params: BoostedTreesParams(maxDepth: 3), config: $1)
    },
    CannedCase(name: "BoostedTreesRegressor auto_mpg", file: "auto_mpg.csv", label: "mpg", task: "regression") {
        try BoostedTreesRegressor(featureColumns: ["cylinders", "weight", "horsepower"].map { numericColumn($0, defaultValue: 0) }, modelDir: $0,
                                  params: BoostedTreesParams(maxDepth: 3), config: $1)
    },
]

/// Boosted trees take numeric, bucketized and indicator columns.
let titanicTrees: [any FeatureColumn] = [
    indicatorColumn(categoricalColumnWithVocabularyList("sex", vocabulary: ["female", "male"])),
    indicatorColumn(categoricalColumnWithVocabularyList("pclass", vocabulary: ["1st", "2nd", "3rd"])),
    numericColumn("age", defaultValue: -1), numericColumn("sibsp", defaultValue: 0), numericColumn("parch", defaultValue: 0),
]

/// The conformance suite every canned estimator passes (style.md point 6).
@Suite struct CannedConformanceTests {
    func input(_ c: CannedCase, train: Bool) -> InputFn {
        .csv([fixture(c.file)], label: c.label, batchSize: 32, shuffle: train, epochs: train ? nil : 1)
    }

    func predictions(_ e: Estimator, _ c: CannedCase) throws -> [[String: PredictionValue]] {
        var out: [[String: PredictionValue]] = []
        try e.predict(input: .csv([fixture(c.file)], label: nil, batchSize: 50)) { out.append($0) }
        return out
    }

    static let config = RunConfig(saveCheckpointsSteps: 20)

    /// A fresh estimator of the case trained 60 steps, and its model_dir.
    func trained(_ c: CannedCase, _ prefix: String) throws -> (Estimator, String) {
        let dir = try Interop.temporaryDirectory(prefix).path
        let e = try c.make(dir, Self.config)
        try e.train(input: input(c, train: true), steps: 60)
        return (e, dir)
    }

    // Every property is its own test, so one failure does not hide the others.

    @Test(arguments: cannedCases)
    func evaluateBeforeTrainingSaysNotTrained(_ c: CannedCase) throws {
        let a = try c.make(try Interop.temporaryDirectory("est-conf-untrained").path, Self.config)
        #expect { _ = try a.evaluate(input: input(c, train: false)) } throws: { ($0 as? EstimatorError)?.problem.contains("not trained") ?? false }
    }

    @Test(arguments: cannedCases)
    func metricKeysAreTensorFlows(_ c: CannedCase) throws {
        let (a, _) = try trained(c, "est-conf-metrics")
        let m = try a.evaluate(input: input(c, train: false))
        let expectedKeys: Set<String> = switch c.task {
        case "binary": ["accuracy", "accuracy_baseline", "auc", "auc_precision_recall", "auc_exact", "average_loss", "label/mean", "loss",
                        "precision", "prediction/mean", "recall", "global_step"]
        case "multiclass": ["accuracy", "average_loss", "loss", "global_step"]
        default: ["average_loss", "label/mean", "prediction/mean", "loss", "global_step"]
        }
        #expect(Set(m.keys) == expectedKeys, "\(c.name): metric keys")
        #expect(m.values.allSatisfy { $0.isFinite })
    }

    @Test(arguments: cannedCases)
    func deterministicUnderASeed(_ c: CannedCase) throws {
        let (a, _) = try trained(c, "est-conf-a"), (b, _) = try trained(c, "est-conf-b")
        #expect(try predictions(a, c) == predictions(b, c), "\(c.name): same seed, different predictions")
    }

    @Test(arguments: cannedCases)
    func predictionKeysAreTensorFlows(_ c: CannedCase) throws {
        let (a, _) = try trained(c, "est-conf-keys")
        let predictionKeys: Set<String> = switch c.task {
        case "regression": ["predictions"]
        case "binary": ["logits", "logistic", "probabilities", "class_ids", "classes", "all_class_ids", "all_classes"]
        default: ["logits", "probabilities", "class_ids", "classes", "all_class_ids", "all_classes"]
        }
        #expect(Set(try predictions(a, c)[0].keys) == predictionKeys, "\(c.name): prediction keys")
    }

    /// Train → checkpoint → restore in a new estimator: identical predictions.
    @Test(arguments: cannedCases)
    func restoringGivesIdenticalPredictions(_ c: CannedCase) throws {
        let (a, dir) = try trained(c, "est-conf-restore")
        let restored = try c.make(dir, Self.config)
        #expect(try predictions(restored, c) == predictions(a, c), "\(c.name): restored predictions differ")
    }

    /// The config round-trips through estimator.json.
    @Test(arguments: cannedCases)
    func estimatorJSONNamesTheKindAndSeed(_ c: CannedCase) throws {
        let (_, dir) = try trained(c, "est-conf-json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/estimator.json"))) as! [String: Any]
        #expect(json["kind"] as? String == c.name.split(separator: " ").first.map(String.init))
        #expect(json["random_seed"] as? Int == 42)
    }

    /// Kill (a fresh estimator) and resume continues from the last checkpoint.
    @Test(arguments: cannedCases)
    func resumeContinuesFromTheLastCheckpoint(_ c: CannedCase) throws {
        let (_, dir) = try trained(c, "est-conf-resume")
        let resumed = try c.make(dir, Self.config)
        try resumed.train(input: input(c, train: true), steps: 10)
        #expect(resumed.globalStep == 70)
    }

    @Test func linearUpdatesOnlyTheRowsItSees() throws {
        let dir = try Interop.temporaryDirectory("est-sparse").path
        let big = categoricalColumnWithHashBucket("sex", hashBucketSize: 1_000_000)
        let e = try LinearClassifier(featureColumns: [big], modelDir: dir)
        try e.train(input: .csv([fixture("titanic.csv")], label: "survived", batchSize: 32, epochs: nil), steps: 5)
        let w = try e.variableValue("linear/linear_model/sex/weights").doubles
        #expect(w.count == 1_000_000)
        #expect(w.filter { $0 != 0 }.count == 2, "only the two hashed sexes have weights")
        #expect(try e.variableValue("training/Ftrl/linear/linear_model/sex/weights/accumulator").doubles.filter { $0 != Double(Float(0.1)) }.count == 2)
    }

    @Test func baselineWorksWithAnyNumberOfFeatureKeys() throws {
        let dir = try Interop.temporaryDirectory("est-baseline").path
        let e = try BaselineClassifier(modelDir: dir)
        try e.train(input: .csv([fixture("titanic.csv")], label: "survived", batchSize: 64, epochs: nil), steps: 300)
        let m = try e.evaluate(input: .csv([fixture("titanic.csv")], label: "survived", batchSize: 64))
        // It learns the prior: predictions average to the label mean.
        #expect(abs(m["prediction/mean"]! - m["label/mean"]!) < 0.03, "\(m)")
        #expect(e.variableNames.contains("baseline/bias"))
    }

    @Test func linearVariableNamesAreTensorFlows() throws {
        let dir = try Interop.temporaryDirectory("est-linnames").path
        let e = try LinearClassifier(featureColumns: titanicLinear, modelDir: dir)
        try e.train(input: .csv([fixture("titanic.csv")], label: "survived", batchSize: 32, epochs: nil), steps: 2)
        for n in ["linear/linear_model/sex/weights", "linear/linear_model/age_bucketized/weights", "linear/linear_model/sex_X_pclass/weights",
                  "linear/linear_model/sibsp/weights", "linear/linear_model/bias_weights", "training/Ftrl/linear/linear_model/sex/weights/linear"] {
            #expect(e.variableNames.contains(n), "\(n) missing from \(e.variableNames)")
        }
    }
}
