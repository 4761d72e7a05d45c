import Datasets
import FeatureColumns

/// How one split `bucket(feature) ≤ bucket` of a boosted tree reads on the feature's raw float32 value.
///
/// est decides a split on bucket ids, which it computes from the raw value (after the column's default and
/// normalizer, compared in `Float` or `Double`); an ONNX tree compares the raw float itself. ``lessThan`` is
/// chosen so that both agree for every float32 input, NaN and ±infinity included.
enum RawSplit: Equatable {
    /// Every value takes the same child: the split is dropped and that child takes its place.
    case always(left: Bool)
    /// `x < threshold` takes the true branch: the left child when `trueIsLeft`; NaN takes the true branch when
    /// `nanTakesTrue` (ONNX's `nodes_missing_value_tracks_true`).
    case lessThan(Float, trueIsLeft: Bool, nanTakesTrue: Bool)
}

/// Float32 values in ascending order as unsigned keys (-inf lowest, +inf highest; NaN has no key).
enum FloatOrder {
    static func key(_ x: Float) -> UInt32 { x.sign == .minus ? ~x.bitPattern : x.bitPattern | 0x8000_0000 }
    static func value(_ k: UInt32) -> Float { Float(bitPattern: k & 0x8000_0000 != 0 ? k & 0x7FFF_FFFF : ~k) }
}

extension TreeFeatures {
    /// The raw-value form of `bucket(feature j) ≤ t` for every `t` in `0..<buckets`, found by asking est's own
    /// bucketing (``encode(_:threads:)``) about probe values: a binary search over all float32 values per `t`.
    ///
    /// The bucket is a nondecreasing (or, under a decreasing normalizer, nonincreasing) function of the raw value,
    /// so the values that go left form one end of the float line and a single threshold separates them.
    /// Indicator features read 0/1 inputs: `x < 0.5` goes left.
    func rawSplits(feature j: Int) throws -> [RawSplit] {
        let buckets = features[j].buckets
        if case .category = features[j].kind {
            return (0..<buckets).map { t in t == 0 ? .lessThan(0.5, trueIsLeft: true, nanTakesTrue: true) : .always(left: true) }
        }
        let probe = { (raw: [Float]) throws -> [Int] in try self.rawBuckets(feature: j, raw).map(Int.init) }
        let ends = try probe([-.infinity, .infinity, .nan])
        // Search only where the two ends differ; `target(x)`: x goes the other way than -inf.
        var lo = [UInt32](repeating: FloatOrder.key(-.infinity), count: buckets)
        var hi = [UInt32](repeating: FloatOrder.key(.infinity), count: buckets)
        let leftAtLow = (0..<buckets).map { ends[0] <= $0 }
        let searching = (0..<buckets).filter { leftAtLow[$0] != (ends[1] <= $0) }
        while searching.contains(where: { hi[$0] - lo[$0] > 1 }) {
            let mids = searching.map { t in lo[t] + (hi[t] - lo[t]) / 2 }
            let found = try probe(mids.map(FloatOrder.value))
            for (i, t) in searching.enumerated() where hi[t] - lo[t] > 1 {
                if (found[i] <= t) != leftAtLow[t] { hi[t] = mids[i] } else { lo[t] = mids[i] }
            }
        }
        return (0..<buckets).map { t in
            guard searching.contains(t) else { return .always(left: leftAtLow[t]) }
            return .lessThan(FloatOrder.value(hi[t]), trueIsLeft: leftAtLow[t], nanTakesTrue: (ends[2] <= t) == leftAtLow[t])
        }
    }

    /// The bucket ids est gives feature `j` for examples whose source column holds `raw` (no missing cells).
    func rawBuckets(feature j: Int, _ raw: [Float]) throws -> [UInt8] {
        let key: String
        switch features[j].kind {
        case let .numeric(n): key = n.key
        case let .bucketized(b): key = b.source.key
        case .category: preconditionFailure("rawBuckets: feature \(j) (\(features[j].name)) is an indicator")
        }
        var one = self
        one.features = [features[j]]
        let table = Table(names: [key], columns: [Column(.float(raw))])
        return try one.encode(Features(table)).byRow
    }
}
