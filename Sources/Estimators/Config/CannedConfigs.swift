import FeatureColumns
import NN

/// The hyper-parameters of `DNNClassifier`/`DNNRegressor` (TF's argument names in `estimator.json`).
public struct DNNConfig: Codable, Equatable, Sendable {
    public var hiddenUnits: [Int]
    public var featureColumns: [FeatureColumnSpec]
    /// Optimizer name (`Adagrad`, `Adam`, `Ftrl`, `RMSProp`, `SGD`) and the learning rate it trains at.
    public var optimizer: String
    public var learningRate: Double
    public var activation: Activation
    public var dropout: Double?
    public var batchNorm: Bool

    enum CodingKeys: String, CodingKey {
        case hiddenUnits = "hidden_units", featureColumns = "feature_columns", optimizer, learningRate = "learning_rate"
        case activation = "activation_fn", dropout, batchNorm = "batch_norm"
    }

    public init(hiddenUnits: [Int], featureColumns: [FeatureColumnSpec], optimizer: String = "Adagrad", learningRate: Double = 0.05,
                activation: Activation = .relu, dropout: Double? = nil, batchNorm: Bool = false) {
        (self.hiddenUnits, self.featureColumns, self.optimizer, self.learningRate) = (hiddenUnits, featureColumns, optimizer, learningRate)
        (self.activation, self.dropout, self.batchNorm) = (activation, dropout, batchNorm)
    }
}

/// The hyper-parameters of `LinearClassifier`/`LinearRegressor`.
public struct LinearConfig: Codable, Equatable, Sendable {
    public var featureColumns: [FeatureColumnSpec]
    public var optimizer: String
    public var learningRate: Double
    public var sparseCombiner: Combiner

    enum CodingKeys: String, CodingKey {
        case featureColumns = "feature_columns", optimizer, learningRate = "learning_rate", sparseCombiner = "sparse_combiner"
    }

    public init(featureColumns: [FeatureColumnSpec], optimizer: String = "Ftrl", learningRate: Double, sparseCombiner: Combiner = .sum) {
        (self.featureColumns, self.optimizer, self.learningRate, self.sparseCombiner) = (featureColumns, optimizer, learningRate, sparseCombiner)
    }
}

/// The hyper-parameters of `DNNLinearCombinedClassifier`/`Regressor` (wide & deep): each side its own optimizer.
public struct DNNLinearCombinedConfig: Codable, Equatable, Sendable {
    public var linearFeatureColumns: [FeatureColumnSpec]
    public var dnnFeatureColumns: [FeatureColumnSpec]
    public var dnnHiddenUnits: [Int]
    public var linearOptimizer: String
    public var linearLearningRate: Double
    public var dnnOptimizer: String
    public var dnnLearningRate: Double
    public var dnnActivation: Activation
    public var dnnDropout: Double?
    public var batchNorm: Bool
    public var linearSparseCombiner: Combiner

    enum CodingKeys: String, CodingKey {
        case linearFeatureColumns = "linear_feature_columns", dnnFeatureColumns = "dnn_feature_columns", dnnHiddenUnits = "dnn_hidden_units"
        case linearOptimizer = "linear_optimizer", linearLearningRate = "linear_learning_rate", dnnOptimizer = "dnn_optimizer"
        case dnnLearningRate = "dnn_learning_rate", dnnActivation = "dnn_activation_fn", dnnDropout = "dnn_dropout", batchNorm = "batch_norm"
        case linearSparseCombiner = "linear_sparse_combiner"
    }

    public init(linearFeatureColumns: [FeatureColumnSpec], dnnFeatureColumns: [FeatureColumnSpec], dnnHiddenUnits: [Int],
                linearOptimizer: String = "Ftrl", linearLearningRate: Double, dnnOptimizer: String = "Adagrad", dnnLearningRate: Double = 0.05,
                dnnActivation: Activation = .relu, dnnDropout: Double? = nil, batchNorm: Bool = false, linearSparseCombiner: Combiner = .sum) {
        (self.linearFeatureColumns, self.dnnFeatureColumns, self.dnnHiddenUnits) = (linearFeatureColumns, dnnFeatureColumns, dnnHiddenUnits)
        (self.linearOptimizer, self.linearLearningRate, self.dnnOptimizer, self.dnnLearningRate) = (linearOptimizer, linearLearningRate,
            dnnOptimizer, dnnLearningRate)
        (self.dnnActivation, self.dnnDropout, self.batchNorm, self.linearSparseCombiner) = (dnnActivation, dnnDropout, batchNorm,
            linearSparseCombiner)
    }
}

