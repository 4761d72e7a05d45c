import Testing
import Tensors
import TestSupport

@Suite struct RandomTests {
    @Test func sameSeedSameNumbersOnEveryBackendAndThreadCount() {
        var results: [[Double]] = []
        for b in TestBackends.all {
            var rng = RandomGenerator(seed: 42)
            _ = rng.uniform([10], on: b.backend)
            results.append(rng.normal([50_000], on: b.backend).doubles)
        }
        for r in results.dropFirst() { #expect(r == results[0]) }
    }

    @Test func streamAdvancesAndSeedsDiffer() {
        var a = RandomGenerator(seed: 1), b = RandomGenerator(seed: 2)
        let a1 = a.uniform([4]).doubles, a2 = a.uniform([4]).doubles
        #expect(a1 != a2)
        #expect(a1 != b.uniform([4]).doubles)
        #expect(a.offset == 8)
        // Resuming from a saved offset continues the stream exactly.
        var c = RandomGenerator(seed: 1, offset: 4)
        #expect(c.uniform([4]).doubles == a2)
    }

    @Test(arguments: [
        (RandomDistribution.uniform(low: -1, high: 3), 1.0, (16.0 / 12).squareRoot()),
        (.normal(mean: 2, stddev: 3), 2.0, 3.0),
        (.truncatedNormal(mean: 0, stddev: 1), 0.0, 0.8796),
        (.bernoulli(p: 0.25), 0.25, (0.25 * 0.75).squareRoot()),
    ])
    func momentsMatchTheDistribution(_ d: RandomDistribution, _ mean: Double, _ std: Double) {
        var rng = RandomGenerator(seed: 11)
        let x = rng.next(d, shape: [200_000], dtype: .float64).doubles
        let m = x.reduce(0, +) / Double(x.count)
        let s = (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count)).squareRoot()
        #expect(Swift.abs(m - mean) < 0.02, "mean \(m), expected \(mean)")
        #expect(Swift.abs(s - std) < 0.02, "stddev \(s), expected \(std)")
        if case let .uniform(lo, hi) = d { #expect(x.allSatisfy { $0 >= lo && $0 < hi }) }
        if case .truncatedNormal = d { #expect(x.allSatisfy { Swift.abs($0) <= 2 }) }
        if case .bernoulli = d { #expect(x.allSatisfy { $0 == 0 || $0 == 1 }) }
    }

    @Test func philoxMatchesThePublishedKnownAnswer() {
        // Random123's kat_vectors: philox4x32_10 with counter and key all 0xffffffff.
        let r = Philox.block(key: 0xFFFF_FFFF_FFFF_FFFF, counter: (0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF))
        #expect([r.0, r.1, r.2, r.3] == [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD])
        let z = Philox.block(key: 0, counter: (0, 0, 0, 0))
        #expect([z.0, z.1, z.2, z.3] == [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8])
    }
}
