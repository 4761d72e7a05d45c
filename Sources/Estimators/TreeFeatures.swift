import Datasets
import FeatureColumns
import Foundation

/// The features boosted trees split on: small integer buckets per example.
///
/// A numeric column is cut into quantile buckets of the training data (about
/// `1 / quantileSketchEpsilon` of them, at most 255); a bucketized column keeps its buckets; an
/// indicator column becomes one 0/1 feature per category, as TF does.
struct TreeFeatures {
    enum Kind {
        case numeric(NumericColumn)
        case bucketized(BucketizedColumn)
        case category(IndicatorColumn, Int)
    }
    struct Feature {
        var name: String
        var kind: Kind
        /// Quantile boundaries of a numeric feature (set from data).
        var boundaries: [Double] = []
        var buckets: Int {
            switch kind {
            case .numeric: boundaries.count + 1
            case let .bucketized(b): b.boundaries.count + 1
            case .category: 2
            }
        }
    }
    var features: [Feature]
    static let maxBoundaries = 254

    /// The features of `columns` (numeric ones still without boundaries), or TF's error for anything else.
    init(columns: [any FeatureColumn]) throws {
        var out: [Feature] = []
        for c in columns.sorted(by: { $0.name < $1.name }) {
            if let b = c as? BucketizedColumn {
                out.append(Feature(name: b.name, kind: .bucketized(b)))
            } else if let n = c as? NumericColumn {
                guard n.width == 1 else { throw EstimatorError("boosted trees take scalar numeric columns; '\(n.key)' has shape \(n.shape)", hint: "split it into scalar columns") }
                out.append(Feature(name: n.key, kind: .numeric(n)))
            } else if let ind = c as? IndicatorColumn {
                for j in 0..<ind.width { out.append(Feature(name: "\(ind.name)_\(j)", kind: .category(ind, j))) }
            } else {
                throw EstimatorError("boosted trees cannot use the column '\(c.name)' directly",
                                     hint: "use numericColumn, bucketizedColumn, or indicatorColumn(…) for a categorical or text column")
            }
        }
        features = out
    }

    /// Sets each numeric feature's boundaries to quantiles of `sample`.
    mutating func fitQuantiles(_ sample: Features, buckets: Int) throws {
        for j in features.indices {
            guard case let .numeric(n) = features[j].kind else { continue }
            let values = try n.dense(sample).map(Double.init)
            features[j].boundaries = Array(quantileBoundaries(values, count: Swift.max(2, Swift.min(buckets, Self.maxBoundaries + 1))).prefix(Self.maxBoundaries))
        }
    }

    /// The numeric boundaries as one `[F, 255]` block (+inf padded, count first) for checkpoints.
    var packedBoundaries: [Float] {
        features.flatMap { f -> [Float] in
            var row = [Float](repeating: .infinity, count: Self.maxBoundaries + 1)
            row[0] = Float(f.boundaries.count)
            for (i, b) in f.boundaries.enumerated() { row[i + 1] = Float(b) }
            return row
        }
    }

    mutating func unpack(_ packed: [Float]) {
        let w = Self.maxBoundaries + 1
        for j in features.indices {
            let n = Int(packed[j * w])
            features[j].boundaries = (0..<n).map { Double(packed[j * w + 1 + $0]) }
        }
    }

    /// `[n, F]` bucket matrix, row-major.
    func encode(_ f: Features) throws -> [UInt8] {
        let n = f.batchSize, m = features.count
        var out = [UInt8](repeating: 0, count: n * m)
        for (j, feat) in features.enumerated() {
            let col: [UInt8]
            switch feat.kind {
            case let .bucketized(b): col = try b.ids(f).ids.map { UInt8(clamping: $0) }
            case let .numeric(num):
                let bounds = feat.boundaries
                let values = try num.dense(f)
                col = values.map { v in
                    var lo = 0, hi = bounds.count
                    while lo < hi { let mid = (lo + hi) / 2; if bounds[mid] <= Double(v) { lo = mid + 1 } else { hi = mid } }
                    return UInt8(lo)
                }
            case let .category(ind, k):
                let w = ind.width
                let dense = try ind.dense(f)
                col = (0..<n).map { dense[$0 * w + k] > 0 ? 1 : 0 }
            }
            for i in 0..<n { out[i * m + j] = col[i] }
        }
        return out
    }
}