/// The hyper-parameters of `BaselineClassifier`/`BaselineRegressor`.
public struct BaselineConfig: Codable, Equatable, Sendable {
    public var optimizer: String
    public var learningRate: Double

    enum CodingKeys: String, CodingKey { case optimizer, learningRate = "learning_rate" }

    public init(optimizer: String = "Ftrl", learningRate: Double = 0.3) { (self.optimizer, self.learningRate) = (optimizer, learningRate) }
}

/// The hyper-parameters of `BoostedTreesClassifier`/`BoostedTreesRegressor`: the columns and ``BoostedTreesParams``
/// (`threads` is not stored: it is how to run, taken from the ``RunConfig``).
public struct BoostedTreesConfig: Codable, Equatable, Sendable {
    public var featureColumns: [FeatureColumnSpec]
    public var params: BoostedTreesParams

    enum CodingKeys: String, CodingKey {
        case featureColumns = "feature_columns", nTrees = "n_trees", maxDepth = "max_depth", learningRate = "learning_rate"
        case nBatchesPerLayer = "n_batches_per_layer", l1 = "l1_regularization", l2 = "l2_regularization", treeComplexity = "tree_complexity"
        case minNodeWeight = "min_node_weight", centerBias = "center_bias", pruningMode = "pruning_mode", epsilon = "quantile_sketch_epsilon"
    }

    public init(featureColumns: [FeatureColumnSpec], params: BoostedTreesParams) {
        self.featureColumns = featureColumns
        self.params = params
        self.params.threads = nil
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        featureColumns = try c.decode([FeatureColumnSpec].self, forKey: .featureColumns)
        let pruning = try c.decode(String.self, forKey: .pruningMode)
        guard let pm = BoostedTreesParams.Pruning(rawValue: pruning) else {
            throw DecodingError.dataCorruptedError(forKey: .pruningMode, in: c,
                debugDescription: "pruning_mode must be none, pre or post, got '\(pruning)'")
        }
        params = BoostedTreesParams(nBatchesPerLayer: try c.decode(Int.self, forKey: .nBatchesPerLayer), nTrees: try c.decode(Int.self,
            forKey: .nTrees),
                                    maxDepth: try c.decode(Int.self, forKey: .maxDepth), learningRate: try c.decode(Double.self,
                                        forKey: .learningRate),
                                    l1Regularization: try c.decode(Double.self, forKey: .l1), l2Regularization: try c.decode(Double.self,
                                        forKey: .l2),
                                    treeComplexity: try c.decode(Double.self, forKey: .treeComplexity),
                                    minNodeWeight: try c.decode(Double.self, forKey: .minNodeWeight), centerBias: try c.decode(Bool.self,
                                        forKey: .centerBias),
                                    pruningMode: pm, quantileSketchEpsilon: try c.decode(Double.self, forKey: .epsilon))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let p = params
        try c.encode(featureColumns, forKey: .featureColumns)
        try c.encode(p.nTrees, forKey: .nTrees)
        try c.encode(p.maxDepth, forKey: .maxDepth)
        try c.encode(p.learningRate, forKey: .learningRate)
        try c.encode(p.nBatchesPerLayer, forKey: .nBatchesPerLayer)
        try c.encode(p.l1Regularization, forKey: .l1)
        try c.encode(p.l2Regularization, forKey: .l2)
        try c.encode(p.treeComplexity, forKey: .treeComplexity)
        try c.encode(p.minNodeWeight, forKey: .minNodeWeight)
        try c.encode(p.centerBias, forKey: .centerBias)
        try c.encode(p.pruningMode.rawValue, forKey: .pruningMode)
        try c.encode(p.quantileSketchEpsilon, forKey: .epsilon)
    }
}

/// The model part of an ``EstimatorConfig``: one case per canned family, or a custom model function's params.
public enum ModelConfig: Equatable, Sendable {
    case dnn(DNNConfig)
    case linear(LinearConfig)
    case dnnLinearCombined(DNNLinearCombinedConfig)
    case boostedTrees(BoostedTreesConfig)
    case baseline(BaselineConfig)
    /// A model function's `params` (the function itself is code: it cannot be rebuilt from a file).
    case custom(params: [String: String])

    /// The family this config belongs to.
    public var family: EstimatorKind.Family {
        switch self {
        case .dnn: .dnn
        case .linear: .linear
        case .dnnLinearCombined: .dnnLinearCombined
        case .boostedTrees: .boostedTrees
        case .baseline: .baseline
        case .custom: .custom
        }
    }
}
