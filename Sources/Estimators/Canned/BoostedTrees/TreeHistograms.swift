import Dispatch

/// Runs `body(0)`, …, `body(count - 1)` on up to `count` threads; the calls must touch disjoint memory.
@inline(__always)
func treesConcurrently(_ count: Int, _ body: (Int) -> Void) {
    if count <= 1 {
        if count == 1 { body(0) }
        return
    }
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: count) { body($0) }
    }
}

/// Zeroed, 64-byte aligned values owned by the object (the histograms of one tree level, routing tables).
final class TreeBuffer<T>: @unchecked Sendable {
    let count: Int
    let base: UnsafeMutablePointer<T>
    init(count: Int, value: T) {
        self.count = count
        base = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<T>.stride, alignment: 64)
            .bindMemory(to: T.self, capacity: Swift.max(count, 1))
        base.initialize(repeating: value, count: count)
    }
    subscript(i: Int) -> T {
        get { base[i] }
        set { base[i] = newValue }
    }
    deinit { base.deallocate() }
}

typealias TreeDoubles = TreeBuffer<Double>
extension TreeBuffer where T == Double {
    convenience init(count: Int) { self.init(count: count, value: 0) }
}

/// Where the rows of each node go in a level pass, by heap node `k`: rows with
/// `bucket[feature[k]] ≤ bucket[k]` go to `child[2k]`, the others to `child[2k+1]`; a node that
/// does not split keeps its rows (both children are itself, bucket 255). Rows whose new node has
/// `slot ≥ 0` are added to that histogram.
final class TreeRouting: @unchecked Sendable {
    let nodes: Int
    let feature: TreeBuffer<Int32>
    let bucket: TreeBuffer<UInt8>
    let child: TreeBuffer<UInt16>
    let slot: TreeBuffer<Int32>

    init(nodes: Int) {
        precondition(nodes <= Int(UInt16.max), "TreeRouting: \(nodes) nodes do not fit 16-bit node ids")
        self.nodes = nodes
        feature = TreeBuffer(count: nodes, value: 0)
        bucket = TreeBuffer(count: nodes, value: 255)
        child = TreeBuffer(count: 2 * nodes, value: 0)
        slot = TreeBuffer(count: nodes, value: -1)
        for k in 0..<nodes { keep(k) }
    }

    /// Node `k` sends its rows to `2k+1` (`bucket[f] ≤ b`) or `2k+2`.
    func split(_ k: Int, feature f: Int, bucket b: Int) {
        feature[k] = Int32(f); bucket[k] = UInt8(truncatingIfNeeded: b)
        child[2 * k] = UInt16(2 * k + 1); child[2 * k + 1] = UInt16(2 * k + 2)
    }

    /// Node `k` keeps its rows.
    func keep(_ k: Int) {
        feature[k] = 0; bucket[k] = 255
        child[2 * k] = UInt16(k); child[2 * k + 1] = UInt16(k)
    }

    /// Where a row of node `k` with bucket ids `row` goes.
    @inline(__always) func route(_ k: Int, _ row: UnsafePointer<UInt8>) -> Int {
        Int(child[2 &* k &+ (row[Int(feature[k])] > bucket[k] ? 1 : 0)])
    }
}

/// Gradient statistics per (feature, bucket) of tree nodes, and the split search on them.
///
/// One node's histogram is `features × maxBuckets` cells of `[g₀…g_{d-1}, h₀…h_{d-1}]` doubles.
/// Histograms are built by streaming every row once per tree level (bucket ids row-major, so a
/// row's ids are one run; gradients interleaved): no row lists to gather through, so the memory
/// traffic is sequential (gathering rows through per-node index lists measured latency-bound). The rows are
/// cut between the threads, each with private histograms summed at the end.
struct TreeHistograms {
    let features: Int
    let maxBuckets: Int
    let buckets: [Int]
    let dimension: Int
    let threads: Int
    let params: BoostedTreesParams

    /// Doubles in one node's histogram.
    var width: Int { features * maxBuckets * 2 * dimension }

    /// The root's histogram: every row, no routing. Each thread adds alternate rows to two
    /// histograms (a bucket repeated by consecutive rows then rarely waits for its own store), all summed at the end.
    func root(rows n: Int, bins: UnsafePointer<UInt8>, gh: UnsafePointer<Float>, into out: UnsafeMutablePointer<Double>) {
        let w = width
        let parts = n < 32_768 ? 1 : threads
        out.update(repeating: 0, count: w)
        // Histogram c of part c / 2: `out` for c = 0, else `extra` at c - 1.
        let extra = TreeDoubles(count: (2 * parts - 1) * w)
        nonisolated(unsafe) let (bins, gh, out) = (bins, gh, out)
        treesConcurrently(parts) { p in
            let a = p == 0 ? out : extra.base + (2 * p - 1) * w, b = extra.base + 2 * p * w
            var i = n * p / parts
            let hi = n * (p + 1) / parts
            while i &+ 1 < hi {
                addRow(i, bins: bins, gh: gh, into: a)
                addRow(i &+ 1, bins: bins, gh: gh, into: b)
                i &+= 2
            }
            if i < hi { addRow(i, bins: bins, gh: gh, into: a) }
        }
        for c in 1..<(2 * parts) {
            let src = extra.base + (c - 1) * w
            for k in 0..<w { out[k] += src[k] }
        }
    }

