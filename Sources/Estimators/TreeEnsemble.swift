import Dispatch
import Foundation

/// Trees in a fixed-size layout so a checkpoint always has the same variables.
///
/// Tree `t`, node `k` (heap order: children of `k` are `2k+1`, `2k+2`) stores
/// `[state, feature, bucket, gain, value…]`: state 0 = unused, 1 = leaf, 2 = split
/// (`bucket[feature] ≤ bucket` goes left). Values are the node's logits.
struct TreeEnsemble {
    let maxTrees: Int, maxDepth: Int, dimension: Int
    var data: [Float]
    var nodesPerTree: Int { (1 << (maxDepth + 1)) - 1 }
    var stride: Int { 4 + dimension }

    init(maxTrees: Int, maxDepth: Int, dimension: Int) {
        (self.maxTrees, self.maxDepth, self.dimension) = (maxTrees, maxDepth, dimension)
        data = [Float](repeating: 0, count: maxTrees * ((1 << (maxDepth + 1)) - 1) * (4 + dimension))
    }

    @inline(__always) func base(_ t: Int, _ k: Int) -> Int { (t * nodesPerTree + k) * stride }
    func state(_ t: Int, _ k: Int) -> Int { Int(data[base(t, k)]) }

    mutating func setLeaf(_ t: Int, _ k: Int, values: [Float]) {
        let b = base(t, k)
        data[b] = 1; data[b + 1] = 0; data[b + 2] = 0; data[b + 3] = 0
        for d in 0..<dimension { data[b + 4 + d] = values[d] }
    }

    mutating func setSplit(_ t: Int, _ k: Int, feature: Int, bucket: Int, gain: Float) {
        let b = base(t, k)
        data[b] = 2; data[b + 1] = Float(feature); data[b + 2] = Float(bucket); data[b + 3] = gain
    }

    /// Adds tree `t`'s outputs for every row to `logits`.
    func addTree(_ t: Int, bins: [UInt8], features: Int, rows n: Int, into logits: inout [Float]) {
        for i in 0..<n {
            var k = 0
            while true {
                let b = base(t, k)
                let s = data[b]
                if s == 2 {
                    k = Int(bins[i * features + Int(data[b + 1])]) <= Int(data[b + 2]) ? 2 * k + 1 : 2 * k + 2
                } else {
                    if s == 1 { for d in 0..<dimension { logits[i * dimension + d] += data[b + 4 + d] } }
                    break
                }
            }
        }
    }

    /// Adds the first `trees` trees' outputs for every row of `bins` (`[n, F]`) to `logits` (`[n, d]`).
    func addPredictions(bins: [UInt8], features: Int, rows n: Int, trees: Int, into logits: inout [Float]) {
        for i in 0..<n {
            for t in 0..<trees {
                var k = 0
                while true {
                    let b = base(t, k)
                    let s = data[b]
                    if s == 2 {
                        let f = Int(data[b + 1]), bucket = Int(data[b + 2])
                        k = Int(bins[i * features + f]) <= bucket ? 2 * k + 1 : 2 * k + 2
                    } else {
                        if s == 1 { for d in 0..<dimension { logits[i * dimension + d] += data[b + 4 + d] } }
                        break
                    }
                }
            }
        }
    }
}

/// Gradient-boosting settings with TF 2.8's names and defaults.
public struct BoostedTreesParams: Sendable, Equatable {
    public var nBatchesPerLayer = 1
    public var nTrees = 100
    public var maxDepth = 6
    public var learningRate = 0.1
    public var l1Regularization = 0.0
    public var l2Regularization = 0.0
    public var treeComplexity = 0.0
    public var minNodeWeight = 0.0
    public var centerBias = true
    public enum Pruning: String, Sendable { case none, pre, post }
    public var pruningMode = Pruning.none
    public var quantileSketchEpsilon = 0.01
    /// Threads for histogram building (nil: every core).
    public var threads: Int?

