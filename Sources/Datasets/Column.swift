/// The type of a CSV column, inferred or given.
public enum ColumnType: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// 64-bit integers.
    case int
    /// Floating point, stored as `Float` (the compute type).
    case float
    /// `true` / `false` (any case).
    case bool
    /// Text, stored dictionary-encoded.
    case string

    public var description: String { rawValue }
}

/// One column of a table: typed values for every row, and which ones are missing.
///
/// Strings are dictionary-encoded (`codes` index `dictionary`), so a column of a million
/// cells with four distinct values holds four strings. A missing cell has a placeholder
/// value (0, NaN or code -1) and `missing[i] == true`.
public struct Column: Sendable {
    public enum Values: Sendable {
        case int([Int64])
        case float([Float])
        case bool([Bool])
        case string(codes: [Int32], dictionary: [String])
    }

    public var values: Values
    /// `nil` when no cell is missing.
    public var missing: [Bool]?

    public init(_ values: Values, missing: [Bool]? = nil) {
        self.values = values
        self.missing = missing.flatMap { $0.contains(true) ? $0 : nil }
    }

    /// A string column from Swift strings; `nil` is a missing cell.
    public init(strings: [String?]) {
        var dict: [String: Int32] = [:]
        var names: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(strings.count)
        for s in strings {
            guard let s else { codes.append(-1); continue }
            if let c = dict[s] { codes.append(c) } else {
                let c = Int32(names.count)
                dict[s] = c
                names.append(s)
                codes.append(c)
            }
        }
        self.init(.string(codes: codes, dictionary: names), missing: strings.map { $0 == nil })
    }

    public var type: ColumnType {
        switch values {
        case .int: .int
        case .float: .float
        case .bool: .bool
        case .string: .string
        }
    }

    /// The number of cells.
    public var count: Int {
        switch values {
        case let .int(v): v.count
        case let .float(v): v.count
        case let .bool(v): v.count
        case let .string(c, _): c.count
        }
    }

    @inlinable public func isMissing(_ i: Int) -> Bool { missing?[i] ?? false }

    /// The number of missing cells.
    public var missingCount: Int { missing?.reduce(0) { $0 + ($1 ? 1 : 0) } ?? 0 }

    /// A cell as a `Double` (`nil` when missing or a string).
    public func double(_ i: Int) -> Double? {
        if isMissing(i) { return nil }
        switch values {
        case let .int(v): return Double(v[i])
        case let .float(v): return Double(v[i])
        case let .bool(v): return v[i] ? 1 : 0
        case .string: return nil
        }
    }

    /// A cell as text (`nil` when missing).
    public func string(_ i: Int) -> String? {
        if isMissing(i) { return nil }
        switch values {
        case let .int(v): return String(v[i])
        case let .float(v): return "\(v[i])"
        case let .bool(v): return v[i] ? "true" : "false"
        case let .string(c, d): return d[Int(c[i])]
        }
    }

    /// The cells at `rows`, in that order.
    public func gathering(_ rows: [Int]) -> Column {
        let m = missing.map { ms in rows.map { ms[$0] } }
        switch values {
        case let .int(v): return Column(.int(rows.map { v[$0] }), missing: m)
        case let .float(v): return Column(.float(rows.map { v[$0] }), missing: m)
        case let .bool(v): return Column(.bool(rows.map { v[$0] }), missing: m)
        case let .string(c, d): return Column(.string(codes: rows.map { c[$0] }, dictionary: d), missing: m)
        }
    }

    /// The cells in `range`.
    public func slice(_ range: Range<Int>) -> Column {
        let m = missing.map { Array($0[range]) }
        switch values {
        case let .int(v): return Column(.int(Array(v[range])), missing: m)
        case let .float(v): return Column(.float(Array(v[range])), missing: m)
        case let .bool(v): return Column(.bool(Array(v[range])), missing: m)
        case let .string(c, d): return Column(.string(codes: Array(c[range]), dictionary: d), missing: m)
        }
    }

    /// Columns of one type joined end to end (string dictionaries are merged).
    public static func concatenate(_ parts: [Column]) -> Column {
        precondition(!parts.isEmpty, "Column.concatenate: no parts")
        if parts.count == 1 { return parts[0] }
        let anyMissing = parts.contains { $0.missing != nil }
        let missing: [Bool]? = anyMissing ? parts.flatMap { $0.missing ?? [Bool](repeating: false, count: $0.count) } : nil
        switch parts[0].values {
        case .int: return Column(.int(parts.flatMap {
            if case let .int(v) = $0.values { v } else { preconditionFailure("concatenate: mixed types") } }), missing: missing)
        case .float: return Column(.float(parts.flatMap {
            if case let .float(v) = $0.values { v } else { preconditionFailure("concatenate: mixed types") } }), missing: missing)
        case .bool: return Column(.bool(parts.flatMap {
            if case let .bool(v) = $0.values { v } else { preconditionFailure("concatenate: mixed types") } }), missing: missing)
        case .string:
            // Blocks of one file share its growing dictionary: then only the codes need joining.
            if let first = commonPrefixDictionary(parts.map { if case let .string(_, d) = $0.values { d } else { [] } }) {
                var codes: [Int32] = []
                codes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
                for p in parts { if case let .string(c, _) = p.values { codes.append(contentsOf: c) } }
                return Column(.string(codes: codes, dictionary: first), missing: missing)
            }
            var merged: [String] = []
            var index: [String: Int32] = [:]
            var codes: [Int32] = []
            codes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            for p in parts {
                guard case let .string(c, d) = p.values else { preconditionFailure("concatenate: mixed types") }
                let remap: [Int32] = d.map { s in
                    if let k = index[s] { return k }
                    let k = Int32(merged.count)
                    merged.append(s)
                    index[s] = k
                    return k
                }
                for x in c { codes.append(x < 0 ? -1 : remap[Int(x)]) }
            }
            return Column(.string(codes: codes, dictionary: merged), missing: missing)
        }
    }
}

