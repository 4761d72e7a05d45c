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
    /// Threads for quantiles, bucketing, histograms and gradients (nil: every core).
    public var threads: Int?

    public init(nBatchesPerLayer: Int = 1, nTrees: Int = 100, maxDepth: Int = 6, learningRate: Double = 0.1, l1Regularization: Double = 0,
                l2Regularization: Double = 0, treeComplexity: Double = 0, minNodeWeight: Double = 0, centerBias: Bool = true,
                pruningMode: Pruning = .none, quantileSketchEpsilon: Double = 0.01, threads: Int? = nil) {
        (self.nBatchesPerLayer, self.nTrees, self.maxDepth, self.learningRate) = (nBatchesPerLayer, nTrees, maxDepth, learningRate)
        (self.l1Regularization, self.l2Regularization) = (l1Regularization, l2Regularization)
        (self.treeComplexity, self.minNodeWeight) = (treeComplexity, minNodeWeight)
        (self.centerBias, self.pruningMode, self.quantileSketchEpsilon, self.threads) = (centerBias, pruningMode, quantileSketchEpsilon, threads)
    }
}
