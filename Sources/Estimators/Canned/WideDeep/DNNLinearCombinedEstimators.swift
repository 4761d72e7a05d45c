import Datasets
import FeatureColumns
import NN
import Tensors

/// Wide & deep: linear logits plus DNN logits, each part with its own optimizer, one step.
func combinedModelFn(head: any Head, linearColumns: [any FeatureColumn], dnnColumns: [any FeatureColumn], hiddenUnits: [Int],
                     linearOptimizer: OptimizerSpec, dnnOptimizer: OptimizerSpec, activation: Activation, dropout: Double?,
                     batchNorm: Bool, combiner: Combiner) throws -> ModelFn {
    guard !linearColumns.isEmpty || !dnnColumns.isEmpty else {
        throw EstimatorError("wide & deep needs linear or DNN feature columns", hint: "give linear_feature_columns, dnn_feature_columns or both")
    }
    // TF: the linear part's Ftrl rate is min(0.005, 1/√n_linear_columns); the DNN part's Adagrad: est uses 0.05 (docs/estimators.md).
    let linearRate = Swift.min(0.005, 1 / Double(Swift.max(linearColumns.count, 1)).squareRoot())
    let linearOpt = try linearOptimizer.make(defaultRate: linearRate)
    let dnn = dnnColumns.isEmpty ? nil : try dnnModelFn(head: head, hiddenUnits: hiddenUnits, featureColumns: dnnColumns, optimizer: dnnOptimizer,
                                                        activation: activation, dropout: dropout, batchNorm: batchNorm)
    let dnnOpt = try dnnOptimizer.make(defaultRate: 0.05)
    return { features, labels, mode, ctx in
        var logits: Tensor? = nil
        var summaries: [(String, Tensor)] = []
        if let dnn {
            let spec = try dnn(features, nil, mode, ctx)
            logits = spec.logits
            summaries = spec.summaries
        }
        let dnnVariables = ctx.trainableVariables
        if !linearColumns.isEmpty {
            let l = try linearLogits(features, columns: linearColumns, logitsDimension: head.logitsDimension, combiner: combiner, context: ctx)
            logits = logits.map { $0 + l } ?? l
        }
        let linearVariables = ctx.trainableVariables.filter { $0.name.hasPrefix("linear/") }
        let y = try labels.map { c throws(EstimatorError) in try head.labels(c, firstRow: 0).to(ctx.backend) }
        let w = try head.weights(features, on: ctx.backend)
        var ops: [TrainOp] = []
        if !dnnColumns.isEmpty { ops.append(TrainOp(optimizer: dnnOpt, variables: dnnVariables.filter { $0.name.hasPrefix("dnn/") })) }
        if !linearColumns.isEmpty { ops.append(TrainOp(optimizer: linearOpt, variables: linearVariables)) }
        var spec = try EstimatorSpec.fromHead(head, mode: mode, logits: logits!, labels: y, weights: w, trainOps: ops)
        spec.summaries = summaries
        return spec
    }
}

/// TF's `DNNLinearCombinedClassifier` (wide & deep).
public func DNNLinearCombinedClassifier(linearFeatureColumns: [any FeatureColumn], dnnFeatureColumns: [any FeatureColumn], dnnHiddenUnits: [Int],
                                        modelDir: String, nClasses: Int = 2, weightColumn: String? = nil, labelVocabulary: [String]? = nil,
                                        linearOptimizer: OptimizerSpec = .named("Ftrl", learningRate: nil),
                                        dnnOptimizer: OptimizerSpec = .named("Adagrad", learningRate: nil), dnnActivation: Activation = .relu,
                                        dnnDropout: Double? = nil, batchNorm: Bool = false, linearSparseCombiner: Combiner = .sum,
                                        lossReduction: LossReduction = .sumOverBatchSize, config: RunConfig = RunConfig(),
                                        warmStartFrom: WarmStartSettings? = nil, backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.classifier(nClasses: nClasses, labelVocabulary: labelVocabulary, weightColumn: weightColumn, lossReduction: lossReduction)
    return try combinedEstimator(.dnnLinearCombinedClassifier, head: head, linearColumns: linearFeatureColumns, dnnColumns: dnnFeatureColumns,
                                 hiddenUnits: dnnHiddenUnits, linearOptimizer: linearOptimizer, dnnOptimizer: dnnOptimizer, activation: dnnActivation,
                                 dropout: dnnDropout, batchNorm: batchNorm, combiner: linearSparseCombiner, modelDir: modelDir, config: config,
                                 warmStartFrom: warmStartFrom, backend: backend)
}

