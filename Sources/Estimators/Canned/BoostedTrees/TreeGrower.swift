import Foundation

/// Grows one tree layer by layer on histograms of gradients and hessians.
///
/// Each row knows its node (heap index). The root's histogram takes every row; then one pass over
/// the rows per level moves the rows of the nodes that split to their children and builds the
/// histogram of the child of each pair with the smaller hessian sum (usually the one with fewer
/// rows); its sibling's is the parent's minus it. Children at the maximum depth need only sums,
/// taken from the parent's histogram, so the last level costs no pass. A final pass adds each
/// row's leaf value to its logits (no walk down the tree). Results do not depend on the thread
/// count beyond the rounding of sums.
struct TreeGrower {
    let params: BoostedTreesParams
    let buckets: [Int]
    let dimension: Int

    var threads: Int { Swift.max(1, params.threads ?? ProcessInfo.processInfo.activeProcessorCount) }

    /// TF's leaf value `-shrink(G) / (H + l2)` per dimension (l1 soft-thresholds G), times the learning rate.
    func leaf(_ g: [Double], _ h: [Double], _ hist: TreeHistograms) -> [Float] {
        (0..<dimension).map { k in Float(-hist.shrink(g[k]) / (h[k] + params.l2Regularization) * params.learningRate) }
    }

    /// Grows tree `t` of `ensemble` on all rows of `bins`; `gh` holds each row's `[g…, h…]`.
    /// Adds the tree's outputs to `logits` and its splits to `importance` (gain, count per feature).
    func grow(tree t: Int, ensemble: inout TreeEnsemble, bins: TreeBins, gh: [Float], logits: inout [Float],
              importance: inout [(gain: Double, splits: Int)]) {
        let n = bins.rows, d = dimension, nodes = ensemble.nodesPerTree
        precondition(gh.count == n * 2 * d && logits.count == n * d, "TreeGrower: \(n) rows need \(n * 2 * d) gradients and \(n * d) logits")
        precondition(n < Int(Int32.max), "TreeGrower: \(n) rows do not fit 32-bit row ids")
        let hist = TreeHistograms(features: bins.features, maxBuckets: buckets.max() ?? 1, buckets: buckets, dimension: d,
                                  threads: threads, params: params)
        let w = hist.width
        var node = [UInt16](repeating: 0, count: n)
        let routing = TreeRouting(nodes: nodes)
        var count = [Int](repeating: 0, count: nodes)
        var splits: [(node: Int, gain: Double)] = []
        bins.byRow.withUnsafeBufferPointer { rowBins in
            gh.withUnsafeBufferPointer { gh in
                /// One pass with the current routing: histograms of `slots` slots and their row counts.
                func pass(slots: Int) -> (TreeDoubles, [Int]) {
                    let out = TreeDoubles(count: slots * w)
                    let rows = node.withUnsafeMutableBufferPointer { node in
                        hist.pass(rows: n, node: node.baseAddress!, routing: routing, slots: slots, bins: rowBins.baseAddress!,
                                  gh: gh.baseAddress!, into: out.base)
                    }
                    return (out, rows)
                }
                var level = [0]
                var levelHist: TreeDoubles? = TreeDoubles(count: w)
                hist.root(rows: n, bins: rowBins.baseAddress!, gh: gh.baseAddress!, into: levelHist!.base)
                count[0] = n
                var totals = [hist.totals(levelHist!.base)]
                for depth in 0...params.maxDepth {
                    var cuts: [(slot: Int, node: Int, feature: Int, bucket: Int)] = []
                    for (s, k) in level.enumerated() {
                        let (g, hs) = totals[s]
                        let values = leaf(g, hs, hist)
                        guard depth < params.maxDepth, count[k] > 1, let h = levelHist?.base, let best = hist.bestSplit(h + s * w),
                              params.pruningMode != .pre || best.gain > 0 else {
                            ensemble.setLeaf(t, k, values: values)
                            continue
                        }
                        ensemble.setSplit(t, k, feature: best.feature, bucket: best.bucket, gain: Float(best.gain))
                        // Leaf values on split nodes too, so post-pruning can turn them back into leaves.
                        let b0 = ensemble.base(t, k)
                        for j in 0..<d { ensemble.data[b0 + 4 + j] = values[j] }
                        splits.append((k, best.gain))
                        cuts.append((s, k, best.feature, best.bucket))
                    }
                    guard !cuts.isEmpty, let parentHist = levelHist else { break }
                    // Children of cut j: slots 2j (left) and 2j+1 (right) of the next level.
                    var next: [Int] = [], nextTotals: [(g: [Double], h: [Double])] = []
                    for (j, c) in cuts.enumerated() {
                        routing.split(c.node, feature: c.feature, bucket: c.bucket)
                        next += [2 * c.node + 1, 2 * c.node + 2]
                        let parent = parentHist.base + c.slot * w
                        let left = hist.leftTotals(parent, feature: c.feature, bucket: c.bucket)
                        let right = (g: zip(totals[c.slot].g, left.g).map { $0 - $1 }, h: zip(totals[c.slot].h, left.h).map { $0 - $1 })
                        nextTotals += [left, right]
                        let leftSmall = left.h.reduce(0, +) <= right.h.reduce(0, +)
                        routing.slot[leftSmall ? 2 * c.node + 1 : 2 * c.node + 2] = Int32(leftSmall ? 2 * j : 2 * j + 1)
                    }
                    if depth + 1 < params.maxDepth {
                        let (built, rows) = pass(slots: next.count)
                        for (j, c) in cuts.enumerated() {
                            routing.keep(c.node)
                            let small = routing.slot[2 * c.node + 1] >= 0 ? 2 * j : 2 * j + 1
                            // Slot 2j + i holds child 2k + 1 + i.
                            count[2 * c.node + 1 + small % 2] = rows[small]
                            count[2 * c.node + 2 - small % 2] = count[c.node] - rows[small]
                            routing.slot[2 * c.node + 1] = -1; routing.slot[2 * c.node + 2] = -1
                            let parent = parentHist.base + c.slot * w, s = built.base + small * w, l = built.base + (small ^ 1) * w
                            for i in 0..<w { l[i] = parent[i] - s[i] }
                            nextTotals[2 * j] = hist.totals(built.base + 2 * j * w)
                            nextTotals[2 * j + 1] = hist.totals(built.base + (2 * j + 1) * w)
                        }
                        levelHist = built
                    } else {
                        // The children are leaves: their rows move in the final pass.
                        for c in cuts { routing.slot[2 * c.node + 1] = -1; routing.slot[2 * c.node + 2] = -1 }
                        levelHist = nil
                    }
                    level = next
                    totals = nextTotals
                }
            }
        }
        if params.pruningMode == .post {
            // Bottom-up: a split whose children are leaves and whose gain is negative becomes a leaf.
            for (k, gain) in splits.reversed() where gain < 0 {
                let l = 2 * k + 1, r = 2 * k + 2
                if ensemble.state(t, l) == 1 && ensemble.state(t, r) == 1 {
                    ensemble.data[ensemble.base(t, k)] = 1
                    for c in [l, r] { ensemble.data[ensemble.base(t, c)] = 0 }
                }
            }
        }
        addLeafValues(tree: t, ensemble: ensemble, bins: bins, node: node, routing: routing, logits: &logits)
        for k in 0..<nodes where ensemble.state(t, k) == 2 {
            let b0 = ensemble.base(t, k)
            let f = Int(ensemble.data[b0 + 1])
            importance[f].gain += Double(ensemble.data[b0 + 3])
            importance[f].splits += 1
        }
    }

