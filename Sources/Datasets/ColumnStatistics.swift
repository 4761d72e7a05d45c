import Foundation

/// Summary statistics of one column, computed in one streaming pass.
///
/// Exact while a column has at most ``ColumnStatistics/exactCap`` values (quantiles, histogram)
/// or distinct values (distinct count, top values); past that, quantiles and the histogram come
/// from a uniform reservoir sample of that many values (seeded, so repeatable), the distinct
/// count from HyperLogLog (about 1.6 % error), and top values keep counting only the values
/// seen before the cap.
public struct ColumnStatistics: Sendable, Codable, Equatable {
    public static let exactCap = 100_000

    public var name: String
    public var type: ColumnType
    /// Non-missing cells.
    public var count: Int
    public var missing: Int
    public var distinct: Int
    public var distinctIsExact: Bool
    public var mean: Double?
    public var std: Double?
    public var min: Double?
    public var p1: Double?
    public var p25: Double?
    public var p50: Double?
    public var p75: Double?
    public var p99: Double?
    public var max: Double?
    /// The most frequent values with their counts, most frequent first (ties by value).
    public var top: [TopValue]
    /// Equal-width bins over `[min, max]` (numeric columns).
    public var histogram: [HistogramBin]

    public struct TopValue: Sendable, Codable, Equatable {
        public var value: String
        public var count: Int
        public init(value: String, count: Int) { (self.value, self.count) = (value, count) }
    }

    /// Statistics with only the counts filled in (numeric fields are set by the accumulator).
    public init(name: String, type: ColumnType, count: Int, missing: Int, distinct: Int, distinctIsExact: Bool,
                top: [TopValue], histogram: [HistogramBin]) {
        (self.name, self.type, self.count) = (name, type, count)
        (self.missing, self.distinct, self.distinctIsExact) = (missing, distinct, distinctIsExact)
        (self.top, self.histogram) = (top, histogram)
    }

    public struct HistogramBin: Sendable, Codable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
    }
}

/// Accumulates ``ColumnStatistics`` over blocks of a table.
public struct StatisticsAccumulator {
    struct Numeric {
        var n = 0, mean = 0.0, m2 = 0.0
        var lo = Double.infinity, hi = -Double.infinity
        var sample: [Double] = []
        var seen = 0
        var rng = SplitMix64(state: 0x5EED)
    }

    let names: [String]
    var types: [ColumnType]
    var missing: [Int]
    var numeric: [Numeric]
    var counts: [[String: Int]]
    var numberCounts: [NumberCounts]
    var capped: [Bool]
    var hll: [HyperLogLog]
    var topK: Int
    var bins: Int
    public private(set) var rows = 0

    public init(names: [String], types: [ColumnType], topK: Int = 10, bins: Int = 20) {
        self.names = names
        self.types = types
        missing = [Int](repeating: 0, count: names.count)
        numeric = [Numeric](repeating: Numeric(), count: names.count)
        counts = [[String: Int]](repeating: [:], count: names.count)
        numberCounts = [NumberCounts](repeating: NumberCounts(), count: names.count)
        capped = [Bool](repeating: false, count: names.count)
        hll = [HyperLogLog](repeating: HyperLogLog(), count: names.count)
        self.topK = topK
        self.bins = bins
    }

    /// Adds a block of rows.
    ///
    /// Numeric columns are counted in parallel (each column's state is its own); text columns one after another.
    public mutating func add(_ block: Table) {
        rows += block.rowCount
        var numbers: [Int] = []
        for (c, col) in block.columns.enumerated() {
            missing[c] += col.missingCount
            switch col.values {
            case let .string(codes, dict):
                var local = [Int](repeating: 0, count: dict.count)
                for k in codes where k >= 0 { local[Int(k)] += 1 }
                for (k, s) in dict.enumerated() where local[k] > 0 {
                    hll[c].add(s)
                    count(c, s, local[k])
                }
            case .float, .int, .bool: numbers.append(c)
            }
        }
        // Each column's state is moved out while it is updated, so its arrays are not copied (copy on write).
        var parts = [NumberPart](repeating: NumberPart(), count: numbers.count)
        for (k, c) in numbers.enumerated() {
            swap(&parts[k].s, &numeric[c]); swap(&parts[k].table, &numberCounts[c]); swap(&parts[k].sketch, &hll[c])
        }
        let columns = block.columns, picked = numbers
        parts.withUnsafeMutableBufferPointer { buf in
            nonisolated(unsafe) let buf = buf
            DispatchQueue.concurrentPerform(iterations: buf.count) { k in
                let col = columns[picked[k]]
                switch col.values {
                case let .float(v): Self.addNumbers(&buf[k], col, v.count) { Double(v[$0]) }
                case let .int(v): Self.addNumbers(&buf[k], col, v.count) { Double(v[$0]) }
                case let .bool(v): Self.addNumbers(&buf[k], col, v.count) { v[$0] ? 1 : 0 }
                case .string: break
                }
            }
        }
        for (k, c) in numbers.enumerated() {
            swap(&parts[k].s, &numeric[c]); swap(&parts[k].table, &numberCounts[c]); swap(&parts[k].sketch, &hll[c])
            if parts[k].full { capped[c] = true }
        }
    }

    /// One numeric column's state while a block is added.
    struct NumberPart {
        var s = Numeric(), table = NumberCounts(capacity: 0), sketch = HyperLogLog(registers: [])
        var full = false
    }

    mutating func count(_ c: Int, _ key: String, _ n: Int) {
        if let old = counts[c][key] {
            counts[c][key] = old + n
        } else if counts[c].count < ColumnStatistics.exactCap {
            counts[c][key] = n
        } else {
            capped[c] = true
        }
    }

