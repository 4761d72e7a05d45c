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

    @Test func firstKIsTheSortedPrefix() {
        let items = (0..<2000).map { (value: Double(($0 * 7919) % 2003), count: $0 % 7) }
        let order: ((value: Double, count: Int), (value: Double, count: Int)) -> Bool = {
            $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value
        }
        for k in [0, 1, 10, 100, 5000] {
            let fast = StatisticsAccumulator.first(k, of: items, by: order), slow = Array(items.sorted(by: order).prefix(k))
            #expect(fast.map(\.value) == slow.map(\.value) && fast.map(\.count) == slow.map(\.count))
        }
    }
}
