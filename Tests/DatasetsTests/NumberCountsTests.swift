import Testing
@testable import Datasets

/// The statistics' value counter: counts like a `[Double: Int]`.
struct NumberCountsTests {
    @Test func countsLikeADictionaryThroughGrowth() {
        var t = NumberCounts()
        var d: [Double: Int] = [:]
        for i in 0..<5000 {
            let x = Double((i * 7919) % 1237) / 4 - 100
            t.add(x, 1 + i % 3)
            d[x, default: 0] += 1 + i % 3
        }
        #expect(t.count == d.count)
        #expect(Dictionary(uniqueKeysWithValues: t.entries.map { ($0.value, $0.count) }) == d)
    }

    @Test func negativeZeroIsZeroAndInsertCanBeRefused() {
        var t = NumberCounts()
        t.add(0.0, 1)
        t.add(-0.0, 2)
        #expect(t.count == 1 && t.entries.first?.count == 3)
        let absent = t.add(5, 1, insert: false), present = t.add(0, 1, insert: false)
        #expect(absent == .refused && present == .counted)
        #expect(t.count == 1 && t.entries.first?.count == 4)
    }
}
