/// The result of parsing one block of complete CSV records.
struct ChunkResult: Sendable {
    var table: Table
    /// Line breaks in the block (so the next block knows its first line).
    var lines: Int
    /// Rows left out under ``BadRowPolicy/skip``.
    var skipped: Int
    /// The first problems (lines relative to the block's first line, 1-based).
    var problems: [DataError]
    /// A column typed `int` met a decimal value: read again with it as `float`.
    var widen: Set<Int>
}

/// Parses complete CSV records (RFC 4180) from bytes into typed columns.
///
/// Fields may be quoted; a quoted field may hold delimiters, line breaks and doubled
/// quotes. Records end with LF or CRLF. Blank lines are skipped. An empty field is missing.
struct CSVChunkParser {
    let names: [String]
    let types: [ColumnType]
    let delimiter: UInt8
    let file: String
    let policy: BadRowPolicy
    /// When set, an `int` column that meets a decimal value is reported in `widen` instead of failing.
    var allowWidening = true

    static let maxProblems = 20

    enum RowFailure: Error { case bad(DataError), widen(Int) }

    func parse(_ buf: UnsafeRawBufferPointer) throws(DataError) -> ChunkResult {
        let ncol = names.count
        var ints = [[Int64]](repeating: [], count: ncol)
        var floats = [[Float]](repeating: [], count: ncol)
        var bools = [[Bool]](repeating: [], count: ncol)
        var codes = [[Int32]](repeating: [], count: ncol)
        var interners = [StringInterner](repeating: StringInterner(), count: ncol)
        var missingRows = [[Int32]](repeating: [], count: ncol)
        let estimate = buf.count / Swift.max(1, ncol * 6)
        for c in 0..<ncol {
            switch types[c] {
            case .int: ints[c].reserveCapacity(estimate)
            case .float: floats[c].reserveCapacity(estimate)
            case .bool: bools[c].reserveCapacity(estimate)
            case .string: codes[c].reserveCapacity(estimate)
            }
        }
        var rows = 0, lines = 0, skipped = 0
        var problems: [DataError] = []
        var widen = Set<Int>()
        var scratch: [UInt8] = []
        guard let base = buf.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return ChunkResult(table: Table(names: names, columns: types.map(CSVReader.emptyColumn)), lines: 0, skipped: 0, problems: [], widen: [])
        }
        let end = buf.count
        var pos = 0
        let d = delimiter

        // Undo a partly appended row.
        func truncate(to n: Int) {
            for c in 0..<ncol {
                switch types[c] {
                case .int: if ints[c].count > n { ints[c].removeLast(ints[c].count - n) }
                case .float: if floats[c].count > n { floats[c].removeLast(floats[c].count - n) }
                case .bool: if bools[c].count > n { bools[c].removeLast(bools[c].count - n) }
                case .string: if codes[c].count > n { codes[c].removeLast(codes[c].count - n) }
                }
                while let last = missingRows[c].last, Int(last) >= n { missingRows[c].removeLast() }
            }
        }

        while pos < end {
            let recordLine = lines + 1
            // Blank line: skip.
            if base[pos] == 0x0A { lines += 1; pos += 1; continue }
            if base[pos] == 0x0D, pos + 1 < end, base[pos + 1] == 0x0A { lines += 1; pos += 2; continue }
            var col = 0
            var failure: RowFailure? = nil
            var recordDone = false
            while !recordDone {
                // One field: [fs, fe) after unquoting.
                var fp: UnsafePointer<UInt8> = UnsafePointer(base + pos)
                var flen = 0
                let fieldStart = pos
                if pos < end && base[pos] == 0x22 {
                    pos += 1
                    let contentStart = pos
                    var escaped = false
                    var closed = false
                    while pos < end {
                        let b = base[pos]
                        if b == 0x22 {
                            if pos + 1 < end && base[pos + 1] == 0x22 { escaped = true; pos += 2; continue }
                            closed = true
                            break
                        }
                        if b == 0x0A { lines += 1 }
                        pos += 1
                    }
                    if !closed {
                        let start = excerpt(UnsafeRawBufferPointer(start: base + fieldStart, count: Swift.min(end - fieldStart, 40)))
                        throw DataError(file: file, line: recordLine, column: col + 1,
                                        problem: "unterminated quoted field (starts with \"\(start)\")",
                                        hint: "close the quote, or double any quote inside the field (\"\")")
                    }
                    if escaped {
                        scratch.removeAll(keepingCapacity: true)
                        var i = contentStart
                        while i < pos { scratch.append(base[i]); if base[i] == 0x22 { i += 1 }; i += 1 }
                        flen = scratch.count
                    } else {
                        fp = UnsafePointer(base + contentStart)
                        flen = pos - contentStart
                    }
                    pos += 1  // closing quote
                    if pos < end && base[pos] == 0x0D && pos + 1 < end && base[pos + 1] == 0x0A { pos += 1 }
                    if pos < end && base[pos] != d && base[pos] != 0x0A {
                        if failure == nil {
                            let after = excerpt(UnsafeRawBufferPointer(start: base + pos, count: 1))
                            failure = .bad(DataError(file: file, line: recordLine, column: col + 1,
                                                     problem: "unexpected '\(after)' after a closing quote",
                                                     hint: "a quoted field must end at the quote; double quotes inside it (\"\")"))
                        }
                        while pos < end && base[pos] != d && base[pos] != 0x0A { pos += 1 }
                    }
                    if escaped {
                        // Hand the unescaped copy to the typed append below.
                        let r: RowFailure? = scratch.withUnsafeBufferPointer { sb in
                            failure != nil || col >= ncol ? nil : append(col, sb.baseAddress!, flen, recordLine)
                        }
                        if failure == nil, let r { failure = r }
                        fp = UnsafePointer(base)  // unused
                        flen = -1
                    }
                } else if col < ncol, types[col] == .float, failure == nil, let (v, stop) = FastNumber.scanDecimal(UnsafePointer(base), pos, end, d) {
                    // The common case: a plain decimal, parsed while finding the field's end.
                    floats[col].append(Float(v))
                    pos = stop
                    if pos < end && base[pos] == 0x0D { pos += 1 }
                    flen = -1
                } else {
                    var i = pos
                    while i < end {
                        let b = base[i]
                        if b == d || b == 0x0A { break }
                        if b == 0x22 && failure == nil {
                            failure = .bad(DataError(file: file, line: recordLine, column: col + 1,
                                                     problem: "a quote inside an unquoted field",
                                                     hint: "quote the whole field and double the quotes inside it: \"say \"\"hi\"\"\""))
                        }
                        i += 1
                    }
                    flen = i - pos
                    if flen > 0 && base[i - 1] == 0x0D && (i == end || base[i] == 0x0A) { flen -= 1 }
                    pos = i
                }
                if flen >= 0 && failure == nil {
                    if col < ncol {
                        if let r = append(col, fp, flen, recordLine) { failure = r }
                    }
                }
                col += 1
                if pos >= end || base[pos] == 0x0A {
                    if pos < end { lines += 1; pos += 1 }
                    recordDone = true
                } else {
                    pos += 1  // delimiter
                }
            }
            if failure == nil && col != ncol {
                failure = .bad(DataError(file: file, line: recordLine, column: col < ncol ? col + 1 : ncol + 1,
                                         problem: "row has \(col) field\(col == 1 ? "" : "s"), the header has \(ncol)",
                                         hint: col > ncol ? "quote fields that contain '\(String(UnicodeScalar(d)))', or remove the extra fields"
                                                          : "every row needs one field per header column; leave a field empty for a missing value"))
            }
            switch failure {
            case nil:
                rows += 1
            case let .widen(c)?:
                // The caller reads again with this column as float.
                widen.insert(c)
                return ChunkResult(table: Table(names: [], columns: []), lines: lines - 1, skipped: 0, problems: [], widen: widen)
            case let .bad(e)?:
                truncate(to: rows)
                if policy == .fail { throw e }
                skipped += 1
                if problems.count < Self.maxProblems { problems.append(e) }
            }
        }

