import Datasets
import FeatureColumns
import NN
import Tensors

/// An optimizer by name (with TF's canned names) or an instance.
public enum OptimizerSpec {
    case named(String, learningRate: Double?)
    case instance(Optimizer)

    /// The optimizer; a name without a learning rate takes `defaultRate`.
    public func make(defaultRate: Double) throws -> Optimizer {
        switch self {
        case let .instance(o): return o
        case let .named(name, lr):
            let rate = lr ?? defaultRate
            switch name.lowercased() {
            case "adagrad": return Adagrad(learningRate: rate)
            case "adam": return Adam(learningRate: rate)
            case "ftrl": return Ftrl(learningRate: rate)
            case "rmsprop": return RMSProp(learningRate: rate)
            case "sgd": return SGD(learningRate: rate)
            default: throw EstimatorError("unknown optimizer '\(name)'", hint: "use Adagrad, Adam, Ftrl, RMSProp or SGD")
            }
        }
    }

    var name: String {
        switch self {
        case let .named(n, _): n
        case let .instance(o): o.name
        }
    }
}

/// The DNN network of TF's canned `DNNClassifier`/`DNNRegressor`, as a model function.
func dnnModelFn(head: any Head, hiddenUnits: [Int], featureColumns: [any FeatureColumn], optimizer: OptimizerSpec,
                activation: Activation, dropout: Double?, batchNorm: Bool) throws -> ModelFn {
    precondition(!hiddenUnits.isEmpty && hiddenUnits.allSatisfy { $0 > 0 }, "DNN: hiddenUnits must be positive, got \(hiddenUnits)")
    if let d = dropout { precondition(d >= 0 && d < 1, "DNN: dropout must be in [0, 1), got \(d)") }
    // TF 2.15's canned DNN defaults to Adagrad at Keras's 0.001, which under-trains; est uses TF 1's 0.05 (docs/estimators.md).
    let opt = try optimizer.make(defaultRate: 0.05)
    return { features, labels, mode, ctx in
        let input = try ctx.layer("dnn/input_from_feature_columns") { rng throws(DataError) in
            try DenseFeatures(featureColumns, namePrefix: "dnn/input_from_feature_columns/input_layer", rng: &rng, on: ctx.backend)
        }
        let key = "dnn/input_from_feature_columns"
        let (order, widths) = (input.order, input.widths)
        ctx.prepareBatches(key) { try DenseFeatures.inputs(Features($0), order: order, widths: widths) }
        var x = input(try (ctx.prepared(key) as? DenseFeatures.Inputs) ?? input.inputs(Features(features)), on: ctx.backend)
        var summaries: [(String, Tensor)] = []
        func summarize(_ name: String, _ t: Tensor) {
            guard ctx.recordSummaries else { return }
            let v = t.detached()
            summaries.append(("\(name)/fraction_of_zero_values", (v .== 0).cast(to: .float32).mean()))
            summaries.append(("\(name)/activation", v))
        }
        for (i, units) in hiddenUnits.enumerated() {
            let inputSize = x.shape[1]
            let layer = ctx.layer("dnn/hiddenlayer_\(i)") { rng in
                Dense(inputSize: inputSize, units: units, activation: activation, name: "dnn/hiddenlayer_\(i)", rng: &rng, on: ctx.backend)
            }
            x = layer(x)
            summarize("dnn/hiddenlayer_\(i)", x)
            if let d = dropout, d > 0, mode == .train { x = Dropout(rate: d)(x, training: true, rng: &ctx.stepRandom) }
            if batchNorm {
                let bn = ctx.layer("dnn/hiddenlayer_\(i)/batchnorm_\(i)") { _ in
                    BatchNormalization(features: units, name: "dnn/hiddenlayer_\(i)/batchnorm_\(i)", on: ctx.backend)
                }
                x = bn(x, training: mode == .train)
            }
        }
        let width = x.shape[1]
        let logitsLayer = ctx.layer("dnn/logits") { rng in
            Dense(inputSize: width, units: head.logitsDimension, name: "dnn/logits", rng: &rng, on: ctx.backend)
        }
        let logits = logitsLayer(x)
        summarize("dnn/logits", logits)
        let y = try labels.map { c throws(EstimatorError) in try head.labels(c, firstRow: 0).to(ctx.backend) }
        let w = try head.weights(features, on: ctx.backend)
        var spec = try EstimatorSpec.fromHead(head, mode: mode, logits: logits, labels: y, weights: w, trainOps: [TrainOp(optimizer: opt)])
        spec.summaries = summaries
        return spec
    }
}

