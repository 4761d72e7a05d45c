import Foundation
import NN
import Tensors

/// First and second derivatives of the head's loss per example and logit (diagonal hessian),
/// interleaved per example: `[g₀…g_{d-1}, h₀…h_{d-1}]` at `i * 2d`.
func gradients(head: any Head, logits: [Float], labels: Tensor, weights: [Float]?, rows n: Int) -> [Float] {
    let d = head.logitsDimension
    var gh = [Float](repeating: 0, count: n * 2 * d)
    switch head {
    case is BinaryClassHead:
        let y = labels.scalars(as: Float.self)
        for i in 0..<n {
            let p = HostMath.sigmoid(logits[i]), w = weights?[i] ?? 1
            gh[2 * i] = (p - y[i]) * w
            gh[2 * i + 1] = Swift.max(p * (1 - p), 1e-6) * w
        }
    case is MultiClassHead:
        let y = labels.scalars(as: Int64.self)
        var row = [Float](repeating: 0, count: d)
        for i in 0..<n {
            for k in 0..<d { row[k] = logits[i * d + k] }
            let p = HostMath.softmax(row), w = weights?[i] ?? 1
            for k in 0..<d {
                gh[i * 2 * d + k] = (p[k] - (Int64(k) == y[i] ? 1 : 0)) * w
                gh[i * 2 * d + d + k] = Swift.max(p[k] * (1 - p[k]), 1e-6) * w
            }
        }
    default:
        let y = labels.scalars(as: Float.self)
        for i in 0..<n {
            let w = weights?[i] ?? 1
            for k in 0..<d {
                gh[i * 2 * d + k] = 2 * (logits[i * d + k] - y[i * d + k]) * w
                gh[i * 2 * d + d + k] = 2 * w
            }
        }
    }
    return gh
}

/// The gradients of every row (as ``gradients(head:logits:labels:weights:rows:)``) and the
/// head's training loss of the logits, in one pass over the rows on `threads` threads.
///
/// The fused loss is the binary head's sigmoid cross-entropy `relu(x) − x·z + log(1 + e^{−|x|})`
/// summed in doubles (`log` of `1 + e` rather than `log1p(e)`: three times cheaper, and off by
/// at most 6e-8 per example); `loss` is nil for other heads and reductions (the caller asks the head).
func lossAndGradients(head: any Head, logits: [Float], labels: Tensor, weights: [Float]?, rows n: Int,
                      threads: Int) -> (gh: [Float], loss: Double?) {
    guard head is BinaryClassHead, head.lossReduction == .sum || head.lossReduction == .sumOverBatchSize else {
        return (gradients(head: head, logits: logits, labels: labels, weights: weights, rows: n), nil)
    }
    precondition(logits.count == n && (weights?.count ?? n) == n, "lossAndGradients: \(n) rows, \(logits.count) logits")
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
    return (gh, head.lossReduction == .sum ? total : total / Double(Swift.max(n, 1)))
}
