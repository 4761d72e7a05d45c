import Foundation

/// A test of a CSV row: a case-insensitive regular expression over one column's value or (column nil) the row's text.
///
/// A pattern without regular-expression characters is matched as plain text on the bytes (fast); one that is not a
/// valid expression is matched as plain text too.
public struct RowPattern: Sendable, Equatable {
    /// The 0-based column, or nil for the whole row (its text as in the file, delimiters included).
    public var column: Int?
    public var pattern: String
    /// Keep the rows that do not match.
    public var inverted: Bool
    public init(column: Int?, pattern: String, inverted: Bool = false) { (self.column, self.pattern, self.inverted) = (column, pattern, inverted) }

    /// A compiled test of bytes.
    struct Matcher {
        let literal: [UInt8]?
        let regex: NSRegularExpression?
        let inverted: Bool

        init(_ p: RowPattern) {
            inverted = p.inverted
            let special = Set("\\^$.|?*+()[]{}")
            if !p.pattern.contains(where: { special.contains($0) }) {
                (literal, regex) = (Array(p.pattern.lowercased().utf8), nil)
            } else if let re = try? NSRegularExpression(pattern: p.pattern, options: [.caseInsensitive]) {
                (literal, regex) = (nil, re)
            } else {
                (literal, regex) = (Array(p.pattern.lowercased().utf8), nil)
            }
        }

        func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
            if let literal { return Self.contains(bytes, literal) != inverted }
            let text = String(decoding: bytes, as: UTF8.self)
            let found = regex!.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
            return found != inverted
        }

        /// Whether `needle` (lower-case) occurs in `hay`, ASCII letters compared without case.
        static func contains(_ hay: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
            let m = needle.count
            if m == 0 { return true }
            guard hay.count >= m else { return false }
            let first = needle[0]
            for i in 0...(hay.count - m) {
                guard lower(hay[i]) == first else { continue }
                var j = 1
                while j < m && lower(hay[i + j]) == needle[j] { j += 1 }
                if j == m { return true }
            }
            return false
        }

        @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }
    }
}

extension CSVRowIndex {
    /// For each indexed row, whether it passes every pattern (a mask in file order).
    ///
    /// Reads the file once. Returns nil when `stop` said to stop; throws a ``DataError`` when the file cannot be read.
    public func matchingRows(_ patterns: [RowPattern], stop: () -> Bool = { false },
                             progress: (Double) -> Void = { _ in }) throws(DataError) -> [Bool]? {
        for p in patterns {
            if let c = p.column { precondition(c >= 0 && c < names.count, "CSVRowIndex.matchingRows: column \(c) of \(names.count)") }
        }
        let matchers = patterns.map { ($0.column, RowPattern.Matcher($0)) }
        var mask: [Bool] = []
        mask.reserveCapacity(rowsIndexed)
        var field: [UInt8] = []
        let delimiter = options.delimiter
        let done = try forEachRecord(stop: stop, progress: progress) { _, record in
            var keep = true
            for (column, m) in matchers where keep {
                if let column {
                    field.removeAll(keepingCapacity: true)
                    Self.field(column, of: record, delimiter: delimiter, into: &field)
                    keep = field.withUnsafeBytes { m.matches($0) }
                } else {
                    var n = record.count
                    while n > 0 && (record[n - 1] == 0x0A || record[n - 1] == 0x0D) { n -= 1 }
                    keep = m.matches(UnsafeRawBufferPointer(rebasing: record[0..<n]))
                }
            }
            mask.append(keep)
        }
        return done ? mask : nil
    }

    /// The cell texts of the given rows (0-based data rows, in the order given), each read with `pread`.
    ///
    /// Rows past the indexed ones are left out. Consecutive rows are read together.
    public func rows(numbered numbers: [Int]) throws(DataError) -> [[String]] {
        var out: [[String]] = []
        out.reserveCapacity(numbers.count)
        var i = 0
        while i < numbers.count {
            var j = i + 1
            while j < numbers.count && numbers[j] == numbers[j - 1] + 1 { j += 1 }
            out += try rows(numbers[i]..<(numbers[j - 1] + 1))
            i = j
        }
        return out
    }
}
