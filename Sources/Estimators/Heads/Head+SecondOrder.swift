import Datasets
import Foundation
import Tensors

extension BinaryClassHead: SecondOrderHead {
    /// `g = (p − y)·w`, `h = max(p(1 − p), 1e-6)·w` with `p = sigmoid(logit)`.
    public func gradientsAndHessians(logits: [Float], labels: Tensor, weights: [Float]?) -> GradientsAndHessians {
        let n = logits.count, y = labels.scalars(as: Float.self)
        var gh = [Float](repeating: 0, count: n * 2)
        for i in 0..<n {
            let p = HostMath.sigmoid(logits[i]), w = weights?[i] ?? 1
            gh[2 * i] = (p - y[i]) * w
            gh[2 * i + 1] = Swift.max(p * (1 - p), 1e-6) * w
        }
        return GradientsAndHessians(dimension: 1, interleaved: gh)
    }

    /// One threaded pass for the gradients, the hessians and the sigmoid cross-entropy `relu(x) − x·z + log(1 + e^{−|x|})`.
    ///
    /// The loss is summed in doubles (`log` of `1 + e` rather than `log1p(e)`: three times cheaper, and off by at
    /// most 6e-8 per example) and reduced with the head's reduction (nil for reductions other than sum and sum over batch size).
    public func lossAndGradientsAndHessians(logits: [Float], labels: Tensor, weights: [Float]?,
                                            threads: Int) -> (GradientsAndHessians, loss: Double?) {
        guard lossReduction == .sum || lossReduction == .sumOverBatchSize else {
            return (gradientsAndHessians(logits: logits, labels: labels, weights: weights), nil)
        }
        let n = logits.count
        precondition((weights?.count ?? n) == n && labels.count == n, "lossAndGradientsAndHessians: \(n) logits, \(labels.count) labels")
        let y = labels.scalars(as: Float.self)
        var gh = [Float](repeating: 0, count: 2 * n)
        let parts = n < 65_536 ? 1 : Swift.max(1, threads)
        var sums = [Double](repeating: 0, count: parts)
        gh.withUnsafeMutableBufferPointer { gh in
            sums.withUnsafeMutableBufferPointer { sums in
                nonisolated(unsafe) let (gh, sums) = (gh, sums)
                treesConcurrently(parts) { p in
                    var total = 0.0
                    for i in (n * p / parts)..<(n * (p + 1) / parts) {
                        let x = logits[i], z = y[i], w = weights?[i] ?? 1
                        let e = Float.exp(-abs(x))
                        // HostMath.sigmoid, sharing e^{−|x|} with the loss.
                        let prob = x >= 0 ? 1 / (1 + e) : e / (1 + e)
                        gh[2 * i] = (prob - z) * w
                        gh[2 * i + 1] = Swift.max(prob * (1 - prob), 1e-6) * w
                        total += Double((Swift.max(x, 0) - x * z + Float.log(1 + e)) * w)
                    }
                    sums[p] = total
                }
            }
        }
        let total = sums.reduce(0, +)
        return (GradientsAndHessians(dimension: 1, interleaved: gh), lossReduction == .sum ? total : total / Double(Swift.max(n, 1)))
    }

    /// Closed form: every example has the same `p`, so `Σg = p·Σw − Σw·y` and `Σh = max(p(1 − p), 1e-6)·Σw`.
    public func biasGradientsAndHessians(bias: [Float], labels: Tensor, weights: [Float]?) -> (gradients: [Double], hessians: [Double]) {
        let y = labels.scalars(as: Float.self)
        var sw = 0.0, swy = 0.0
        for i in 0..<y.count { let wi = Double(weights?[i] ?? 1); sw += wi; swy += wi * Double(y[i]) }
        let prob = HostMath.sigmoid(bias[0])
        return ([Double(prob) * sw - swy], [Double(Swift.max(prob * (1 - prob), 1e-6)) * sw])
    }

    public func checkTrainingLabels(_ labels: Tensor, column: Column) throws(EstimatorError) { try checkTwoClasses(labels, column: column) }
}

extension MultiClassHead: SecondOrderHead {
    /// `g_k = (p_k − 1[y = k])·w`, `h_k = max(p_k(1 − p_k), 1e-6)·w` with `p = softmax(logits)`.
    public func gradientsAndHessians(logits: [Float], labels: Tensor, weights: [Float]?) -> GradientsAndHessians {
        let d = nClasses, n = logits.count / d, y = labels.scalars(as: Int64.self)
        var gh = [Float](repeating: 0, count: n * 2 * d)
        var row = [Float](repeating: 0, count: d)
        for i in 0..<n {
            for k in 0..<d { row[k] = logits[i * d + k] }
            let p = HostMath.softmax(row), w = weights?[i] ?? 1
            for k in 0..<d {
                gh[i * 2 * d + k] = (p[k] - (Int64(k) == y[i] ? 1 : 0)) * w
                gh[i * 2 * d + d + k] = Swift.max(p[k] * (1 - p[k]), 1e-6) * w
            }
        }
        return GradientsAndHessians(dimension: d, interleaved: gh)
    }

    public func checkTrainingLabels(_ labels: Tensor, column: Column) throws(EstimatorError) { try checkTwoClasses(labels, column: column) }
}

extension RegressionHead: SecondOrderHead {
    /// `g_k = 2(x_k − y_k)·w`, `h_k = 2w`: the derivatives of the squared error `(x − y)²`.
    public func gradientsAndHessians(logits: [Float], labels: Tensor, weights: [Float]?) -> GradientsAndHessians {
        let d = labelDimension, n = logits.count / d, y = labels.scalars(as: Float.self)
        var gh = [Float](repeating: 0, count: n * 2 * d)
        for i in 0..<n {
            let w = weights?[i] ?? 1
            for k in 0..<d {
                gh[i * 2 * d + k] = 2 * (logits[i * d + k] - y[i * d + k]) * w
                gh[i * 2 * d + d + k] = 2 * w
            }
        }
        return GradientsAndHessians(dimension: d, interleaved: gh)
    }
}