/// TF's `DNNLinearCombinedRegressor` (wide & deep).
public func DNNLinearCombinedRegressor(linearFeatureColumns: [any FeatureColumn], dnnFeatureColumns: [any FeatureColumn], dnnHiddenUnits: [Int],
                                       modelDir: String, labelDimension: Int = 1, weightColumn: String? = nil,
                                       linearOptimizer: OptimizerSpec = .named("Ftrl", learningRate: nil),
                                       dnnOptimizer: OptimizerSpec = .named("Adagrad", learningRate: nil), dnnActivation: Activation = .relu,
                                       dnnDropout: Double? = nil, batchNorm: Bool = false, linearSparseCombiner: Combiner = .sum,
                                       lossReduction: LossReduction = .sumOverBatchSize, config: RunConfig = RunConfig(),
                                       warmStartFrom: WarmStartSettings? = nil, backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.regressor(labelDimension: labelDimension, weightColumn: weightColumn, lossReduction: lossReduction)
    return try combinedEstimator(.dnnLinearCombinedRegressor, head: head, linearColumns: linearFeatureColumns, dnnColumns: dnnFeatureColumns,
                                 hiddenUnits: dnnHiddenUnits, linearOptimizer: linearOptimizer, dnnOptimizer: dnnOptimizer, activation: dnnActivation,
                                 dropout: dnnDropout, batchNorm: batchNorm, combiner: linearSparseCombiner, modelDir: modelDir, config: config,
                                 warmStartFrom: warmStartFrom, backend: backend)
}

/// A wide & deep estimator through its config (what `estimator.json` holds).
func combinedEstimator(_ kind: EstimatorKind, head: HeadConfig, linearColumns: [any FeatureColumn], dnnColumns: [any FeatureColumn],
    hiddenUnits: [Int],
                       linearOptimizer: OptimizerSpec, dnnOptimizer: OptimizerSpec, activation: Activation, dropout: Double?, batchNorm: Bool,
                       combiner: Combiner, modelDir: String, config: RunConfig, warmStartFrom: WarmStartSettings?,
                           backend: (any Backend)?) throws -> Estimator {
    let linear = linearOptimizer.resolved(defaultRate: DefaultRates.wideLinear(columns: linearColumns.count))
    let dnn = dnnOptimizer.resolved(defaultRate: DefaultRates.dnn)
    let model = DNNLinearCombinedConfig(linearFeatureColumns: linearColumns.map(FeatureColumnSpec.init),
        dnnFeatureColumns: dnnColumns.map(FeatureColumnSpec.init),
                                        dnnHiddenUnits: hiddenUnits, linearOptimizer: linear.name, linearLearningRate: linear.rate,
                                            dnnOptimizer: dnn.name,
                                        dnnLearningRate: dnn.rate, dnnActivation: activation, dnnDropout: dropout, batchNorm: batchNorm,
                                        linearSparseCombiner: combiner)
    let live = LiveParts(columns: [linearColumns, dnnColumns], optimizers: [linearOptimizer, dnnOptimizer])
    return try EstimatorConfig(kind: kind, head: head, model: .dnnLinearCombined(model), randomSeed: config.randomSeed)
        .build(modelDir: modelDir, run: config, backend: backend, warmStartFrom: warmStartFrom, live: live)
}