/// The longest of the dictionaries when each one is a prefix of it (blocks of one file), else nil.
func commonPrefixDictionary(_ dicts: [[String]]) -> [String]? {
    guard var widest = dicts.first else { return nil }
    for d in dicts where d.count > widest.count { widest = d }
    for d in dicts where !sameStorage(d, widest) {
        guard d.count <= widest.count else { return nil }
        for i in d.indices where d[i] != widest[i] { return nil }
    }
    return widest
}

/// Whether two arrays share one buffer (so they are equal without comparing elements).
func sameStorage(_ a: [String], _ b: [String]) -> Bool {
    a.count == b.count && a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress } }
}

/// Columns of equal length with names: a parsed CSV file, a block of one, or a batch.
public struct Table: Sendable {
    public var names: [String]
    public var columns: [Column]

    public init(names: [String], columns: [Column]) {
        precondition(names.count == columns.count, "Table: \(names.count) names for \(columns.count) columns")
        if let n = columns.first?.count {
            for (name, c) in zip(names, columns) { precondition(c.count == n, "Table: column '\(name)' has \(c.count) cells, expected \(n)") }
        }
        self.names = names
        self.columns = columns
    }

    /// The number of rows.
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// The column named `name`.
    public subscript(name: String) -> Column? {
        names.firstIndex(of: name).map { columns[$0] }
    }

    /// The rows at `rows`, in that order.
    public func gathering(_ rows: [Int]) -> Table { Table(names: names, columns: columns.map { $0.gathering(rows) }) }

    /// The rows in `range`.
    public func slice(_ range: Range<Int>) -> Table { Table(names: names, columns: columns.map { $0.slice(range) }) }

    /// Row `k` of the result is row `rows[k]` of `sources[which[k]]` (tables with the same columns).
    public static func gather(sources: [Table], which: [Int], rows: [Int]) -> Table {
        if sources.count == 1 { return sources[0].gathering(rows) }
        let n = rows.count
        var columns: [Column] = []
        for c in sources[0].names.indices {
            let parts = sources.map { $0.columns[c] }
            @inline(__always) func pick<T>(_ arrays: [[T]]) -> [T] {
                withExtendedLifetime(arrays) {
                    // The arrays stay alive and unmodified here, so their base addresses stay valid.
                    let bases: [UnsafePointer<T>?] = arrays.map { $0.withUnsafeBufferPointer { $0.baseAddress } }
                    return bases.withUnsafeBufferPointer { b in
                        which.withUnsafeBufferPointer { w in
                            rows.withUnsafeBufferPointer { r in
                                [T](unsafeUninitializedCapacity: n) { buf, count in
                                    for k in 0..<n { buf.initializeElement(at: k, to: b[w[k]]![r[k]]) }
                                    count = n
                                }
                            }
                        }
                    }
                }
            }
            var missing: [Bool]? = nil
            if parts.contains(where: { $0.missing != nil }) {
                missing = pick(parts.map { $0.missing ?? [Bool](repeating: false, count: $0.count) })
            }
            switch parts[0].values {
            case .int: columns.append(Column(.int(pick(parts.map { if case let .int(v) = $0.values { v } else { [] } })), missing: missing))
            case .float: columns.append(Column(.float(pick(parts.map { if case let .float(v) = $0.values { v } else { [] } })), missing: missing))
            case .bool: columns.append(Column(.bool(pick(parts.map { if case let .bool(v) = $0.values { v } else { [] } })), missing: missing))
            case let .string(_, firstDict):
                let dicts: [[String]] = parts.map { if case let .string(_, d) = $0.values { d } else { [] } }
                var codes = pick(parts.map { p -> [Int32] in if case let .string(c, _) = p.values { c } else { [] } })
                if let widest = commonPrefixDictionary(dicts) {
                    columns.append(Column(.string(codes: codes, dictionary: widest), missing: missing))
                    continue
                }
                var merged: [String] = [], index: [String: Int32] = [:]
                let remaps: [[Int32]] = dicts.map { d in
                    d.map { s in
                        if let k = index[s] { return k }
                        let k = Int32(merged.count)
                        merged.append(s)
                        index[s] = k
                        return k
                    }
                }
                for k in 0..<n where codes[k] >= 0 { codes[k] = remaps[which[k]][Int(codes[k])] }
                columns.append(Column(.string(codes: codes, dictionary: merged), missing: missing))
            }
        }
        return Table(names: sources[0].names, columns: columns)
    }

    /// Tables with the same columns joined end to end.
    public static func concatenate(_ parts: [Table]) -> Table {
        let nonEmpty = parts.filter { $0.rowCount > 0 }
        guard let first = nonEmpty.first ?? parts.first else { return Table(names: [], columns: []) }
        if nonEmpty.count <= 1 { return first }
        return Table(names: first.names, columns: first.names.indices.map { i in Column.concatenate(nonEmpty.map { $0.columns[i] }) })
    }
}
