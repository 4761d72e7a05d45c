import Foundation

extension CSVRowIndex {
    /// The row numbers of the indexed rows ordered by one column: numbers numerically when every non-empty value
    /// of the column is a number, else text by its bytes (UTF-8, so by code point); missing (empty) values last
    /// either way. Equal values keep file order.
    ///
    /// Reads the file once, parsing only that column. Returns nil when `stop` said to stop; throws a ``DataError``
    /// when the file cannot be read. Call it once indexing is complete (it orders the rows indexed so far).
    public func sortedRows(column: Int, descending: Bool, stop: () -> Bool = { false },
                           progress: (Double) -> Void = { _ in }) throws(DataError) -> [Int32]? {
        precondition(column >= 0 && column < names.count, "CSVRowIndex.sortedRows: column \(column) of \(names.count)")
        var arena: [UInt8] = []
        var ends: [Int32] = []
        var field: [UInt8] = []
        let delimiter = options.delimiter
        let done = try forEachRecord(stop: stop, progress: { progress($0 * 0.8) }) { _, record in
            field.removeAll(keepingCapacity: true)
            Self.field(column, of: record, delimiter: delimiter, into: &field)
            arena.append(contentsOf: field)
            ends.append(Int32(truncatingIfNeeded: arena.count))
        }
        guard done else { return nil }
        let n = ends.count
        var numbers = [Double](repeating: .nan, count: n)
        var numeric = true, anyValue = false
        arena.withUnsafeBufferPointer { a in
            var start = 0
            for r in 0..<n {
                let end = Int(ends[r])
                defer { start = end }
                guard end > start else { continue }
                anyValue = true
                guard numeric else { continue }
                if let v = FastNumber.parseDouble(a.baseAddress! + start, end - start), !v.isNaN { numbers[r] = v } else { numeric = false }
            }
        }
        if stop() { return nil }
        var present: [Int32] = [], missing: [Int32] = []
        var start = 0
        for r in 0..<n {
            if Int(ends[r]) > start { present.append(Int32(r)) } else { missing.append(Int32(r)) }
            start = Int(ends[r])
        }
        if numeric && anyValue {
            present.sort { a, b in
                let x = numbers[Int(a)], y = numbers[Int(b)]
                return x != y ? (descending ? x > y : x < y) : a < b
            }
        } else {
            arena.withUnsafeBufferPointer { p in
                let base = p.baseAddress!
                func range(_ r: Int32) -> (Int, Int) { (r == 0 ? 0 : Int(ends[Int(r) - 1]), Int(ends[Int(r)])) }
                present.sort { a, b in
                    let (sa, ea) = range(a), (sb, eb) = range(b)
                    let common = Swift.min(ea - sa, eb - sb)
                    var c = common == 0 ? 0 : Int(memcmp(base + sa, base + sb, common))
                    if c == 0 { c = (ea - sa) - (eb - sb) }
                    return c != 0 ? (descending ? c > 0 : c < 0) : a < b
                }
            }
        }
        progress(1)
        return present + missing
    }
}