    public init(nBatchesPerLayer: Int = 1, nTrees: Int = 100, maxDepth: Int = 6, learningRate: Double = 0.1, l1Regularization: Double = 0,
                l2Regularization: Double = 0, treeComplexity: Double = 0, minNodeWeight: Double = 0, centerBias: Bool = true,
                pruningMode: Pruning = .none, quantileSketchEpsilon: Double = 0.01, threads: Int? = nil) {
        (self.nBatchesPerLayer, self.nTrees, self.maxDepth, self.learningRate) = (nBatchesPerLayer, nTrees, maxDepth, learningRate)
        (self.l1Regularization, self.l2Regularization, self.treeComplexity, self.minNodeWeight) = (l1Regularization, l2Regularization, treeComplexity, minNodeWeight)
        (self.centerBias, self.pruningMode, self.quantileSketchEpsilon, self.threads) = (centerBias, pruningMode, quantileSketchEpsilon, threads)
    }
}

/// Grows one tree layer by layer on histograms of gradients and hessians.
///
/// Histograms are built in parallel over feature ranges; for each pair of siblings only the
/// smaller child is scanned and the other is the parent minus it.
struct TreeGrower {
    let params: BoostedTreesParams
    let features: Int
    let buckets: [Int]
    let dimension: Int

    /// `[feature][bucket][g…, h…]` plus counts, for one node.
    struct Histogram {
        var sums: [Double]   // features × maxBuckets × 2d
        var weight: Double
    }

    var maxBuckets: Int { buckets.max() ?? 1 }

