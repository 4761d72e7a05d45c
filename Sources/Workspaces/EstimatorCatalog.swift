import Estimators
import NN

/// The canned estimators a workspace can name, each with a one-line description, the task it fits and the
/// hyper-parameters of its `[estimator]` table: what the workbench's Model screen lists and edits.
///
/// Defaults are est's (TF's, with est's documented deviations: docs/workspaces.md, docs/estimators.md), the values
/// ``Workspace`` uses when a key is absent; a default that comes from the data (the classes, wide & deep's linear
/// rate) has no value, only a description.
public enum EstimatorCatalog {
    /// One canned kind: what it is and the keys it takes.
    public struct Entry: Sendable, Equatable {
        public var kind: EstimatorKind
        /// One line: what the model is.
        public var description: String
        /// "classification" or "regression".
        public var task: String
        /// The `[estimator]` keys it takes besides `kind`, in the order the form shows them.
        public var fields: [HyperParameter]

        /// The field with this key, if the kind takes it.
        public func field(_ key: String) -> HyperParameter? { fields.first { $0.key == key } }
    }

    /// Every canned kind, in `EstimatorKind.canned`'s order.
    public static let entries: [Entry] = EstimatorKind.canned.map(makeEntry)

    /// The entry of a kind (every canned kind has one).
    public static func entry(for kind: EstimatorKind) -> Entry {
        guard let e = entries.first(where: { $0.kind == kind }) else {
            preconditionFailure("EstimatorCatalog: no entry for \(kind.rawValue) (custom models are not canned)")
        }
        return e
    }

    /// The `[estimator]` keys of `present` that `kind` does not take (`kind` itself and unknown keys are kept).
    public static func keysNotTaken(by kind: EstimatorKind, among present: [String]) -> [String] {
        let taken = Set(entry(for: kind).fields.map(\.key))
        return present.filter { $0 != "kind" && Workspace.estimatorKeys.contains($0) && !taken.contains($0) }
    }

    static func makeEntry(_ kind: EstimatorKind) -> Entry {
        let task = kind.isClassifier ? "classification" : "regression"
        let what = kind.isClassifier ? "classes" : "numbers"
        let description: String
        var fields: [HyperParameter]
        switch kind.family {
        case .dnn:
            description = "A feed-forward neural network: dense hidden layers over the feature columns, predicting \(what)."
            fields = dnnFields(kind)
        case .linear:
            description = "A linear model: one weight per feature value (sparse columns directly), predicting \(what)."
            fields = optimizerFields(kind) + [sparseCombiner]
        case .dnnLinearCombined:
            description = "Wide & deep: a linear model and a neural network trained together, predicting \(what)."
            fields = dnnFields(kind) + [
                HyperParameter(key: "linear_optimizer", type: .choice(OptimizerSpec.names), defaultValue: .string("Ftrl"),
                               help: "the linear side's optimizer"),
                HyperParameter(key: "linear_learning_rate", type: .float, defaultValue: nil, defaultText: "min(0.005, 1/√columns)",
                               range: .above(0), help: "the linear side's learning rate"),
                sparseCombiner,
            ]
        case .boostedTrees:
            description = "Gradient-boosted decision trees, grown layer by layer on bucketized features, predicting \(what)."
            fields = treeFields(kind)
        case .baseline, .custom:
            description = "A baseline: learns only the label's " + (kind.isClassifier ? "class prior" : "mean") + ", ignoring the features."
            fields = optimizerFields(kind)
        }
        fields += kind.isClassifier ? classifierFields : regressorFields
        fields += commonFields
        return Entry(kind: kind, description: description, task: task, fields: fields)
    }

    static func optimizerFields(_ kind: EstimatorKind) -> [HyperParameter] {
        [HyperParameter(key: "optimizer", type: .choice(OptimizerSpec.names), defaultValue: kind.defaultOptimizer.map(TOMLValue.string),
                        help: "how the weights are updated (TF's names)"),
         HyperParameter(key: "learning_rate", type: .float, defaultValue: .float(kind.defaultLearningRate), range: .above(0),
                        help: "the optimizer's step size")]
    }

