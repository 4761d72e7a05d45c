import Datasets
import FeatureColumns
import Foundation
import Testing
import TestSupport

@Suite struct StatisticsTests {
    @Test func exactStatisticsMatchNumPy() throws {
        // Expected values from numpy (ddof=1 std, linear-interpolated percentiles).
        var acc = StatisticsAccumulator(names: ["v", "s"], types: [.int, .string])
        acc.add(Table(names: ["v", "s"], columns: [Column(.int((1...60).map(Int64.init))), Column(strings: (1...60).map { $0 % 3 == 0 ? "c" : "a" })]))
        acc.add(Table(names: ["v", "s"], columns: [Column(.int((61...100).map(Int64.init)) , missing: nil), Column(strings: (61...100).map { _ in nil })]))
        let st = acc.finish()
        let v = st[0], s = st[1]
        #expect(acc.rows == 100 && v.count == 100 && v.missing == 0 && v.distinct == 100 && v.distinctIsExact)
        expectClose([v.mean!, v.std!, v.min!, v.p1!, v.p25!, v.p50!, v.p75!, v.p99!, v.max!],
                    [50.5, 29.011491975882016, 1, 1.99, 25.75, 50.5, 75.25, 99.01, 100], tolerance: 1e-9, "int column")
        #expect(v.histogram.count == 20 && v.histogram.reduce(0) { $0 + $1.count } == 100)
        #expect(s.count == 60 && s.missing == 40 && s.distinct == 2)
        #expect(s.top == [.init(value: "a", count: 40), .init(value: "c", count: 20)])
        #expect(s.mean == nil)
    }

    @Test func penguinsFromTheFileInOnePass() throws {
        let (rows, cols, _) = try ColumnStatistics.compute(csv: fixture("data/penguins.csv"))
        #expect(rows == 275)
        let bill = cols.first { $0.name == "bill_length_mm" }!
        #expect(bill.count == 273 && bill.missing == 2 && bill.type == .float)
        expectClose([bill.mean!, bill.std!, bill.p1!, bill.p50!, bill.p99!, bill.min!, bill.max!],
                    [44.06776545597957, 5.499992128521966, 34.31600067138672, 44.900001525878906, 55.827999877929685, 33.099998474121094, 59.599998474121094],
                    tolerance: 1e-9, "bill_length_mm")
        let sex = cols.first { $0.name == "sex" }!
        #expect(sex.missing == 11 && sex.distinct == 2)
    }

    @Test func largeColumnsFallBackToSketches() throws {
        let n = 300_000
        var acc = StatisticsAccumulator(names: ["x"], types: [.float])
        acc.add(Table(names: ["x"], columns: [Column(.float((0..<n).map { Float($0) }))]))
        let x = acc.finish()[0]
        #expect(!x.distinctIsExact)
        #expect(Swift.abs(Double(x.distinct) - Double(n)) / Double(n) < 0.05, "HyperLogLog estimate \(x.distinct)")
        #expect(Swift.abs(x.p50! - Double(n) / 2) / Double(n) < 0.01, "reservoir median \(x.p50!)")
        #expect(x.mean! == Double(n - 1) / 2)
    }

}

import Tensors
