import Tensors

/// A streaming evaluation metric of a model function: an entry of TF's `eval_metric_ops`.
///
/// ``mean(_:weights:)`` is TF's `tf.compat.v1.metrics.mean`: the weighted mean of per-example
/// values over every batch of the evaluation, so `mean(correct)` is accuracy and
/// `mean(abs(error))` is the mean absolute error. ``Estimator/evaluate(input:steps:checkpoint:name:)``
/// reports it under its key beside the head's metrics (a key of both takes the model function's).
public struct EvalMetric {
    /// Per-example values, any shape with the batch first (`[N]` or `[N, k]`: every element counts).
    public var values: Tensor
    /// Per-example weights (`[N]` or the shape of `values`); nil weighs every value 1.
    public var weights: Tensor?

    /// The weighted mean of `values` over the whole evaluation.
    public static func mean(_ values: Tensor, weights: Tensor? = nil) -> EvalMetric { EvalMetric(values: values, weights: weights) }
}

/// Running sums of the ``EvalMetric``s of an evaluation.
struct EvalMetricAccumulator {
    var sums: [String: Double] = [:]
    var counts: [String: Double] = [:]

    mutating func add(_ metrics: [String: EvalMetric]) {
        for (key, m) in metrics {
            let v = m.values.cast(to: .float64).scalars(as: Double.self)
            var s = 0.0, n = 0.0
            if let w = m.weights?.cast(to: .float64).scalars(as: Double.self) {
                precondition(!v.isEmpty && (w.count == v.count || v.count % max(w.count, 1) == 0),
                             "EvalMetric '\(key)': \(w.count) weights for \(v.count) values")
                let perWeight = v.count / max(w.count, 1)
                for (i, x) in v.enumerated() { s += x * w[i / perWeight]; n += w[i / perWeight] }
            } else {
                s = v.reduce(0, +)
                n = Double(v.count)
            }
            sums[key, default: 0] += s
            counts[key, default: 0] += n
        }
    }

    /// Each metric's mean (0 where no weight was seen).
    var result: [String: Double] {
        sums.reduce(into: [:]) { r, e in
            let n = counts[e.key] ?? 0
            r[e.key] = n > 0 ? e.value / n : 0
        }
    }
}
