import Datasets
import FeatureColumns
import NN
import Tensors

/// What a model function gets besides its inputs: the variables, the mode, a seeded
/// generator and the backend. Like TF's `get_variable`, ``variable(_:shape:initializer:trainable:)``
/// creates a variable on first use and returns the same one afterwards, so a model function
/// is a plain function of its batch.
public final class ModelContext {
    public let backend: any Backend
    public internal(set) var mode: ModeKeys = .train
    /// Parameters given to the estimator (TF's `params`).
    public let params: [String: String]
    /// The seed for initialisers.
    public let seed: UInt64
    /// A generator for this step (dropout); seeded by the seed and the global step.
    public internal(set) var stepRandom: RandomGenerator
    /// Whether this training step writes summaries (fill ``EstimatorSpec/summaries`` only then).
    public internal(set) var recordSummaries = false
    var store: [String: Variable] = [:]
    var order: [String] = [] { didSet { cachedVariables = nil; cachedTrainable = nil } }
    private var cachedVariables: [Variable]?
    private var cachedTrainable: [Variable]?
    var initRandom: RandomGenerator
    var layers: [String: AnyObject] = [:]

    init(backend: any Backend, params: [String: String], seed: UInt64) {
        self.backend = backend
        self.params = params
        self.seed = seed
        initRandom = RandomGenerator(seed: seed)
        stepRandom = RandomGenerator(seed: seed &+ 1)
    }

    /// Batch work registered by the model function, in registration order.
    var preparers: [(key: String, body: @Sendable (Table) throws -> any Sendable)] = []
    /// What the preparers made of the batch being trained on, by key.
    var preparedBatch: [String: any Sendable] = [:]

    /// Registers work that depends only on a batch, such as feature columns turning raw values
    /// into ids and dense blocks, so training can run it on another thread ahead of the step.
    ///
    /// Call it from the model function (a key registers once); in the same call, read the
    /// result with ``prepared(_:)`` and do the work yourself when it is `nil` (the first call,
    /// evaluation, prediction, or a preparer that threw).
    public func prepareBatches(_ key: String, _ body: @escaping @Sendable (Table) throws -> any Sendable) {
        guard !preparers.contains(where: { $0.key == key }) else { return }
        preparers.append((key, body))
    }

    /// What the preparer `key` made of the batch the model function is running on, if it ran.
    public func prepared(_ key: String) -> (any Sendable)? { preparedBatch[key] }

    /// The variable named `name`, created with `initializer` the first time.
    public func variable(_ name: String, shape: Shape, initializer: Initializer = .zeros, trainable: Bool = true) -> Variable {
        if let v = store[name] {
            precondition(v.shape == shape, "variable '\(name)' exists with shape \(v.shape), asked for \(shape)")
            return v
        }
        let v = Variable(initializer.make(shape, rng: &initRandom, on: backend), name: name, trainable: trainable)
        store[name] = v
        order.append(name)
        return v
    }

    /// A layer cached by name (its variables join the store), built by `make` the first time.
    public func layer<L: Layer>(_ name: String, _ make: (inout RandomGenerator) throws -> L) rethrows -> L {
        if let l = layers[name] as? L { return l }
        let l = try make(&initRandom)
        for v in l.variables where store[v.name] == nil {
            store[v.name] = v
            order.append(v.name)
        }
        layers[name] = l
        return l
    }

    /// Every variable, in creation order.
    public var variables: [Variable] {
        if let v = cachedVariables { return v }
        let v = order.map { store[$0]! }
        cachedVariables = v
        return v
    }
    /// The trainable ones.
    public var trainableVariables: [Variable] {
        if let v = cachedTrainable { return v }
        let v = variables.filter(\.trainable)
        cachedTrainable = v
        return v
    }
}

/// One optimizer and the variables it updates.
public struct TrainOp {
    public var optimizer: Optimizer
    /// `nil`: every trainable variable not claimed by another train op.
    public var variables: [Variable]?
    public init(optimizer: Optimizer, variables: [Variable]? = nil) { (self.optimizer, self.variables) = (optimizer, variables) }
}

