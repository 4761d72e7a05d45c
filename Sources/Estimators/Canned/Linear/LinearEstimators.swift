import Datasets
import FeatureColumns
import NN
import Tensors

/// The logits of TF's `linear_model` (see ``LinearModel``), its variables created on the first call.
func linearLogits(_ features: Table, columns: [any FeatureColumn], logitsDimension: Int, combiner: Combiner,
                  context ctx: ModelContext) throws -> Tensor {
    let backend = ctx.backend
    let model = try ctx.layer("linear/linear_model") { rng in
        try LinearModel(columns: columns, logitsDimension: logitsDimension, combiner: combiner, rng: &rng, on: backend)
    }
    let key = "linear/linear_model"
    ctx.prepareBatches(key, model.preparer)
    let inputs = try (ctx.prepared(key) as? LinearInputs) ?? model.inputs(Features(features))
    return model.logits(inputs, on: backend)
}

func headFor(classifier nClasses: Int, weightColumn: String?, labelVocabulary: [String]?, lossReduction: LossReduction) throws -> any Head {
    guard nClasses >= 2 else { throw EstimatorError("n_classes must be at least 2, got \(nClasses)", hint: "use a regressor for a numeric label") }
    if let v = labelVocabulary, v.count != nClasses {
        throw EstimatorError("label_vocabulary has \(v.count) entries but n_classes is \(nClasses)", hint: "give one name per class")
    }
    return nClasses == 2
        ? BinaryClassHead(weightColumn: weightColumn, labelVocabulary: labelVocabulary, lossReduction: lossReduction)
        : MultiClassHead(nClasses: nClasses, weightColumn: weightColumn, labelVocabulary: labelVocabulary, lossReduction: lossReduction)
}

func linearModelFn(head: any Head, featureColumns: [any FeatureColumn], optimizer: OptimizerSpec, combiner: Combiner) throws -> ModelFn {
    // TF 2.15's canned linear estimators build Ftrl at 0.2 whatever the number of columns (optimizers.json).
    // For regression that under-trains (the bias must travel to the label mean: auto_mpg RMSE 3.16 vs
    // Ridge's 2.86); est's LinearRegressor defaults to 1.0 (docs/estimators.md).
    let opt = try optimizer.make(defaultRate: head is RegressionHead ? 1.0 : 0.2)
    return { features, labels, mode, ctx in
        let logits = try linearLogits(features, columns: featureColumns, logitsDimension: head.logitsDimension, combiner: combiner, context: ctx)
        let y = try labels.map { c throws(EstimatorError) in try head.labels(c, firstRow: 0).to(ctx.backend) }
        let w = try head.weights(features, on: ctx.backend)
        return try .fromHead(head, mode: mode, logits: logits, labels: y, weights: w, trainOps: [TrainOp(optimizer: opt)])
    }
}

/// TF's `LinearClassifier`: FTRL (learning rate 0.2) over every feature column, sparse updates.
public func LinearClassifier(featureColumns: [any FeatureColumn], modelDir: String, nClasses: Int = 2, weightColumn: String? = nil,
                             labelVocabulary: [String]? = nil, optimizer: OptimizerSpec = .named("Ftrl", learningRate: nil),
                             sparseCombiner: Combiner = .sum, lossReduction: LossReduction = .sumOverBatchSize,
                             config: RunConfig = RunConfig(), warmStartFrom: WarmStartSettings? = nil,
                                 backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.classifier(nClasses: nClasses, labelVocabulary: labelVocabulary, weightColumn: weightColumn, lossReduction: lossReduction)
    return try linearEstimator(.linearClassifier, head: head, featureColumns: featureColumns, optimizer: optimizer, sparseCombiner: sparseCombiner,
                               modelDir: modelDir, config: config, warmStartFrom: warmStartFrom, backend: backend)
}

/// TF's `LinearRegressor`.
public func LinearRegressor(featureColumns: [any FeatureColumn], modelDir: String, labelDimension: Int = 1, weightColumn: String? = nil,
                            optimizer: OptimizerSpec = .named("Ftrl", learningRate: nil), sparseCombiner: Combiner = .sum,
                            lossReduction: LossReduction = .sumOverBatchSize, config: RunConfig = RunConfig(),
                            warmStartFrom: WarmStartSettings? = nil, backend: (any Backend)? = nil) throws -> Estimator {
    let head = HeadConfig.regressor(labelDimension: labelDimension, weightColumn: weightColumn, lossReduction: lossReduction)
    return try linearEstimator(.linearRegressor, head: head, featureColumns: featureColumns, optimizer: optimizer, sparseCombiner: sparseCombiner,
                               modelDir: modelDir, config: config, warmStartFrom: warmStartFrom, backend: backend)
}

/// A linear estimator through its config (what `estimator.json` holds).
func linearEstimator(_ kind: EstimatorKind, head: HeadConfig, featureColumns: [any FeatureColumn], optimizer: OptimizerSpec, sparseCombiner: Combiner,
                     modelDir: String, config: RunConfig, warmStartFrom: WarmStartSettings?, backend: (any Backend)?) throws -> Estimator {
    let (name, rate) = optimizer.resolved(defaultRate: DefaultRates.linear(regression: kind.isRegressor))
    let model = LinearConfig(featureColumns: featureColumns.map(FeatureColumnSpec.init), optimizer: name, learningRate: rate,
        sparseCombiner: sparseCombiner)
    return try EstimatorConfig(kind: kind, head: head, model: .linear(model), randomSeed: config.randomSeed)
        .build(modelDir: modelDir, run: config, backend: backend, warmStartFrom: warmStartFrom, live: LiveParts(columns: [featureColumns],
            optimizers: [optimizer]))
}
