/// The kind of an estimator: TF's canned estimator names, or `custom` for a model function.
///
/// `estimator.json` and `workspace.toml` spell a kind by its raw value (`DNNClassifier`, …).
public enum EstimatorKind: String, Codable, CaseIterable, Sendable {
    case dnnClassifier = "DNNClassifier"
    case dnnRegressor = "DNNRegressor"
    case linearClassifier = "LinearClassifier"
    case linearRegressor = "LinearRegressor"
    case dnnLinearCombinedClassifier = "DNNLinearCombinedClassifier"
    case dnnLinearCombinedRegressor = "DNNLinearCombinedRegressor"
    case boostedTreesClassifier = "BoostedTreesClassifier"
    case boostedTreesRegressor = "BoostedTreesRegressor"
    case baselineClassifier = "BaselineClassifier"
    case baselineRegressor = "BaselineRegressor"
    /// An ``Estimator`` built from a model function: `estimator.json` cannot rebuild it.
    case custom

    /// The canned estimator families (a classifier and a regressor each).
    public enum Family: String, Codable, CaseIterable, Sendable {
        case dnn, linear, dnnLinearCombined = "dnn_linear_combined", boostedTrees = "boosted_trees", baseline, custom
    }

    /// The canned kinds (every case but `custom`).
    public static var canned: [EstimatorKind] { allCases.filter { $0 != .custom } }

    /// The family: the model a classifier and a regressor share.
    public var family: Family {
        switch self {
        case .dnnClassifier, .dnnRegressor: .dnn
        case .linearClassifier, .linearRegressor: .linear
        case .dnnLinearCombinedClassifier, .dnnLinearCombinedRegressor: .dnnLinearCombined
        case .boostedTreesClassifier, .boostedTreesRegressor: .boostedTrees
        case .baselineClassifier, .baselineRegressor: .baseline
        case .custom: .custom
        }
    }

    /// Whether the kind predicts classes (a binary or multi-class head).
    public var isClassifier: Bool {
        switch self {
        case .dnnClassifier, .linearClassifier, .dnnLinearCombinedClassifier, .boostedTreesClassifier, .baselineClassifier: true
        default: false
        }
    }

    /// Whether the kind regresses numbers (a regression head).
    public var isRegressor: Bool { self != .custom && !isClassifier }

    /// Whether the kind is a boosted-trees estimator (trains until its trees are built, not for a number of steps).
    public var isBoostedTrees: Bool { family == .boostedTrees }

    /// Whether the kind learns by gradient descent with a named optimizer (everything but trees).
    public var usesOptimizer: Bool { family != .boostedTrees && family != .custom }

    /// Whether the kind's (main) feature columns must be dense: categorical columns wrapped in
    /// indicator or embedding columns (DNN, the DNN side of wide & deep, boosted trees).
    public var usesDNNColumns: Bool { family == .dnn || family == .dnnLinearCombined || family == .boostedTrees }

    /// Whether the kind has a linear part that takes categorical columns directly.
    public var hasLinearPart: Bool { family == .linear || family == .dnnLinearCombined }

    /// Whether the kind reads feature columns at all (baselines learn a bias only).
    public var usesFeatureColumns: Bool { family != .baseline && family != .custom }

    /// The optimizer used when none is given: Adagrad for DNNs (and wide & deep's DNN side), Ftrl for linear models and baselines.
    public var defaultOptimizer: String? {
        switch family {
        case .dnn, .dnnLinearCombined: "Adagrad"
        case .linear, .baseline: "Ftrl"
        case .boostedTrees, .custom: nil
        }
    }

    /// The learning rate used when none is given (wide & deep: its DNN side's; boosted trees: TF's 0.1 shrinkage).
    public var defaultLearningRate: Double {
        switch family {
        case .dnn, .dnnLinearCombined: DefaultRates.dnn
        case .linear: DefaultRates.linear(regression: isRegressor)
        case .baseline: DefaultRates.baseline
        case .boostedTrees, .custom: 0.1
        }
    }

    /// Wide & deep's linear-side learning rate when none is given: TF's `min(0.005, 1/√n_linear_columns)`.
    public static func wideLinearLearningRate(linearColumns: Int) -> Double { DefaultRates.wideLinear(columns: linearColumns) }
}
