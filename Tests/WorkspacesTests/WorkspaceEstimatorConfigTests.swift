import Estimators
import FeatureColumns
import Foundation
import Testing
import TestSupport
import Workspaces

/// The workspace builds one EstimatorConfig: optimizers as given, wide & deep's linear side, label_dimension, bad values as errors.
@Suite struct WorkspaceEstimatorConfigTests {
    static func load(_ estimator: String, features: String = "") throws -> Workspace {
        try Workspace.load(try WorkspaceTests.workspace("""
        name = "t"
        [data]
        train = "data/train.csv"
        label = "species"
        \(features)
        [estimator]
        \(estimator)
        """))
    }

    static func config(_ estimator: String, features: String = "") throws -> EstimatorConfig {
        let w = try load(estimator, features: features)
        let e = try w.makeEstimator(statistics: try w.trainStatistics().columns)
        return try #require(e.estimatorConfig)
    }

    @Test func anExplicitOptimizerIsKeptAndTheDefaultDependsOnTheKind() throws {
        guard case let .linear(given) = try Self.config("kind = \"LinearClassifier\"\noptimizer = \"Adagrad\"").model,
              case let .linear(implicit) = try Self.config("kind = \"LinearClassifier\"").model,
              case let .dnn(dnn) = try Self.config("kind = \"DNNClassifier\"").model,
              case let .baseline(baseline) = try Self.config("kind = \"BaselineClassifier\"\noptimizer = \"sgd\"").model else {
            Issue.record("wrong families"); return
        }
        #expect(given.optimizer == "Adagrad" && given.learningRate == 0.2)
        #expect(implicit.optimizer == "Ftrl" && implicit.learningRate == 0.2)
        #expect(dnn.optimizer == "Adagrad" && dnn.learningRate == 0.05)
        #expect(baseline.optimizer == "SGD" && baseline.learningRate == 0.3)
    }

    @Test func wideAndDeepReadsTheLinearSidesOptimizer() throws {
        let c = try Self.config("kind = \"DNNLinearCombinedClassifier\"\nlinear_optimizer = \"SGD\"\nlinear_learning_rate = 0.3\nlearning_rate = 0.1")
        guard case let .dnnLinearCombined(m) = c.model else { Issue.record("not wide & deep"); return }
        #expect(m.linearOptimizer == "SGD" && m.linearLearningRate == 0.3 && m.dnnOptimizer == "Adagrad" && m.dnnLearningRate == 0.1)
        guard case let .dnnLinearCombined(d) = try Self.config("kind = \"DNNLinearCombinedClassifier\"").model else { return }
        #expect(d.linearOptimizer == "Ftrl" && d.linearLearningRate == 0.005)
    }

    @Test func theWorkspaceIsRecordedInEstimatorJSON() throws {
        let c = try Self.config("kind = \"BoostedTreesClassifier\"\nn_trees = 2")
        #expect(c.kind == .boostedTreesClassifier && c.workspace == "t" && c.workspaceFolder?.isEmpty == false)
        #expect(c.head?.labelVocabulary == ["setosa", "versicolor", "virginica"])
    }

    @Test(arguments: [
        ("label_dimension = 2", "workspace.toml:7: error: label_dimension = 2"),
        ("kind = \"DNNClasifier\"", "did you mean 'DNNClassifier'?"),
        ("optimizer = \"Adamm\"", "unknown optimizer 'Adamm' (did you mean 'Adam'?)"),
        ("linear_optimizer = \"Ftlr\"", "did you mean 'Ftrl'?"),
        ("activation_fn = \"rellu\"", "did you mean 'relu'?"),
        ("hiden_units = [3]", "unknown key 'hiden_units' in [estimator] (did you mean 'hidden_units'?)"),
        ("sparse_combiner = \"mea\"", "did you mean 'mean'?"),
        ("linear_learning_rate = 0", "'linear_learning_rate' must be a positive number"),
        ("label_vocabulary = [\"a\", \"b\"]\nn_classes = 3", "label_vocabulary has 2 names but n_classes is 3"),
    ] as [(String, String)])
    func badEstimatorValuesNameTheKeyAndTheClosestChoice(_ estimator: String, _ message: String) throws {
        #expect { _ = try Self.load(estimator) } throws: { "\($0)".contains(message) }
    }

    @Test(arguments: [
        ("type = \"numric\"", "did you mean 'numeric'?"),
        ("type = \"numeric\"\nnormalizer = \"zscor\"", "did you mean 'zscore'?"),
        ("type = \"bucketized\"\nboundaries = [3.0, 1.0]", "strictly increasing"),
        ("type = \"bucketized\"\nbuckets = 1", "'buckets' must be an integer ≥ 2"),
        ("type = \"hash_bucket\"\nhash_bucket_size = 10\nembedding_dimension = 0", "'embedding_dimension' of feature 'sepal_length' must be a positive integer"),
        ("type = \"vocabulary\"\nvocabulary = []", "'vocabulary' of feature 'sepal_length' must be a non-empty array"),
        ("type = \"vocabulary\"\nvocabulary = [\"a\"]\nnum_oov_buckets = -1", "'num_oov_buckets' of feature 'sepal_length' must be ≥ 0"),
        ("type = \"vocabulary\"\nvocabulary = [\"a\"]\nnum_oov_buckets = 2\ndefault_value = 0", "not both"),
    ] as [(String, String)])
    func badFeatureValuesAreErrorsNotCrashes(_ feature: String, _ message: String) throws {
        let w = try Self.load("kind = \"DNNClassifier\"", features: "[[features]]\nkey = \"sepal_length\"\n\(feature)")
        let stats = try w.trainStatistics().columns
        #expect { _ = try w.makeEstimator(statistics: stats) } throws: { "\($0)".contains(message) && "\($0)".contains("workspace.toml:") }
    }
}

extension WorkspaceEstimatorConfigTests {
    @Test func aLinearClassifierGivenAdagradTrainsWithAdagrad() throws {
        let w = try Self.load("kind = \"LinearClassifier\"\noptimizer = \"Adagrad\"")
        let e = try w.makeEstimator(statistics: try w.trainStatistics().columns)
        try e.train(input: w.trainInput, maxSteps: 1)
        #expect(e.variableNames.contains { $0.hasPrefix("training/Adagrad/linear/") })
        #expect(!e.variableNames.contains { $0.hasPrefix("training/Ftrl/") })
    }
}
