import Datasets
import NN
import Tensors

/// The model function of the baseline estimators: one bias vector, broadcast to every row.
func baselineModelFn(head: any Head, optimizer: OptimizerSpec) throws -> ModelFn {
    let opt = try optimizer.make(defaultRate: 0.3)
    return { features, labels, mode, ctx in
        // Only the batch size is read from the features: any number of feature keys works (unlike TF bug #39274).
        let bias = ctx.variable("baseline/bias", shape: [head.logitsDimension])
        let logits = bias.read().expandingDims(at: 0).broadcast(to: [features.rowCount, head.logitsDimension])
        let y = try labels.map { c throws(EstimatorError) in try head.labels(c, firstRow: 0).to(ctx.backend) }
        let w = try head.weights(features, on: ctx.backend)
        return try .fromHead(head, mode: mode, logits: logits, labels: y, weights: w, trainOps: [TrainOp(optimizer: opt)])
    }
}

/// TF's `BaselineClassifier`: learns only the class prior (a bias), FTRL at 0.3.
public func BaselineClassifier(modelDir: String, nClasses: Int = 2, weightColumn: String? = nil, labelVocabulary: [String]? = nil,
                               optimizer: OptimizerSpec = .named("Ftrl", learningRate: nil), lossReduction: LossReduction = .sumOverBatchSize,
                               config: RunConfig = RunConfig(), backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.classifier(nClasses: nClasses, labelVocabulary: labelVocabulary, weightColumn: weightColumn, lossReduction: lossReduction)
    return try baselineEstimator(.baselineClassifier, head: head, optimizer: optimizer, modelDir: modelDir, config: config, backend: backend)
}

/// TF's `BaselineRegressor`: learns only the label mean (a bias), FTRL at 0.3.
public func BaselineRegressor(modelDir: String, labelDimension: Int = 1, weightColumn: String? = nil,
                              optimizer: OptimizerSpec = .named("Ftrl", learningRate: nil), lossReduction: LossReduction = .sumOverBatchSize,
                              config: RunConfig = RunConfig(), backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.regressor(labelDimension: labelDimension, weightColumn: weightColumn, lossReduction: lossReduction)
    return try baselineEstimator(.baselineRegressor, head: head, optimizer: optimizer, modelDir: modelDir, config: config, backend: backend)
}

/// A baseline estimator through its config (what `estimator.json` holds).
func baselineEstimator(_ kind: EstimatorKind, head: HeadConfig, optimizer: OptimizerSpec, modelDir: String, config: RunConfig,
                       backend: (any Backend)?) throws -> Estimator {
    let (name, rate) = optimizer.resolved(defaultRate: DefaultRates.baseline)
    return try EstimatorConfig(kind: kind, head: head, model: .baseline(BaselineConfig(optimizer: name, learningRate: rate)),
        randomSeed: config.randomSeed)
        .build(modelDir: modelDir, run: config, backend: backend, warmStartFrom: nil, live: LiveParts(columns: [], optimizers: [optimizer]))
}
