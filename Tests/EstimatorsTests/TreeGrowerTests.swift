@testable import Estimators
import FeatureColumns
import Testing

/// The fast grower (level passes, sibling subtraction, leaf sums from parents, final routing pass)
/// against a plain one that builds every node's histogram from its own rows.
@Suite struct TreeGrowerTests {
    struct Data {
        var bins: [UInt8]      // [n, F]
        var gh: [Float]        // [n, 2d]
        var buckets: [Int]
        var n: Int
        var features: Int { buckets.count }
    }

    /// Random rows; every bucket of every feature well populated, gradients continuous (no ties).
    static func data(rows n: Int, buckets: [Int], dimension d: Int, seed: UInt64) -> Data {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var bins = [UInt8](repeating: 0, count: n * buckets.count), gh = [Float](repeating: 0, count: n * 2 * d)
        for i in 0..<n {
            for (j, b) in buckets.enumerated() { bins[i * buckets.count + j] = UInt8(Int(next() * Double(b))) }
            // Gradients depend on two features so that splits have real gains.
            let signal = Double(bins[i * buckets.count]) / Double(buckets[0]) - Double(bins[i * buckets.count + 1]) / Double(buckets[1])
            for k in 0..<d {
                gh[i * 2 * d + k] = Float(signal * Double(k + 1) + next() - 0.5)
                gh[i * 2 * d + d + k] = Float(0.05 + next())
            }
        }
        return Data(bins: bins, gh: gh, buckets: buckets, n: n)
    }

    /// The plain grower: per node, its rows and its histogram from scratch; TF's split rule.
    static func reference(_ data: Data, params p: BoostedTreesParams, dimension d: Int) -> (TreeEnsemble, [Float]) {
        var e = TreeEnsemble(maxTrees: 1, maxDepth: p.maxDepth, dimension: d)
        let l1 = p.l1Regularization, l2 = p.l2Regularization
        func shrink(_ g: Double) -> Double { g > l1 ? g - l1 : (g < -l1 ? g + l1 : 0) }
        func score(_ g: [Double], _ h: [Double]) -> Double {
            (0..<d).reduce(0.0) { s, k in h[k] + l2 > 0 ? s + shrink(g[k]) * shrink(g[k]) / (h[k] + l2) : s }
        }
        func sums(_ rows: [Int], where keep: (Int) -> Bool = { _ in true }) -> ([Double], [Double]) {
            var g = [Double](repeating: 0, count: d), h = g
            for i in rows where keep(i) { for k in 0..<d { g[k] += Double(data.gh[i * 2 * d + k]); h[k] += Double(data.gh[i * 2 * d + d + k]) } }
            return (g, h)
        }
        var splits: [(Int, Double)] = []
        var level: [(Int, [Int])] = [(0, Array(0..<data.n))]
        for depth in 0...p.maxDepth {
            var next: [(Int, [Int])] = []
            for (k, rows) in level {
                let (g, h) = sums(rows)
                let values = (0..<d).map { Float(-shrink(g[$0]) / (h[$0] + l2) * p.learningRate) }
                var best: (Int, Int, Double)? = nil
                if depth < p.maxDepth && rows.count > 1 {
                    let parent = score(g, h)
                    for f in 0..<data.features {
                        for b in 0..<(data.buckets[f] - 1) {
                            let (gl, hl) = sums(rows) { Int(data.bins[$0 * data.features + f]) <= b }
                            let gr = zip(g, gl).map { $0 - $1 }, hr = zip(h, hl).map { $0 - $1 }
                            let hlSum = hl.reduce(0, +), hrSum = hr.reduce(0, +)
                            guard hlSum > 0, hrSum > 0, hlSum >= p.minNodeWeight, hrSum >= p.minNodeWeight else { continue }
                            let gain = score(gl, hl) + score(gr, hr) - parent - p.treeComplexity
                            if best == nil || gain > best!.2 { best = (f, b, gain) }
                        }
                    }
                }
                guard let (f, b, gain) = best, p.pruningMode != .pre || gain > 0 else { e.setLeaf(0, k, values: values); continue }
                e.setSplit(0, k, feature: f, bucket: b, gain: Float(gain))
                for j in 0..<d { e.data[e.base(0, k) + 4 + j] = values[j] }
                splits.append((k, gain))
                next.append((2 * k + 1, rows.filter { Int(data.bins[$0 * data.features + f]) <= b }))
                next.append((2 * k + 2, rows.filter { Int(data.bins[$0 * data.features + f]) > b }))
            }
            if next.isEmpty { break }
            level = next
        }
        if p.pruningMode == .post {
            for (k, gain) in splits.reversed() where gain < 0 && e.state(0, 2 * k + 1) == 1 && e.state(0, 2 * k + 2) == 1 {
                e.data[e.base(0, k)] = 1
                e.data[e.base(0, 2 * k + 1)] = 0
                e.data[e.base(0, 2 * k + 2)] = 0
            }
        }
        var logits = [Float](repeating: 0, count: data.n * d)
        e.addPredictions(bins: data.bins, features: data.features, rows: data.n, trees: 1, into: &logits)
        return (e, logits)
    }

