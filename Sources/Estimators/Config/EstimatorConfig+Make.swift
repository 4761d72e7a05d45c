import Datasets
import FeatureColumns
import Foundation
import NN
import Tensors

/// What a factory function has in hand that a config only describes: the columns and optimizer instances.
struct LiveParts {
    /// The feature columns per side (DNN, linear, trees: one list; wide & deep: linear then DNN).
    var columns: [[any FeatureColumn]] = []
    /// The optimizers per side, in the same order (wide & deep: linear then DNN).
    var optimizers: [OptimizerSpec] = []
    /// Boosted trees' threads from their params (a config takes them from the ``RunConfig``).
    var treeThreads: Int?
}

extension OptimizerSpec {
    /// The optimizer names est knows, as TF spells them.
    public static let names = ["Adagrad", "Adam", "Ftrl", "RMSProp", "SGD"]

    /// The name (TF's spelling) and the learning rate this spec trains at, `defaultRate` when none is given.
    func resolved(defaultRate: Double) -> (name: String, rate: Double) {
        switch self {
        case let .named(n, lr): (Self.names.first { $0.lowercased() == n.lowercased() } ?? n, lr ?? defaultRate)
        case let .instance(o): (o.name, o.learningRate)
        }
    }
}

/// The canned default learning rates (TF's, with est's documented deviations: docs/estimators.md).
enum DefaultRates {
    /// TF 2.15's canned DNN uses Keras's 0.001, which under-trains; est uses TF 1's 0.05.
    static let dnn = 0.05
    /// TF's Ftrl 0.2 for linear classifiers; 1.0 for regressors (0.2 under-trains the bias: docs/results.md).
    static func linear(regression: Bool) -> Double { regression ? 1.0 : 0.2 }
    /// Wide & deep's linear side: TF's `min(0.005, 1/√n_linear_columns)`.
    static func wideLinear(columns: Int) -> Double { Swift.min(0.005, 1 / Double(Swift.max(columns, 1)).squareRoot()) }
    static let baseline = 0.3
}

extension EstimatorConfig {
    /// The estimator this config describes, in `modelDir`; `config`'s random seed is replaced by ``randomSeed``.
    ///
    /// Values the model would reject (a non-positive hidden layer, dropout outside [0, 1), an
    /// inconsistent head, a feature column's bad values) throw; a custom model function's config
    /// throws ``EstimatorConfigError``.
    public func makeEstimator(modelDir: String, config: RunConfig = RunConfig(), backend: (any Backend)? = nil,
                              warmStartFrom: WarmStartSettings? = nil) throws -> Estimator {
        try build(modelDir: modelDir, run: config, backend: backend, warmStartFrom: warmStartFrom, live: nil)
    }

    /// The one factory: every canned estimator is built here, from a config (and, from the factory functions, its live parts).
    func build(modelDir: String, run: RunConfig, backend: (any Backend)?, warmStartFrom: WarmStartSettings?, live: LiveParts?) throws -> Estimator {
        var run = run
        run.randomSeed = randomSeed
        func columns(_ side: Int, _ specs: [FeatureColumnSpec]) throws -> [any FeatureColumn] {
            if let live, side < live.columns.count { return live.columns[side] }
            return try specs.map { s throws(DataError) in try s.make() }
        }
        func optimizer(_ side: Int, _ name: String, _ rate: Double) -> OptimizerSpec {
            if let live, side < live.optimizers.count { return live.optimizers[side] }
            return .named(name, learningRate: rate)
        }
        let fn: ModelFn
        var trainer: (any Trainer)? = nil
        switch model {
        case let .dnn(c):
            try Self.check(hiddenUnits: c.hiddenUnits, dropout: c.dropout, key: "hidden_units")
            fn = try dnnModelFn(head: try makeHead(), hiddenUnits: c.hiddenUnits, featureColumns: try columns(0, c.featureColumns),
                                optimizer: optimizer(0, c.optimizer, c.learningRate), activation: c.activation, dropout: c.dropout,
                                batchNorm: c.batchNorm)
        case let .linear(c):
            fn = try linearModelFn(head: try makeHead(), featureColumns: try columns(0, c.featureColumns),
                                   optimizer: optimizer(0, c.optimizer, c.learningRate), combiner: c.sparseCombiner)
        case let .dnnLinearCombined(c):
            if !c.dnnFeatureColumns.isEmpty { try Self.check(hiddenUnits: c.dnnHiddenUnits, dropout: c.dnnDropout, key: "dnn_hidden_units") }
            fn = try combinedModelFn(head: try makeHead(), linearColumns: try columns(0, c.linearFeatureColumns),
                                     dnnColumns: try columns(1, c.dnnFeatureColumns), hiddenUnits: c.dnnHiddenUnits,
                                     linearOptimizer: optimizer(0, c.linearOptimizer, c.linearLearningRate),
                                     dnnOptimizer: optimizer(1, c.dnnOptimizer, c.dnnLearningRate), activation: c.dnnActivation,
                                     dropout: c.dnnDropout, batchNorm: c.batchNorm, combiner: c.linearSparseCombiner)
        case let .boostedTrees(c):
            var p = c.params
            guard p.nTrees > 0, p.maxDepth > 0, p.maxDepth <= 12, p.nBatchesPerLayer > 0, p.learningRate > 0,
                  p.quantileSketchEpsilon > 0, p.quantileSketchEpsilon < 1 else {
                throw EstimatorError("boosted trees: n_trees \(p.nTrees), max_depth \(p.maxDepth), n_batches_per_layer \(p.nBatchesPerLayer), "
                                     + "learning_rate \(p.learningRate), quantile_sketch_epsilon \(p.quantileSketchEpsilon) out of range",
                                     hint: "n_trees, n_batches_per_layer and learning_rate must be positive, max_depth 1…12, "
                                         + "quantile_sketch_epsilon in (0, 1)")
            }
            p.threads = live.map(\.treeThreads) ?? run.threads
            let trees = try BoostedTreesModel(head: try makeHead(), featureColumns: try columns(0, c.featureColumns), params: p)
            fn = trees.modelFn
            trainer = TreeTrainer(trees)
        case let .baseline(c):
            fn = try baselineModelFn(head: try makeHead(), optimizer: optimizer(0, c.optimizer, c.learningRate))
        case .custom:
            throw EstimatorConfigError(file: modelDir + "/estimator.json", reason: .customModel,
                                       problem: "a custom model function's config cannot build its estimator",
                                       hint: "build it with Estimator(modelFn: …, modelDir: …)")
        }
        let e = Estimator(modelFn: fn, modelDir: modelDir, config: run, backend: backend, warmStartFrom: warmStartFrom)
        e.estimatorConfig = self
        if let trainer { e.trainer = trainer }
        return e
    }

    func makeHead() throws -> any Head {
        guard let head else { throw EstimatorError("a \(kind.rawValue) config has no head",
            hint: "give n_classes (classifiers) or label_dimension (regressors)") }
        return try head.make(classifier: kind.isClassifier)
    }

    static func check(hiddenUnits: [Int], dropout: Double?, key: String) throws {
        guard !hiddenUnits.isEmpty, hiddenUnits.allSatisfy({ $0 > 0 }) else {
            throw EstimatorError("\(key) must be positive integers, got \(hiddenUnits)", hint: "for example [10, 10]")
        }
        if let d = dropout, !(d >= 0 && d < 1) { throw EstimatorError("dropout must be in [0, 1), got \(d)", hint: "for example 0.1, or none") }
    }
}
