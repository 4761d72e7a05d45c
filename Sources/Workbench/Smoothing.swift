import Foundation

/// TensorBoard's scalar smoothing: a debiased exponential moving average over point index.
///
/// `weight` is clamped to 0...0.999. NaN and infinite values pass through unchanged and do not
/// enter the average; a constant series is returned as it is (no debiasing wobble).
///
///     Smoothing.tensorBoard([1, 2, 3], weight: 0.6)  // [1.0, 1.625, 2.3265306122448983]
public enum Smoothing {
    public static let defaultWeight = 0.6
    public static let maxWeight = 0.999

    public static func tensorBoard(_ values: [Double], weight: Double) -> [Double] {
        let w = min(maxWeight, max(0, weight))
        guard let first = values.first, !values.allSatisfy({ $0 == first }) else { return values }
        var last = 0.0
        var finiteCount = 0
        var debias = 1.0, debiased = false
        var out: [Double] = []
        out.reserveCapacity(values.count)
        for v in values {
            guard v.isFinite else { out.append(v); continue }
            last = last * w + (1 - w) * v
            finiteCount += 1
            // TensorBoard's Math.pow, until w^n no longer changes 1 − w^n (then it is exactly 1).
            if !debiased { debias = 1 - pow(w, Double(finiteCount)); debiased = debias == 1 }
            out.append(last / debias)
        }
        return out
    }

    @inline(__always) static func pow(_ x: Double, _ n: Double) -> Double { Foundation.pow(x, n) }
}
