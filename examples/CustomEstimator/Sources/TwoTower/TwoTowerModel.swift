import Datasets
import Estimators
import FeatureColumns
import NN
import Tensors

/// A two-tower binary classifier for the Titanic passengers, as a model function.
///
/// One tower sees who the passenger was (sex and class, embedded), the other their
/// circumstances (age bucket, siblings, parents); each ends in a vector of `width` units and
/// the logit is their dot product plus a bias. The loss is the focal loss (Lin et al. 2017),
/// `−α (1 − p_t)^γ log p_t`, which no canned head offers; evaluation reports accuracy, the
/// recall of survivors and the mean predicted probability through `evalMetricOps`.
struct TwoTowerModel {
    var width = 8
    var gamma = 2.0
    var alpha = 0.5
    var learningRate = 0.1

    static let who: [any FeatureColumn] = [
        embeddingColumn(categoricalColumnWithVocabularyList("sex", vocabulary: ["female", "male"]), dimension: 4),
        embeddingColumn(categoricalColumnWithVocabularyList("pclass", vocabulary: ["1st", "2nd", "3rd"]), dimension: 4),
    ]
    static let circumstances: [any FeatureColumn] = [
        indicatorColumn(bucketizedColumn(numericColumn("age", defaultValue: 30), boundaries: [5, 12, 18, 25, 35, 50, 65])),
        numericColumn("sibsp", defaultValue: 0),
        numericColumn("parch", defaultValue: 0),
    ]

    /// One tower: feature columns → a dense ReLU layer → `width` linear units.
    func tower(_ name: String, _ columns: [any FeatureColumn], _ table: Table, _ ctx: ModelContext) throws -> Tensor {
        let input = try ctx.layer("\(name)/input") { rng throws(DataError) in
            try DenseFeatures(columns, namePrefix: "\(name)/input", rng: &rng, on: ctx.backend)
        }
        let x = try input(Features(table), on: ctx.backend)
        let hidden = ctx.layer("\(name)/hidden") { rng in
            Dense(inputSize: x.shape[1], units: 16, activation: .relu, name: "\(name)/hidden", rng: &rng, on: ctx.backend)
        }
        let out = ctx.layer("\(name)/out") { rng in Dense(inputSize: 16, units: width, name: "\(name)/out", rng: &rng, on: ctx.backend) }
        return out(hidden(x))
    }

    /// TF's `model_fn(features, labels, mode, params, config)`.
    func callAsFunction(_ table: Table, _ labels: Column?, _ mode: ModeKeys, _ ctx: ModelContext) throws -> EstimatorSpec {
        let a = try tower("who", Self.who, table, ctx)
        let b = try tower("circumstances", Self.circumstances, table, ctx)
        let bias = ctx.variable("two_tower/bias", shape: [1])
        let logits = (a * b).sum(axes: [1], keepDims: true) + bias.read()
        let probability = logits.sigmoid()
        var spec = EstimatorSpec(mode: mode, predictions: [
            "logits": logits, "probabilities": probability, "class_ids": (probability .> 0.5).cast(to: .int64),
        ])
        if ctx.recordSummaries { spec.summaries = [("two_tower/mean_probability", probability.detached().mean())] }
        guard let labels else { return spec }
        let y = Tensor((0..<labels.count).map { Float(labels.double($0) ?? 0) }, shape: [labels.count, 1], on: ctx.backend)
        // log p_t = −sigmoid_cross_entropy; p_t = exp(log p_t); focal weight (1 − p_t)^γ.
        let logPt = -Losses.sigmoidCrossEntropy(labels: y, logits: logits)
        let modulating = Tensor.pow(1.0 - logPt.exp(), gamma)
        spec.loss = (-alpha * modulating * logPt).mean()
        spec.trainOps = [TrainOp(optimizer: Adagrad(learningRate: learningRate))]
        let correct = ((probability .> 0.5).cast(to: .float32) .== y).cast(to: .float32)
        spec.evalMetricOps = [
            "accuracy": .mean(correct),
            "recall": .mean(correct, weights: y),
            "prediction/mean": .mean(probability),
        ]
        return spec
    }
}