        // Typed append of one field; returns a failure for the row.
        func append(_ c: Int, _ p: UnsafePointer<UInt8>, _ n: Int, _ line: Int) -> RowFailure? {
            let row = (types[c] == .int ? ints[c].count : types[c] == .float ? floats[c].count : types[c] == .bool ? bools[c].count : codes[c].count)
            if n == 0 {
                missingRows[c].append(Int32(row))
                switch types[c] {
                case .int: ints[c].append(0)
                case .float: floats[c].append(.nan)
                case .bool: bools[c].append(false)
                case .string: codes[c].append(-1)
                }
                return nil
            }
            switch types[c] {
            case .float:
                if let v = FastNumber.parseDouble(p, n) { floats[c].append(Float(v)); return nil }
                return .bad(typeError(c, p, n, line, "is not a number"))
            case .int:
                if let v = FastNumber.parseInt(p, n) { ints[c].append(v); return nil }
                if allowWidening, FastNumber.parseDouble(p, n) != nil { return .widen(c) }
                return .bad(typeError(c, p, n, line, "is not an integer"))
            case .bool:
                if let v = FastNumber.parseBool(p, n) { bools[c].append(v); return nil }
                return .bad(typeError(c, p, n, line, "is not true or false"))
            case .string:
                do {
                    codes[c].append(try interners[c].intern(p, n))
                    return nil
                } catch .nulByte {
                    return .bad(DataError(file: file, line: line, column: c + 1, problem: "a NUL byte in column '\(names[c])'",
                                          hint: "the file looks binary or corrupt; est reads UTF-8 text"))
                } catch {
                    let text = excerpt(UnsafeRawBufferPointer(start: p, count: n))
                    return .bad(DataError(file: file, line: line, column: c + 1,
                                          problem: "invalid UTF-8 in column '\(names[c])': \"\(text)\"",
                                          hint: "convert the file to UTF-8 (for example: iconv -f latin1 -t utf-8)"))
                }
            }
        }

        func typeError(_ c: Int, _ p: UnsafePointer<UInt8>, _ n: Int, _ line: Int, _ what: String) -> DataError {
            DataError(file: file, line: line, column: c + 1,
                      problem: "'\(excerpt(UnsafeRawBufferPointer(start: p, count: n)))' \(what) (column '\(names[c])' is \(types[c]))",
                      hint: "fix the value, leave the field empty for a missing value, or read the column as a string "
                          + "(\(DataError.retype(names[c], as: .string)))")
        }

        var columns: [Column] = []
        for c in 0..<ncol {
            var mask: [Bool]? = nil
            if !missingRows[c].isEmpty {
                var m = [Bool](repeating: false, count: rows)
                for r in missingRows[c] where Int(r) < rows { m[Int(r)] = true }
                mask = m
            }
            switch types[c] {
            case .int: columns.append(Column(.int(ints[c]), missing: mask))
            case .float: columns.append(Column(.float(floats[c]), missing: mask))
            case .bool: columns.append(Column(.bool(bools[c]), missing: mask))
            case .string: columns.append(Column(.string(codes: codes[c], dictionary: interners[c].strings), missing: mask))
            }
        }
        return ChunkResult(table: Table(names: names, columns: columns), lines: lines, skipped: skipped, problems: problems, widen: widen)
    }
}

#if canImport(Glibc)
import Glibc
#endif