    static func addNumbers(_ p: inout NumberPart, _ col: Column, _ n: Int, _ value: (Int) -> Double) {
        for i in 0..<n where !col.isMissing(i) {
            let x = value(i)
            if !x.isFinite { continue }   // NaN and ±inf stay out of the moments, quantiles and histogram
            p.s.n += 1
            let d = x - p.s.mean
            p.s.mean += d / Double(p.s.n)
            p.s.m2 += d * (x - p.s.mean)
            p.s.lo = Swift.min(p.s.lo, x)
            p.s.hi = Swift.max(p.s.hi, x)
            p.s.seen += 1
            if p.s.sample.count < ColumnStatistics.exactCap { p.s.sample.append(x) } else {
                let j = p.s.rng.below(p.s.seen)
                if j < ColumnStatistics.exactCap { p.s.sample[j] = x }
            }
            // A value not counted yet is added while the column has fewer than exactCap distinct values; the distinct
            // sketch needs only values not seen before (adding one twice changes nothing).
            switch p.table.add(x, 1, insert: p.table.count < ColumnStatistics.exactCap) {
            case .counted: break
            case .inserted: p.sketch.add((x == 0 ? 0.0 : x).bitPattern)
            case .refused: p.full = true; p.sketch.add((x == 0 ? 0.0 : x).bitPattern)
            }
        }
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int64(x)) : String(Float(x))
    }

    /// The statistics of every column.
    public func finish() -> [ColumnStatistics] {
        names.indices.map { c in
            let exactDistinct = !capped[c]
            let isText = types[c] == .string
            let distinct = exactDistinct ? (isText ? counts[c].count : numberCounts[c].count) : hll[c].estimate
            let top = isText
                ? counts[c].sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(topK)
                    .map { ColumnStatistics.TopValue(value: $0.key, count: $0.value) }
                : Self.first(topK, of: numberCounts[c].entries) { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
                    .map { ColumnStatistics.TopValue(value: Self.format($0.value), count: $0.count) }
            var st = ColumnStatistics(name: names[c], type: types[c], count: types[c] == .string ? rows - missing[c] : numeric[c].n,
                                      missing: missing[c], distinct: distinct, distinctIsExact: exactDistinct, top: Array(top), histogram: [])
            let s = numeric[c]
            if types[c] != .string && s.n > 0 {
                st.mean = s.mean
                st.std = s.n > 1 ? (s.m2 / Double(s.n - 1)).squareRoot() : 0
                st.min = s.lo
                st.max = s.hi
                let sorted = s.sample.sorted()
                func q(_ p: Double) -> Double {
                    // Linear interpolation between closest ranks (NumPy's default).
                    let h = p * Double(sorted.count - 1)
                    let i = Int(h.rounded(.down)), f = h - Double(i)
                    return i + 1 < sorted.count ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i]
                }
                (st.p1, st.p25, st.p50, st.p75, st.p99) = (q(0.01), q(0.25), q(0.5), q(0.75), q(0.99))
                let width = (s.hi - s.lo) / Double(bins)
                var h = [Int](repeating: 0, count: bins)
                for x in sorted { h[width == 0 ? 0 : Swift.min(bins - 1, Int((x - s.lo) / width))] += 1 }
                let scale = Double(s.n) / Double(Swift.max(sorted.count, 1))
                st.histogram = (0..<bins).map { b in
                    ColumnStatistics.HistogramBin(lower: s.lo + Double(b) * width, upper: b == bins - 1 ? s.hi : s.lo + Double(b + 1) * width,
                                                  count: Int((Double(h[b]) * scale).rounded()))
                }
                if width == 0 { st.histogram = [ColumnStatistics.HistogramBin(lower: s.lo, upper: s.hi, count: s.n)] }
            }
            return st
        }
    }
}

extension ColumnStatistics {
    /// Statistics of every column of a CSV file, reading it once (streaming).
    ///
    /// `topK` values are kept per column (feature-column inference asks for 100 so a small
    /// vocabulary is complete).
    public static func compute(csv path: String, options: CSVOptions = CSVOptions(), topK: Int = 10) throws(DataError)
        -> (rows: Int, columns: [ColumnStatistics], reader: CSVReader) {
        let reader = try CSVReader(path: path, options: options)
        var acc = StatisticsAccumulator(names: reader.names, types: reader.types, topK: topK)
        while let block = try reader.next() { acc.add(block) }
        return (acc.rows, acc.finish(), reader)
    }
}

/// HyperLogLog with 2^12 registers: a distinct count in 4 KB with about 1.6 % error.
struct HyperLogLog {
    var registers = [UInt8](repeating: 0, count: 4096)

    mutating func add(_ s: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        add(h)
    }

    mutating func add(_ x: UInt64) {
        var m = SplitMix64(state: x)
        let h = m.next()
        let idx = Int(h >> 52)
        let rank = UInt8(Swift.min(64 - 12, (h << 12 | 1 << 11).leadingZeroBitCount + 1))
        if rank > registers[idx] { registers[idx] = rank }
    }

    var estimate: Int {
        let m = Double(registers.count)
        let sum = registers.reduce(0.0) { $0 + 1 / Double(1 << Int($1)) }
        var e = 0.7213 / (1 + 1.079 / m) * m * m / sum
        let zeros = registers.filter { $0 == 0 }.count
        if e <= 2.5 * m && zeros > 0 { e = m * _log(m / Double(zeros)) }
        return Int(e.rounded())
    }
}

@inline(__always) func _log(_ x: Double) -> Double {
    #if canImport(Glibc)
    return Glibc.log(x)
    #else
    return 0
    #endif
}

#if canImport(Glibc)
import Glibc
#endif