/// What a model function returns: TF's `EstimatorSpec`.
public struct EstimatorSpec {
    public var mode: ModeKeys
    /// The training loss (train and eval).
    public var loss: Tensor?
    /// How to minimise the loss (train).
    public var trainOps: [TrainOp]
    /// Outputs per example (infer), `[N, …]` tensors by key.
    public var predictions: [String: Tensor]
    /// For canned models: the head that owns loss, metrics and predictions, with its inputs.
    public var head: (any Head)?
    public var logits: Tensor?
    public var labels: Tensor?
    public var weights: Tensor?
    /// Extra training summaries by tag: a one-element tensor is a scalar, anything else a histogram.
    public var summaries: [(String, Tensor)] = []
    /// Evaluation metrics of the model function by key (eval): TF's `eval_metric_ops`.
    public var evalMetricOps: [String: EvalMetric] = [:]
    /// Outputs a served model returns, by signature key (used by the export format).
    public var exportOutputs: [String: Tensor] = [:]
    /// Hooks to run while training, taken from the first (building) call of the model function.
    public var trainingHooks: [TrainingHook] = []

    public init(mode: ModeKeys, loss: Tensor? = nil, trainOps: [TrainOp] = [], predictions: [String: Tensor] = [:]) {
        (self.mode, self.loss, self.trainOps, self.predictions) = (mode, loss, trainOps, predictions)
    }

    /// A spec whose loss, predictions and metrics come from `head`, as TF's `head.create_estimator_spec`.
    ///
    /// Throws when the labels do not give one row per example (a `label_dimension` of d needs d
    /// values per example), instead of failing on mismatched shapes inside the loss.
    public static func fromHead(_ head: any Head, mode: ModeKeys, logits: Tensor, labels: Tensor?, weights: Tensor?,
                                trainOps: [TrainOp]) throws(EstimatorError) -> EstimatorSpec {
        if let labels, labels.shape.rank > 0, logits.shape.rank > 0, labels.shape[0] != logits.shape[0] {
            let shapes = "labels \(labels.shape), logits \(logits.shape)"
            throw EstimatorError("the labels give \(labels.shape[0]) rows for \(logits.shape[0]) examples (\(shapes))",
                                 hint: "a label_dimension of \(head.logitsDimension) needs \(head.logitsDimension) label values per example; "
                                     + "est reads one label column, so use label_dimension 1")
        }
        var s = EstimatorSpec(mode: mode, loss: labels.map { head.loss(logits: logits, labels: $0, weights: weights) }, trainOps: trainOps)
        s.head = head
        s.logits = logits
        s.labels = labels
        s.weights = weights
        return s
    }
}

/// A model function: TF's `model_fn(features, labels, mode, params, config)`.
///
/// `labels` is the label column of the batch (nil in infer mode).
public typealias ModelFn = (_ features: Table, _ labels: Column?, _ mode: ModeKeys, _ context: ModelContext) throws -> EstimatorSpec

/// Where an estimator's data comes from: a dataset of batches and the name of its label column.
public struct InputFn {
    public var make: () throws -> Dataset
    public var label: String?

    public init(label: String?, _ make: @escaping () throws -> Dataset) { (self.make, self.label) = (make, label) }

    /// Batches of CSV files: shuffled (with the seed, through a buffer of `shuffleBuffer` rows) and repeated for
    /// training, once in order otherwise.
    public static func csv(_ files: [String], label: String?, batchSize: Int, shuffle: Bool = false, epochs: Int? = 1,
                           seed: UInt64 = 42, shuffleBuffer: Int = 10_000, options: CSVOptions = CSVOptions()) -> InputFn {
        InputFn(label: label) {
            var d = try Dataset.csv(files, options: options)
            if shuffle { d = d.shuffle(buffer: shuffleBuffer, seed: seed) }
            if epochs != 1 { d = d.repeat(epochs) }
            return d.batch(batchSize).prefetch(2)
        }
    }
}
