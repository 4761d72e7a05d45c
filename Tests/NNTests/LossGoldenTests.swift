import Testing
import NN
import Tensors
import TestSupport

/// Losses and reductions against `Goldens/losses.json` (TF 2.15).
@Suite struct LossGoldenTests {
    static let golden = try! Golden.load("Goldens/losses.json", besides: #filePath)

    func tensor(_ g: Golden, on b: any Backend) -> Tensor {
        Tensor(g.flat.map { Float($0) }, shape: Shape(g.shape), on: b)
    }

    /// Gradients of the mean and the sum of a per-example loss with respect to its input.
    func grads(_ input: Tensor, _ loss: (Tensor) -> Tensor) -> (mean: Tensor, sum: Tensor) {
        let t1 = GradientTape(), x1 = t1.watch(input)
        let t2 = GradientTape(), x2 = t2.watch(input)
        return (t1.gradient(of: loss(x1).mean(), wrt: x1), t2.gradient(of: loss(x2).sum(), wrt: x2))
    }

    @Test("losses.json sparse_softmax_cross_entropy", arguments: TestBackends.all)
    func sparseSoftmaxCrossEntropy(_ b: BackendCase) {
        let g = Self.golden["sparse_softmax_cross_entropy"]
        let logits = tensor(g["logits"], on: b.backend)
        let labels = Tensor(g["labels"].flat.map { Int64($0) }, on: b.backend)
        let loss = Losses.sparseSoftmaxCrossEntropy(labels: labels, logits: logits)
        expectClose(loss, g["per_example_loss"].flat, "per_example_loss")
        expectClose(loss.mean(), [g["mean_loss"].double!], "mean_loss")
        expectClose(loss.sum(), [g["sum_loss"].double!], "sum_loss")
        expectClose(logits.softmax(), g["softmax"].flat, "softmax")
        let (gm, gs) = grads(logits) { Losses.sparseSoftmaxCrossEntropy(labels: labels, logits: $0) }
        expectClose(gm, g["grad_of_mean_wrt_logits"].flat, "grad_of_mean_wrt_logits")
        expectClose(gs, g["grad_of_sum_wrt_logits"].flat, "grad_of_sum_wrt_logits")
    }

    @Test("losses.json sigmoid_cross_entropy", arguments: TestBackends.all)
    func sigmoidCrossEntropy(_ b: BackendCase) {
        let g = Self.golden["sigmoid_cross_entropy"]
        let logits = tensor(g["logits"], on: b.backend), labels = tensor(g["labels"], on: b.backend)
        let loss = Losses.sigmoidCrossEntropy(labels: labels, logits: logits)
        expectClose(loss, g["per_example_loss"].flat, "per_example_loss")
        expectClose(loss.mean(), [g["mean_loss"].double!], "mean_loss")
        expectClose(loss.sum(), [g["sum_loss"].double!], "sum_loss")
        expectClose(logits.sigmoid(), g["sigmoid"].flat, "sigmoid")
        let (gm, gs) = grads(logits) { Losses.sigmoidCrossEntropy(labels: labels, logits: $0) }
        expectClose(gm, g["grad_of_mean_wrt_logits"].flat, "grad_of_mean_wrt_logits")
        expectClose(gs, g["grad_of_sum_wrt_logits"].flat, "grad_of_sum_wrt_logits")
    }

    @Test("losses.json mean_squared_error", arguments: TestBackends.all)
    func meanSquaredError(_ b: BackendCase) {
        let g = Self.golden["mean_squared_error"]
        let p = tensor(g["predictions"], on: b.backend), y = tensor(g["labels"], on: b.backend)
        expectClose(Losses.squaredError(labels: y, predictions: p), g["per_example_loss"].flat, "per_example_loss")
        expectClose(Losses.meanSquaredError(labels: y, predictions: p), [g["keras_mse_mean"].double!], "keras_mse_mean")
        expectClose(Losses.squaredError(labels: y, predictions: p).sum(), [g["sum_loss"].double!], "sum_loss")
        let (gm, gs) = grads(p) { Losses.squaredError(labels: y, predictions: $0) }
        expectClose(gm, g["grad_of_mean_wrt_predictions"].flat, "grad_of_mean_wrt_predictions")
        expectClose(gs, g["grad_of_sum_wrt_predictions"].flat, "grad_of_sum_wrt_predictions")
    }

    @Test("losses.json weighted_reductions", arguments: [
        (LossReduction.sum, "keras compute_weighted_loss SUM"),
        (.sumOverBatchSize, "keras compute_weighted_loss SUM_OVER_BATCH_SIZE"),
        (.none, "keras compute_weighted_loss NONE"),
        (.sum, "tf.compat.v1.losses.compute_weighted_loss SUM"),
        (.mean, "tf.compat.v1.losses.compute_weighted_loss MEAN"),
        (.sumOverBatchSize, "tf.compat.v1.losses.compute_weighted_loss SUM_OVER_BATCH_SIZE"),
        (.sumByNonzeroWeights, "tf.compat.v1.losses.compute_weighted_loss SUM_BY_NONZERO_WEIGHTS"),
    ])
    func weightedReductions(_ reduction: LossReduction, _ key: String) {
        let g = Self.golden["weighted_reductions"]
        let losses = tensor(g["per_example_loss"], on: ReferenceBackend.shared)
        let weights = tensor(g["weights"], on: ReferenceBackend.shared)
        expectClose(Losses.computeWeightedLoss(losses, weights: weights, reduction: reduction), g["results"][key].flat, key)
    }

    @Test func meanWithAllZeroWeightsIsZero() {
        let l = Losses.computeWeightedLoss(Tensor([1, 2] as [Float]), weights: Tensor([0, 0] as [Float]), reduction: .mean)
        #expect(l.scalarValue == 0)
    }
}