    /// The final pass: rows of pending splits move to their children, then every row's leaf value
    /// (the first leaf on its path: pruned nodes answer with their leaf ancestor) joins its logits.
    func addLeafValues(tree t: Int, ensemble: TreeEnsemble, bins: TreeBins, node: [UInt16], routing: TreeRouting, logits: inout [Float]) {
        let nodes = ensemble.nodesPerTree, d = dimension, f = bins.features, n = bins.rows
        var leafOf = [Int](repeating: 0, count: nodes)
        for k in 1..<Swift.max(nodes, 1) {
            let p = (k - 1) / 2
            leafOf[k] = ensemble.state(t, p) == 1 || leafOf[p] != p ? leafOf[p] : k
        }
        var value = [Float](repeating: 0, count: nodes * d)
        for k in 0..<nodes { for j in 0..<d { value[k * d + j] = ensemble.data[ensemble.base(t, leafOf[k]) + 4 + j] } }
        let parts = n < 65_536 ? 1 : threads
        node.withUnsafeBufferPointer { node in
            bins.byRow.withUnsafeBufferPointer { rows in
                logits.withUnsafeMutableBufferPointer { out in
                    nonisolated(unsafe) let (node, rows, out) = (node, rows, out)
                    treesConcurrently(parts) { p in
                        for i in (n * p / parts)..<(n * (p + 1) / parts) {
                            let k = routing.route(Int(node[i]), rows.baseAddress! + i * f)
                            for j in 0..<d { out[i * d + j] += value[k * d + j] }
                        }
                    }
                }
            }
        }
    }
}
