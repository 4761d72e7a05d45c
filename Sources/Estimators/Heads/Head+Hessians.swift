import Datasets
import Foundation
import Tensors

/// Per-example first and second derivatives of a head's loss with respect to its logits (diagonal hessian).
///
/// Interleaved per example, as the tree grower reads them: `[g₀…g_{d-1}, h₀…h_{d-1}]` at `i · 2d`.
public struct GradientsAndHessians: Sendable, Equatable {
    /// Logits per example.
    public let dimension: Int
    /// `rows × 2·dimension` values.
    public var interleaved: [Float]

    public init(dimension: Int, interleaved: [Float]) {
        precondition(dimension > 0 && interleaved.count % (2 * dimension) == 0,
                     "GradientsAndHessians: \(interleaved.count) values for dimension \(dimension)")
        (self.dimension, self.interleaved) = (dimension, interleaved)
    }

    /// Examples.
    public var rows: Int { interleaved.count / (2 * dimension) }
    /// ∂ℓ/∂logit_k of example `i`.
    public func gradient(_ i: Int, _ k: Int) -> Float { interleaved[i * 2 * dimension + k] }
    /// ∂²ℓ/∂logit_k² of example `i`.
    public func hessian(_ i: Int, _ k: Int) -> Float { interleaved[i * 2 * dimension + dimension + k] }
}

/// A head whose loss has the first and second derivatives second-order training needs (boosted trees).
///
/// The definitions are TF's boosted trees' (`_grad_and_hess_for_logloss` and `tf.gradients` of the head's
/// loss) per example, without TF's `1/N` normalizer (est's regularization constants apply to unnormalized sums):
/// - binary (sigmoid cross-entropy): `g = p − y`, `h = max(p(1 − p), 1e-6)`;
/// - multi-class (softmax cross-entropy): `g_k = p_k − 1[y = k]`, diagonal `h_k = max(p_k(1 − p_k), 1e-6)`
///   (TF 2.8 computes the full hessian; est grows vector leaves from its diagonal);
/// - regression (squared error `(x − y)²`): `g = 2(x − y)`, `h = 2`.
///
/// Example weights multiply both. The `1e-6` floor keeps Newton steps finite on confident examples.
public protocol SecondOrderHead: Head {
    /// Gradients and hessians of every example: host logits (`N × logitsDimension`), labels as ``Head/labels(_:firstRow:)``
    /// makes them, optional weights (`N`).
    func gradientsAndHessians(logits: [Float], labels: Tensor, weights: [Float]?) -> GradientsAndHessians
    /// The same, with the head's training loss of the logits when the head computes it in the same pass
    /// (nil otherwise: ask ``Head/loss(logits:labels:weights:)``), on up to `threads` threads.
    func lossAndGradientsAndHessians(logits: [Float], labels: Tensor, weights: [Float]?, threads: Int) -> (GradientsAndHessians, loss: Double?)
    /// The sums over examples of the gradients and hessians when every example has the logits `bias` (TF's `center_bias`).
    func biasGradientsAndHessians(bias: [Float], labels: Tensor, weights: [Float]?) -> (gradients: [Double], hessians: [Double])
    /// Labels second-order training cannot start from (a classifier's single class), as a typed error.
    func checkTrainingLabels(_ labels: Tensor, column: Column) throws(EstimatorError)
}

extension SecondOrderHead {
    public func lossAndGradientsAndHessians(logits: [Float], labels: Tensor, weights: [Float]?,
                                            threads: Int) -> (GradientsAndHessians, loss: Double?) {
        (gradientsAndHessians(logits: logits, labels: labels, weights: weights), nil)
    }

    public func biasGradientsAndHessians(bias: [Float], labels: Tensor, weights: [Float]?) -> (gradients: [Double], hessians: [Double]) {
        let d = logitsDimension, n = labels.shape.isEmpty ? 0 : labels.shape[0]
        var logits = [Float](repeating: 0, count: n * d)
        for i in 0..<n { for k in 0..<d { logits[i * d + k] = bias[k] } }
        let gh = gradientsAndHessians(logits: logits, labels: labels, weights: weights).interleaved
        var g = [Double](repeating: 0, count: d), h = g
        for k in 0..<d {
            for i in 0..<n { g[k] += Double(gh[i * 2 * d + k]); h[k] += Double(gh[i * 2 * d + d + k]) }
        }
        return (g, h)
    }

    public func checkTrainingLabels(_ labels: Tensor, column: Column) throws(EstimatorError) {}
}

extension Head {
    /// This head as a ``SecondOrderHead``, or an error naming it (boosted trees need second derivatives).
    func requireSecondOrder(for user: String) throws(EstimatorError) -> any SecondOrderHead {
        guard let h = self as? any SecondOrderHead else {
            throw EstimatorError("\(user): the head \(type(of: self)) gives no gradients and hessians of its loss",
                                 hint: "use BinaryClassHead, MultiClassHead or RegressionHead, or conform the head to SecondOrderHead")
        }
        return h
    }
}

/// One-class labels stop a classifier's trees before the first one (Newton steps on one class diverge).
func checkTwoClasses(_ labels: Tensor, column: Column) throws(EstimatorError) {
    if Set(labels.doubles).count < 2 {
        throw EstimatorError("the training labels hold one class only ('\(column.string(0) ?? "")')",
                             hint: "a classifier needs examples of at least two classes; check the label column and the data")
    }
}
