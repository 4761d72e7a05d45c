import Tensors

/// How per-element losses become one number, with TF's names and formulas.
public enum LossReduction: String, Sendable, Codable, CaseIterable {
    /// The per-element losses, weighted.
    case none
    /// `Σ w·ℓ`.
    case sum
    /// `Σ w·ℓ / N` where N counts every element, zero-weighted ones included
    /// (Keras and the canned estimators' default).
    case sumOverBatchSize = "sum_over_batch_size"
    /// `Σ w·ℓ / Σ w` (`tf.compat.v1.losses` `MEAN`).
    case mean
    /// `Σ w·ℓ / #(w ≠ 0)` (`tf.compat.v1.losses` `SUM_BY_NONZERO_WEIGHTS`).
    case sumByNonzeroWeights = "sum_by_nonzero_weights"
}

/// Loss functions of `tf.nn` and `tf.losses`.
public enum Losses {
    /// Per-example `-log softmax(logits)[label]` for `[N, C]` logits and `[N]` integer labels.
    ///
    /// The gradient with respect to the logits is `softmax - onehot(label)`.
    public static func sparseSoftmaxCrossEntropy(labels: Tensor, logits: Tensor) -> Tensor {
        precondition(logits.rank == 2 && labels.rank == 1 && labels.shape[0] == logits.shape[0],
                     "sparseSoftmaxCrossEntropy: labels \(labels.shape) do not match logits \(logits.shape)")
        precondition(labels.dtype.isInteger, "sparseSoftmaxCrossEntropy: labels must be int32 or int64, got \(labels.dtype)")
        let z = logits.detached()
        let logp = z.logSoftmax(axis: 1)
        let onehot = Tensor.oneHot(labels, depth: logits.shape[1], dtype: logits.dtype)
        let loss = -(logp * onehot).sum(axes: [1])
        guard logits.node != nil else { return loss }
        return loss.recorded(from: [logits]) { g in
            [.dense((logp.exp() - onehot) * g.expandingDims(at: 1))]
        }
    }

    /// Elementwise `max(x, 0) - x·z + log(1 + e^-|x|)` (`tf.nn.sigmoid_cross_entropy_with_logits`).
    ///
    /// The gradient with respect to the logits is `sigmoid(x) - z` (also at `x = 0`).
    public static func sigmoidCrossEntropy(labels: Tensor, logits: Tensor) -> Tensor {
        precondition(labels.shape == logits.shape, "sigmoidCrossEntropy: labels \(labels.shape) and logits \(logits.shape) differ")
        let x = logits.detached(), z = labels.detached()
        let loss = x.relu() - x * z + (-x.abs()).exp().log1p()
        guard logits.node != nil else { return loss }
        return loss.recorded(from: [logits]) { g in [.dense((x.sigmoid() - z) * g)] }
    }

    /// Elementwise `(predictions - labels)²`.
    public static func squaredError(labels: Tensor, predictions: Tensor) -> Tensor {
        precondition(labels.shape == predictions.shape, "squaredError: labels \(labels.shape) and predictions \(predictions.shape) differ")
        return (predictions - labels.detached()).square()
    }

    /// `mean((predictions - labels)²)` over every element.
    public static func meanSquaredError(labels: Tensor, predictions: Tensor) -> Tensor {
        squaredError(labels: labels, predictions: predictions).mean()
    }

    /// Weights per-element losses and reduces them.
    ///
    /// `weights` broadcast to the losses' shape (for example `[N, 1]` against `[N, d]`).
    public static func computeWeightedLoss(_ losses: Tensor, weights: Tensor? = nil, reduction: LossReduction = .sumOverBatchSize) -> Tensor {
        let weighted: Tensor
        if let weights {
            precondition(Shape.broadcast(losses.shape, weights.shape) == losses.shape,
                         "computeWeightedLoss: weights \(weights.shape) do not broadcast to losses \(losses.shape)")
            weighted = losses * weights.cast(to: losses.dtype)
        } else {
            weighted = losses
        }
        switch reduction {
        case .none: return weighted
        case .sum: return weighted.sum()
        case .sumOverBatchSize: return weighted.sum() / Double(Swift.max(losses.count, 1))
        case .mean:
            let total = weights.map { $0.cast(to: losses.dtype).broadcast(to: losses.shape).sum() } ?? losses.scalar(Double(losses.count))
            return weighted.sum() / Tensor.maximum(total, total.scalar(1e-30)) * (total .> 0).cast(to: losses.dtype)
        case .sumByNonzeroWeights:
            let nonzero = weights.map { ($0.cast(to: losses.dtype).broadcast(to: losses.shape) .!= losses.scalar(0)).cast(to: losses.dtype).sum() }
                ?? losses.scalar(Double(losses.count))
            return weighted.sum() / Tensor.maximum(nonzero, nonzero.scalar(1))
        }
    }
}