/// TF's `DNNClassifier`: a feed-forward network with a binary or multi-class head.
///
/// Variables: `dnn/hiddenlayer_<i>/kernel|bias`, `dnn/logits/kernel|bias`, embeddings under
/// `dnn/input_from_feature_columns/input_layer/<column>/embedding_weights`.
public func DNNClassifier(hiddenUnits: [Int], featureColumns: [any FeatureColumn], modelDir: String, nClasses: Int = 2,
                          weightColumn: String? = nil, labelVocabulary: [String]? = nil,
                          optimizer: OptimizerSpec = .named("Adagrad", learningRate: nil), activation: Activation = .relu,
                          dropout: Double? = nil, batchNorm: Bool = false, lossReduction: LossReduction = .sumOverBatchSize,
                          config: RunConfig = RunConfig(), warmStartFrom: WarmStartSettings? = nil,
                              backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.classifier(nClasses: nClasses, labelVocabulary: labelVocabulary, weightColumn: weightColumn, lossReduction: lossReduction)
    return try dnnEstimator(.dnnClassifier, head: head, hiddenUnits: hiddenUnits, featureColumns: featureColumns, optimizer: optimizer,
                            activation: activation, dropout: dropout, batchNorm: batchNorm, modelDir: modelDir, config: config,
                            warmStartFrom: warmStartFrom, backend: backend)
}

/// TF's `DNNRegressor`: a feed-forward network with a regression head.
public func DNNRegressor(hiddenUnits: [Int], featureColumns: [any FeatureColumn], modelDir: String, labelDimension: Int = 1,
                         weightColumn: String? = nil, optimizer: OptimizerSpec = .named("Adagrad", learningRate: nil),
                         activation: Activation = .relu, dropout: Double? = nil, batchNorm: Bool = false,
                         lossReduction: LossReduction = .sumOverBatchSize, config: RunConfig = RunConfig(),
                         warmStartFrom: WarmStartSettings? = nil, backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.regressor(labelDimension: labelDimension, weightColumn: weightColumn, lossReduction: lossReduction)
    return try dnnEstimator(.dnnRegressor, head: head, hiddenUnits: hiddenUnits, featureColumns: featureColumns, optimizer: optimizer,
                            activation: activation, dropout: dropout, batchNorm: batchNorm, modelDir: modelDir, config: config,
                            warmStartFrom: warmStartFrom, backend: backend)
}

/// A DNN estimator through its config (what `estimator.json` holds).
func dnnEstimator(_ kind: EstimatorKind, head: HeadConfig, hiddenUnits: [Int], featureColumns: [any FeatureColumn], optimizer: OptimizerSpec,
                  activation: Activation, dropout: Double?, batchNorm: Bool, modelDir: String, config: RunConfig,
                  warmStartFrom: WarmStartSettings?, backend: (any Backend)?) throws -> Estimator {
    let (name, rate) = optimizer.resolved(defaultRate: DefaultRates.dnn)
    let model = DNNConfig(hiddenUnits: hiddenUnits, featureColumns: featureColumns.map(FeatureColumnSpec.init), optimizer: name, learningRate: rate,
                          activation: activation, dropout: dropout, batchNorm: batchNorm)
    return try EstimatorConfig(kind: kind, head: head, model: .dnn(model), randomSeed: config.randomSeed)
        .build(modelDir: modelDir, run: config, backend: backend, warmStartFrom: warmStartFrom, live: LiveParts(columns: [featureColumns],
            optimizers: [optimizer]))
}