    /// Adds row `i` to one histogram.
    @inline(__always)
    func addRow(_ i: Int, bins: UnsafePointer<UInt8>, gh: UnsafePointer<Float>, into h: UnsafeMutablePointer<Double>) {
        let f = features, row = bins + i &* f
        if dimension == 1 {
            // (g, h) as one 16-byte cell: one load, add and store per feature; four features a round.
            let featureBytes = maxBuckets &* 16
            let v = SIMD2<Double>(Double(gh[2 &* i]), Double(gh[2 &* i &+ 1]))
            var cell = UnsafeMutableRawPointer(h)
            @inline(__always) func add(_ j: Int, _ at: UnsafeMutableRawPointer) {
                let c = (at + (Int(row[j]) &<< 4)).assumingMemoryBound(to: SIMD2<Double>.self)
                c.pointee += v
            }
            var j = 0
            while j &+ 4 <= f {
                add(j, cell)
                add(j &+ 1, cell + featureBytes)
                add(j &+ 2, cell + 2 &* featureBytes)
                add(j &+ 3, cell + 3 &* featureBytes)
                cell += 4 &* featureBytes
                j &+= 4
            }
            while j < f { add(j, cell); cell += featureBytes; j &+= 1 }
        } else {
            let d2 = 2 * dimension, v = gh + i &* d2
            for j in 0..<f {
                let c = h + (j &* maxBuckets &+ Int(row[j])) &* d2
                for q in 0..<d2 { c[q] += Double(v[q]) }
            }
        }
    }

    /// Moves every row to its node's child for the row (`node`, see ``TreeRouting``) and builds the
    /// histograms of `slots` slots into `out`; returns the rows added to each slot.
    func pass(rows n: Int, node: UnsafeMutablePointer<UInt16>, routing r: TreeRouting, slots: Int,
              bins: UnsafePointer<UInt8>, gh: UnsafePointer<Float>, into out: UnsafeMutablePointer<Double>) -> [Int] {
        let w = width
        out.update(repeating: 0, count: slots * w)
        let parts = n < 32_768 ? 1 : threads
        // Part 0 adds into `out`; the others into private histograms, summed at the end.
        let extra = TreeDoubles(count: (parts - 1) * slots * w)
        let partCounts = TreeBuffer<Int>(count: parts * slots, value: 0)
        nonisolated(unsafe) let (node, bins, gh, out) = (node, bins, gh, out)
        treesConcurrently(parts) { p in
            let lo = n * p / parts, hi = n * (p + 1) / parts
            let c = partCounts.base + p * slots
            if p == 0 {
                passRows(lo, hi, node: node, routing: r, counts: c, bins: bins, gh: gh, into: out)
            } else {
                passRows(lo, hi, node: node, routing: r, counts: c, bins: bins, gh: gh, into: extra.base + (p - 1) * slots * w)
            }
        }
        for p in 1..<Swift.max(parts, 1) {
            let src = extra.base + (p - 1) * slots * w
            for k in 0..<(slots * w) { out[k] += src[k] }
        }
        return (0..<slots).map { s in (0..<parts).reduce(0) { $0 + partCounts[$1 * slots + s] } }
    }

