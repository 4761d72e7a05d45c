import Foundation
import Summaries
import Testing

/// The bucket search of `Histogram` against a plain binary search over TF's edges.
@Suite struct HistogramTests {
    static func reference(_ values: [Double]) -> [Double] {
        let limits = Histogram.defaultLimits
        var counts = [Double](repeating: 0, count: limits.count)
        for v in values {
            var lo = 0, hi = limits.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if v < limits[mid] { hi = mid } else { lo = mid + 1 } }
            counts[lo] += 1
        }
        return counts
    }

    @Test func bucketsMatchABinarySearch() {
        let limits = Histogram.defaultLimits
        var values: [Double] = [0, -0.0, .nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-300, -1e-300, 1e300, 5e-13, -5e-13]
        // Every edge, and the doubles just below and above it.
        for l in limits { values += [l, l.nextDown, l.nextUp] }
        var g = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let m = Double.random(in: -30...25, using: &g)
            values.append((Bool.random(using: &g) ? 1 : -1) * pow(10, m))
        }
        let expected = Self.reference(values)
        let h = Histogram(values)
        var got = [Double](repeating: 0, count: limits.count)
        for (edge, count) in zip(h.bucketLimit, h.bucket) { got[limits.firstIndex(of: edge)!] = count }
        #expect(got == expected)
    }
}
