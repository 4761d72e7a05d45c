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
                guard n.width == 1 else {
                    throw EstimatorError("boosted trees take scalar numeric columns; '\(n.key)' has shape \(n.shape)",
                        hint: "split it into scalar columns")
                }
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

    /// Sets each numeric feature's boundaries to quantiles of `sample` (features on `threads` threads).
    mutating func fitQuantiles(_ sample: Features, buckets: Int, threads: Int = 1) throws {
        let count = Swift.max(2, Swift.min(buckets, Self.maxBoundaries + 1))
        let numeric: [(Int, NumericColumn)] = features.indices.compactMap { j in
            if case let .numeric(n) = features[j].kind { (j, n) } else { nil }
        }
        var found = [Result<[Double], DataError>](repeating: .success([]), count: numeric.count)
        found.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            let parts = Swift.max(1, Swift.min(threads, numeric.count))
            treesConcurrently(parts) { p in
                for i in stride(from: p, to: numeric.count, by: parts) {
                    out[i] = Result { () throws(DataError) in
                        Array(floatQuantileBoundaries(try numeric[i].1.dense(sample), count: count).prefix(Self.maxBoundaries))
                    }
                }
            }
        }
        for (i, (j, _)) in numeric.enumerated() { features[j].boundaries = try found[i].get() }
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

    /// The bucket ids of every example (features on `threads` threads).
    func encode(_ f: Features, threads: Int = 1) throws -> TreeBins {
        let n = f.batchSize, m = features.count
        var byFeature = [UInt8](repeating: 0, count: n * m)
        var failures = [DataError?](repeating: nil, count: m)
        let parts = Swift.max(1, Swift.min(threads, m))
        byFeature.withUnsafeMutableBufferPointer { out in
            failures.withUnsafeMutableBufferPointer { failed in
                nonisolated(unsafe) let (out, failed) = (out, failed)
                treesConcurrently(parts) { p in
                    for j in stride(from: p, to: m, by: parts) {
                        do throws(DataError) {
                            try encodeFeature(j, f, into: out.baseAddress! + j * n)
                        } catch {
                            failed[j] = error
                        }
                    }
                }
            }
        }
        if let e = failures.lazy.compactMap({ $0 }).first { throw e }
        return TreeBins(byFeature: byFeature, rows: n, features: m, threads: threads)
    }

    /// Feature `j`'s bucket ids of every example into `out[0..<n]`.
    private func encodeFeature(_ j: Int, _ f: Features, into out: UnsafeMutablePointer<UInt8>) throws(DataError) {
        let n = f.batchSize
        switch features[j].kind {
        case let .bucketized(b):
            let ids = try b.ids(f).ids
            for i in 0..<n { out[i] = UInt8(clamping: ids[i]) }
        case let .numeric(num):
            let values = try num.dense(f)
            bucketize(values, features[j].boundaries, into: out)
        case let .category(ind, k):
            let w = ind.width
            let dense = try ind.dense(f)
            for i in 0..<n { out[i] = dense[i * w + k] > 0 ? 1 : 0 }
        }
    }
}

/// Bucket ids of a table's rows, row-major: one row's ids are one run, as histograms read them.
struct TreeBins: Sendable {
    let rows: Int
    let features: Int
    /// `[rows, features]`.
    var byRow: [UInt8]

    /// The row-major ids from feature-major ones (`[features, rows]`), transposed in blocks of rows on `threads` threads.
    init(byFeature: [UInt8], rows n: Int, features m: Int, threads: Int) {
        precondition(byFeature.count == n * m, "TreeBins: \(byFeature.count) ids for \(n) rows × \(m) features")
        (self.rows, self.features) = (n, m)
        byRow = [UInt8](unsafeUninitializedCapacity: n * m) { out, c in
            byFeature.withUnsafeBufferPointer { src in
                nonisolated(unsafe) let (out, src) = (out, src)
                let parts = n < 65_536 ? 1 : Swift.max(1, threads)
                treesConcurrently(parts) { p in
                    var lo = n * p / parts
                    let hi = n * (p + 1) / parts
                    while lo < hi {
                        let end = Swift.min(hi, lo + 4096)
                        for j in 0..<m { for i in lo..<end { out[i * m + j] = src[j * n + i] } }
                        lo = end
                    }
                }
            }
            c = n * m
        }
    }
}

/// The bucket of each value: the number of `boundaries` ≤ it (NaN: 0).
///
/// Boundaries that are floats (quantiles of float data, restored ones) are compared with eight
/// values at a time, each boundary against all eight (no branches, which a binary search on
/// unpredictable values would pay for); other boundaries by binary search in doubles.
func bucketize(_ values: [Float], _ boundaries: [Double], into out: UnsafeMutablePointer<UInt8>) {
    let n = values.count, count = boundaries.count
    precondition(count <= 255, "bucketize: \(count) boundaries do not fit byte buckets")
    let floats = boundaries.map { Float($0) }
    values.withUnsafeBufferPointer { values in
        guard zip(floats, boundaries).allSatisfy({ Double($0) == $1 }) else {
            for i in 0..<n {
                let v = Double(values[i])
                var lo = 0, hi = count
                while lo < hi { let mid = (lo + hi) / 2; if boundaries[mid] <= v { lo = mid + 1 } else { hi = mid } }
                out[i] = UInt8(lo)
            }
            return
        }
        floats.withUnsafeBufferPointer { b in
            let raw = UnsafeRawPointer(values.baseAddress!)
            var i = 0
            while i &+ 8 <= n {
                let v = raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
                var acc = SIMD8<Int32>()
                // A true lane of the mask is -1.
                for j in 0..<count { acc &-= unsafeBitCast(SIMD8<Float>(repeating: b[j]) .<= v, to: SIMD8<Int32>.self) }
                for l in 0..<8 { out[i &+ l] = UInt8(truncatingIfNeeded: acc[l]) }
                i &+= 8
            }
            while i < n {
                var c = 0
                for j in 0..<count { c &+= b[j] <= values[i] ? 1 : 0 }
                out[i] = UInt8(truncatingIfNeeded: c)
                i &+= 1
            }
        }
    }
}