    static let cases: [(BoostedTreesParams, Int)] = [
        (BoostedTreesParams(maxDepth: 4), 1),
        (BoostedTreesParams(maxDepth: 3, l1Regularization: 0.5, l2Regularization: 2, treeComplexity: 0.01, minNodeWeight: 40, pruningMode: .pre), 1),
        (BoostedTreesParams(maxDepth: 5, l2Regularization: 1, treeComplexity: 3, pruningMode: .post), 1),
        (BoostedTreesParams(maxDepth: 1), 1),
        (BoostedTreesParams(maxDepth: 3, l2Regularization: 0.5, threads: 1), 3),
        (BoostedTreesParams(maxDepth: 4, treeComplexity: 2, pruningMode: .post, threads: 2), 2),
    ]

    @Test(arguments: 0..<6)
    func matchesThePlainGrower(_ c: Int) {
        let (params, d) = Self.cases[c]
        // Enough rows for the threaded passes (over 32 768) in the binary cases.
        let data = Self.data(rows: d == 1 ? 40_000 : 6_000, buckets: [5, 7, 3, 6, 2], dimension: d, seed: UInt64(c + 1))
        let (want, wantLogits) = Self.reference(data, params: params, dimension: d)
        var got = TreeEnsemble(maxTrees: 1, maxDepth: params.maxDepth, dimension: d)
        var logits = [Float](repeating: 0, count: data.n * d)
        var importance = [(gain: Double, splits: Int)](repeating: (0, 0), count: data.features)
        let grower = TreeGrower(params: params, buckets: data.buckets, dimension: d)
        let bins = TreeBins(byFeature: (0..<data.features).flatMap { j in (0..<data.n).map { data.bins[$0 * data.features + j] } },
                            rows: data.n, features: data.features, threads: 2)
        #expect(bins.byRow == data.bins)
        grower.grow(tree: 0, ensemble: &got, bins: bins, gh: data.gh, logits: &logits, importance: &importance)
        var splits = 0
        for k in 0..<got.nodesPerTree {
            let (a, b) = (got.base(0, k), want.base(0, k))
            #expect(got.data[a] == want.data[b], "node \(k) state")
            guard got.data[a] != 0 else { continue }
            if got.data[a] == 2 {
                splits += 1
                #expect(got.data[a + 1] == want.data[b + 1] && got.data[a + 2] == want.data[b + 2], "node \(k) split")
                #expect(abs(got.data[a + 3] - want.data[b + 3]) <= 1e-3 * max(1, abs(want.data[b + 3])), "node \(k) gain")
            }
            for j in 0..<d { #expect(abs(got.data[a + 4 + j] - want.data[b + 4 + j]) <= 1e-5, "node \(k) value") }
        }
        #expect(splits > 0)
        #expect(importance.reduce(0) { $0 + $1.splits } == splits)
        #expect(zip(logits, wantLogits).allSatisfy { abs($0 - $1) <= 1e-5 }, "training logits")
    }

    @Test func bucketizesLikeABinarySearch() {
        let bounds: [Double] = [-1.5, 0, 0.25, 3, 1e9]
        let values: [Float] = [-2, -1.5, -1, 0, 0.1, 0.25, 2.9, 3, 4, .nan, .infinity, -.infinity, 1e10, 0.3, -0.0, 7, 0.25]
        var out = [UInt8](repeating: 9, count: values.count)
        out.withUnsafeMutableBufferPointer { bucketize(values, bounds, into: $0.baseAddress!) }
        let want = values.map { v in UInt8(bounds.filter { $0 <= Double(v) }.count) }
        #expect(out == want)
        // Boundaries that are not floats take the double path.
        var out2 = [UInt8](repeating: 9, count: values.count)
        out2.withUnsafeMutableBufferPointer { bucketize(values, [0.1, 0.3], into: $0.baseAddress!) }
        #expect(out2 == values.map { v in UInt8([0.1, 0.3].filter { $0 <= Double(v) }.count) })
    }
}

@Suite struct TreeQuantileTests {
    @Test(arguments: [10, 1_000, 200_000, 250_001, 1_000_003])
    func floatQuantilesAreTheSharedOnes(_ n: Int) {
        var state: UInt64 = UInt64(n)
        var values = (0..<n).map { i -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Float(state >> 40) / Float(1 << 24)
            // Repeats, negatives, zeros of both signs, infinities and NaNs.
            switch i % 11 {
            case 0: return Float(Int(u * 5)) - 2
            case 1: return i % 2 == 0 ? -0.0 : 0
            default: return (u - 0.3) * 1e3
            }
        }
        if n > 3 { values[1] = .nan; values[2] = .infinity; values[3] = -.infinity }
        for count in [2, 7, 32, 100, 255] {
            #expect(floatQuantileBoundaries(values, count: count) == quantileBoundaries(values.map(Double.init), count: count), "\(n) values, \(count) buckets")
        }
        #expect(floatQuantileBoundaries([.nan, .nan], count: 4) == quantileBoundaries([.nan, .nan], count: 4))
    }
}