    static func dnnFields(_ kind: EstimatorKind) -> [HyperParameter] {
        [HyperParameter(key: "hidden_units", type: .intList, defaultValue: .array([.int(10), .int(10)]), range: .atLeast(1),
                        help: "units per hidden layer, first to last")]
            + optimizerFields(kind) + [
                HyperParameter(key: "activation_fn", type: .choice(Activation.allCases.map(\.rawValue)), defaultValue: .string("relu"),
                               help: "the hidden layers' activation"),
                HyperParameter(key: "dropout", type: .float, defaultValue: nil, defaultText: "none", range: .halfOpen(0, 1),
                               help: "the probability of dropping a hidden unit while training"),
                HyperParameter(key: "batch_norm", type: .bool, defaultValue: .bool(false), help: "batch normalization after each hidden layer"),
            ]
    }

    static func treeFields(_ kind: EstimatorKind) -> [HyperParameter] {
        let p = BoostedTreesParams()
        // est's regressor default min_node_weight is 20 (Workspace.swift: TF's 0 overfits small regression sets).
        let minNodeWeight = kind == .boostedTreesRegressor ? 20.0 : 0
        return [
            HyperParameter(key: "n_trees", type: .int, defaultValue: .int(Int64(p.nTrees)), range: .atLeast(1), help: "trees in the ensemble"),
            HyperParameter(key: "max_depth", type: .int, defaultValue: .int(Int64(p.maxDepth)), range: .between(1, 12),
                           help: "the deepest a tree grows"),
            HyperParameter(key: "learning_rate", type: .float, defaultValue: .float(p.learningRate), range: .above(0),
                           help: "shrinkage: each tree's weight in the sum"),
            HyperParameter(key: "l1_regularization", type: .float, defaultValue: .float(p.l1Regularization), range: .atLeast(0),
                           help: "L1 penalty on the leaf weights"),
            HyperParameter(key: "l2_regularization", type: .float, defaultValue: .float(p.l2Regularization), range: .atLeast(0),
                           help: "L2 penalty on the leaf weights"),
            HyperParameter(key: "tree_complexity", type: .float, defaultValue: .float(p.treeComplexity), range: .atLeast(0),
                           help: "the gain a split must bring, per leaf added"),
            HyperParameter(key: "min_node_weight", type: .float, defaultValue: .float(minNodeWeight), range: .atLeast(0),
                           help: "the least hessian sum a node needs to split"),
            HyperParameter(key: "center_bias", type: .bool, defaultValue: .bool(p.centerBias), help: "start from the label's mean (the prior)"),
            HyperParameter(key: "pruning_mode", type: .choice(["none", "pre", "post"]), defaultValue: .string(p.pruningMode.rawValue),
                           help: "prune splits below tree_complexity: before (pre) or after (post) growing"),
            HyperParameter(key: "quantile_sketch_epsilon", type: .float, defaultValue: .float(p.quantileSketchEpsilon),
                           range: .open(0.001, 1), help: "the bucket boundaries' precision"),
            HyperParameter(key: "n_batches_per_layer", type: .int, defaultValue: nil, defaultText: "the whole training file",
                           range: .atLeast(1), help: "batches read to grow one layer of a tree"),
        ]
    }

    static let sparseCombiner = HyperParameter(key: "sparse_combiner", type: .choice(Combiner.allCases.map(\.rawValue)),
                                               defaultValue: .string(Combiner.sum.rawValue),
                                               help: "how a multi-valued sparse feature's weights combine")

    static let classifierFields = [
        HyperParameter(key: "n_classes", type: .int, defaultValue: nil, defaultText: "from the data", range: .atLeast(2),
                       help: "the number of classes"),
        HyperParameter(key: "label_vocabulary", type: .stringList, defaultValue: nil, defaultText: "from the data",
                       help: "the class names, in class-id order"),
    ]

    static let regressorFields = [
        HyperParameter(key: "label_dimension", type: .int, defaultValue: .int(1), range: .between(1, 1),
                       help: "values per label (a workspace's label is one column: 1)"),
    ]

    static let commonFields = [
        HyperParameter(key: "loss_reduction", type: .choice(["sum_over_batch_size", "sum"]), defaultValue: .string("sum_over_batch_size"),
                       help: "how the batch's losses reduce to one"),
        HyperParameter(key: "weight_column", type: .text, defaultValue: nil, defaultText: "none", help: "a column of example weights"),
    ]
}