    /// One thread's rows `lo..<hi` of a pass, in blocks: first every row of the block is routed
    /// and the rows to add are listed (no branches), then the listed rows are added and counted
    /// per slot (`counts`).
    @inline(__always)
    func passRows(_ lo: Int, _ hi: Int, node: UnsafeMutablePointer<UInt16>, routing r: TreeRouting, counts: UnsafeMutablePointer<Int>,
                  bins: UnsafePointer<UInt8>, gh: UnsafePointer<Float>, into out: UnsafeMutablePointer<Double>) {
        let f = features, w = width
        let block = 512
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * block) { list in
            let rowsToAdd = list.baseAddress!, slotsToAdd = list.baseAddress! + block
            let feature = r.feature.base, bucket = r.bucket.base, child = r.child.base, slotOf = r.slot.base
            var start = lo
            while start < hi {
                let end = Swift.min(hi, start &+ block)
                var m = 0
                for i in start..<end {
                    let k = Int(node[i])
                    let right = bins[i &* f &+ Int(feature[k])] > bucket[k] ? 1 : 0
                    let c = Int(child[2 &* k &+ right])
                    node[i] = UInt16(truncatingIfNeeded: c)
                    let s = slotOf[c]
                    rowsToAdd[m] = Int32(truncatingIfNeeded: i)
                    slotsToAdd[m] = s
                    // 1 when s ≥ 0: arithmetic, so the compiler cannot turn it into a branch.
                    m &+= Int(UInt32(bitPattern: ~s) &>> 31)
                }
                for q in 0..<m {
                    let s = Int(slotsToAdd[q])
                    addRow(Int(rowsToAdd[q]), bins: bins, gh: gh, into: out + s &* w)
                    counts[s] &+= 1
                }
                start = end
            }
        }
    }

    /// The left child's sums of a split (`bucket[feature] ≤ bucket`) from its parent's histogram.
    func leftTotals(_ h: UnsafePointer<Double>, feature: Int, bucket: Int) -> (g: [Double], h: [Double]) {
        let d = dimension
        var g = [Double](repeating: 0, count: d), hs = [Double](repeating: 0, count: d)
        for b in 0...bucket {
            let c = h + (feature * maxBuckets + b) * 2 * d
            for k in 0..<d { g[k] += c[k]; hs[k] += c[d + k] }
        }
        return (g, hs)
    }

    /// A node's gradient and hessian sums (over the buckets of feature 0).
    func totals(_ h: UnsafePointer<Double>) -> (g: [Double], h: [Double]) {
        let d = dimension
        var g = [Double](repeating: 0, count: d), hs = [Double](repeating: 0, count: d)
        for b in 0..<buckets[0] { for k in 0..<d { g[k] += h[b * 2 * d + k]; hs[k] += h[b * 2 * d + d + k] } }
        return (g, hs)
    }

    @inline(__always) func shrink(_ g: Double) -> Double {
        let l1 = params.l1Regularization
        return g > l1 ? g - l1 : (g < -l1 ? g + l1 : 0)
    }

    /// TF's node score `Σ shrink(G)² / (H + l2)` for one dimension.
    @inline(__always) func score1(_ g: Double, _ h: Double) -> Double {
        let den = h + params.l2Regularization
        guard den > 0 else { return 0 }
        let x = shrink(g)
        return x * x / den
    }

    func score(_ g: [Double], _ h: [Double]) -> Double {
        var s = 0.0
        for k in 0..<dimension { s += score1(g[k], h[k]) }
        return s
    }

    /// The best split of a node, `bucket[feature] ≤ bucket` going left: (feature, bucket, gain), or nil.
    /// The first of equal gains wins (features, then buckets, in order).
    func bestSplit(_ h: UnsafePointer<Double>) -> (feature: Int, bucket: Int, gain: Double)? {
        let d = dimension, mb = maxBuckets, d2 = 2 * d
        let (totalG, totalH) = totals(h)
        let parent = score(totalG, totalH)
        let minWeight = params.minNodeWeight, complexity = params.treeComplexity
        var best: (feature: Int, bucket: Int, gain: Double)? = nil
        if d == 1 {
            let G = totalG[0], H = totalH[0]
            for f in 0..<features {
                var gl = 0.0, hl = 0.0
                let c = h + f * mb * 2
                for b in 0..<(buckets[f] - 1) {
                    gl += c[2 * b]; hl += c[2 * b + 1]
                    let hr = H - hl
                    guard hl > 0, hr > 0, hl >= minWeight, hr >= minWeight else { continue }
                    let gain = score1(gl, hl) + score1(G - gl, hr) - parent - complexity
                    if best == nil || gain > best!.gain { best = (f, b, gain) }
                }
            }
            return best
        }
        let sumH = totalH.reduce(0, +)
        var gl = [Double](repeating: 0, count: d), hl = gl, gr = gl, hr = gl
        for f in 0..<features {
            for k in 0..<d { gl[k] = 0; hl[k] = 0 }
            for b in 0..<(buckets[f] - 1) {
                let c = h + (f * mb + b) * d2
                for k in 0..<d { gl[k] += c[k]; hl[k] += c[d + k] }
                let hlSum = hl.reduce(0, +), hrSum = sumH - hlSum
                guard hlSum > 0, hrSum > 0, hlSum >= minWeight, hrSum >= minWeight else { continue }
                for k in 0..<d { gr[k] = totalG[k] - gl[k]; hr[k] = totalH[k] - hl[k] }
                let gain = score(gl, hl) + score(gr, hr) - parent - complexity
                if best == nil || gain > best!.gain { best = (f, b, gain) }
            }
        }
        return best
    }
}