    func histogram(rows: [Int32], bins: [UInt8], grad: [Float], hess: [Float]) -> Histogram {
        let d = dimension, mb = maxBuckets, width = 2 * d
        var sums = [Double](repeating: 0, count: features * mb * width)
        let threads = Swift.max(1, Swift.min(params.threads ?? ProcessInfo.processInfo.activeProcessorCount, features))
        let chunk = (features + threads - 1) / threads
        sums.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            bins.withUnsafeBufferPointer { bins in
                grad.withUnsafeBufferPointer { g in
                    hess.withUnsafeBufferPointer { h in
                        rows.withUnsafeBufferPointer { rows in
                            // Read-only inputs; each thread writes only its own features' bins.
                            nonisolated(unsafe) let (bins, g, h, rows) = (bins, g, h, rows)
                            DispatchQueue.concurrentPerform(iterations: threads) { c in
                                let lo = c * chunk, hi = Swift.min(features, lo + chunk)
                                guard lo < hi else { return }
                                if d == 1 {
                                    // The common case (binary, regression): one (g, h) pair per row.
                                    let o = out.baseAddress!, b = bins.baseAddress!
                                    for r in rows {
                                        let i = Int(r)
                                        let gi = Double(g[i]), hi2 = Double(h[i])
                                        let row = b + i * features
                                        for f in lo..<hi {
                                            let k = (f * mb + Int(row[f])) &* 2
                                            o[k] += gi
                                            o[k + 1] += hi2
                                        }
                                    }
                                    return
                                }
                                for r in rows {
                                    let i = Int(r)
                                    for f in lo..<hi {
                                        let o = (f * mb + Int(bins[i * features + f])) * width
                                        for k in 0..<d {
                                            out[o + k] += Double(g[i * d + k])
                                            out[o + d + k] += Double(h[i * d + k])
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Histogram(sums: sums, weight: 0)
    }

    /// TF's leaf value `-shrink(G) / (H + l2)` per dimension (l1 soft-thresholds G).
    func leaf(_ g: [Double], _ h: [Double]) -> [Float] {
        (0..<dimension).map { k in Float(-shrink(g[k]) / (h[k] + params.l2Regularization) * params.learningRate) }
    }

    func shrink(_ g: Double) -> Double {
        let l1 = params.l1Regularization
        return g > l1 ? g - l1 : (g < -l1 ? g + l1 : 0)
    }

    func score(_ g: [Double], _ h: [Double]) -> Double {
        var s = 0.0
        for k in 0..<dimension where h[k] + params.l2Regularization > 0 { let x = shrink(g[k]); s += x * x / (h[k] + params.l2Regularization) }
        return s
    }

    /// The best split of a node: (feature, bucket, gain), or nil.
    func bestSplit(_ hist: Histogram) -> (Int, Int, Double)? {
        let d = dimension, mb = maxBuckets, width = 2 * d
        var totalG = [Double](repeating: 0, count: d), totalH = [Double](repeating: 0, count: d)
        for b in 0..<buckets[0] { for k in 0..<d { totalG[k] += hist.sums[b * width + k]; totalH[k] += hist.sums[b * width + d + k] } }
        let parent = score(totalG, totalH)
        var best: (Int, Int, Double)? = nil
        for f in 0..<features {
            var gl = [Double](repeating: 0, count: d), hl = [Double](repeating: 0, count: d)
            for b in 0..<(buckets[f] - 1) {
                let o = (f * mb + b) * width
                for k in 0..<d { gl[k] += hist.sums[o + k]; hl[k] += hist.sums[o + d + k] }
                let hlSum = hl.reduce(0, +), hrSum = totalH.reduce(0, +) - hlSum
                guard hlSum > 0, hrSum > 0, hlSum >= params.minNodeWeight, hrSum >= params.minNodeWeight else { continue }
                let gr = zip(totalG, gl).map { $0 - $1 }, hr = zip(totalH, hl).map { $0 - $1 }
                let gain = score(gl, hl) + score(gr, hr) - parent - params.treeComplexity
                if best == nil || gain > best!.2 { best = (f, b, gain) }
            }
        }
        return best
    }

    /// Grows tree `t` of `ensemble` on all rows; returns per-feature gains and split counts.
    func grow(tree t: Int, ensemble: inout TreeEnsemble, bins: [UInt8], grad: [Float], hess: [Float], rows n: Int,
              importance: inout [(gain: Double, splits: Int)]) {
        let d = dimension
        // A node's totals are the sums over the buckets of its first feature.
        func totals(_ hist: Histogram) -> ([Double], [Double]) {
            var g = [Double](repeating: 0, count: d), h = [Double](repeating: 0, count: d)
            for b in 0..<buckets[0] { for k in 0..<d { g[k] += hist.sums[b * 2 * d + k]; h[k] += hist.sums[b * 2 * d + d + k] } }
            return (g, h)
        }
        var level: [(node: Int, rows: [Int32], hist: Histogram)] = []
        let all = (0..<Int32(n)).map { $0 }
        level.append((0, all, histogram(rows: all, bins: bins, grad: grad, hess: hess)))
        var splits: [(node: Int, gain: Double)] = []
        for depth in 0...params.maxDepth {
            var next: [(node: Int, rows: [Int32], hist: Histogram)] = []
            for item in level {
                let (g, h) = totals(item.hist)
                guard depth < params.maxDepth, item.rows.count > 1, let (f, b, gain) = bestSplit(item.hist),
                      params.pruningMode != .pre || gain > 0 else {
                    ensemble.setLeaf(t, item.node, values: leaf(g, h))
                    continue
                }
                ensemble.setSplit(t, item.node, feature: f, bucket: b, gain: Float(gain))
                // Leaf values on split nodes too, so post-pruning can turn them back into leaves.
                let b0 = ensemble.base(t, item.node)
                let v = leaf(g, h)
                for k in 0..<d { ensemble.data[b0 + 4 + k] = v[k] }
                splits.append((item.node, gain))
                var left: [Int32] = [], right: [Int32] = []
                for r in item.rows { if Int(bins[Int(r) * features + f]) <= b { left.append(r) } else { right.append(r) } }
                let smallIsLeft = left.count <= right.count
                let small = histogram(rows: smallIsLeft ? left : right, bins: bins, grad: grad, hess: hess)
                var large = item.hist
                for i in large.sums.indices { large.sums[i] -= small.sums[i] }
                large.weight -= small.weight
                next.append((2 * item.node + 1, left, smallIsLeft ? small : large))
                next.append((2 * item.node + 2, right, smallIsLeft ? large : small))
            }
            if next.isEmpty { break }
            level = next
        }
        if params.pruningMode == .post {
            // Bottom-up: a split whose children are leaves and whose gain is negative becomes a leaf.
            for (node, gain) in splits.reversed() where gain < 0 {
                let l = 2 * node + 1, r = 2 * node + 2
                if ensemble.state(t, l) == 1 && ensemble.state(t, r) == 1 {
                    let b0 = ensemble.base(t, node)
                    ensemble.data[b0] = 1
                    for c in [l, r] { ensemble.data[ensemble.base(t, c)] = 0 }
                }
            }
        }
        for k in 0..<ensemble.nodesPerTree where ensemble.state(t, k) == 2 {
            let b0 = ensemble.base(t, k)
            let f = Int(ensemble.data[b0 + 1])
            importance[f].gain += Double(ensemble.data[b0 + 3])
            importance[f].splits += 1
        }
    }
}
