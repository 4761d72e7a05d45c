import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Reads a CSV file as typed columns, streaming in blocks with constant memory, or whole.
///
/// The first record is the header. Types are inferred from the first
/// ``CSVOptions/inferenceBytes`` bytes (int, then float, then bool, else string; a column
/// with no values there is float) unless ``CSVOptions/types`` says otherwise. Blocks of
/// ``CSVOptions/chunkBytes`` are cut at record boundaries (quotes are respected) and parsed
/// on ``CSVOptions/threads`` threads; memory stays within a few blocks whatever the file size.
///
/// ```swift
/// let reader = try CSVReader(path: "data/train.csv")
/// while let block = try reader.next() { print(block.rowCount) }
/// let table = try CSVReader.read(path: "data/train.csv")   // everything, in memory
/// ```
public final class CSVReader {
    /// The file as given.
    public let path: String
    /// The header's column names.
    public private(set) var names: [String] = []
    /// The column types used for reading.
    public private(set) var types: [ColumnType] = []
    public let options: CSVOptions
    /// Rows left out so far under ``BadRowPolicy/skip``.
    public private(set) var skippedRows = 0
    /// The first problems met under ``BadRowPolicy/skip`` (at most 20).
    public private(set) var problems: [DataError] = []
    /// Records read so far.
    public private(set) var rowsRead = 0
    /// Set when an `int` column met a decimal value (``read(path:options:)`` then reads it as float).
    private(set) var widenColumn: Int?

    private var fd: Int32
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var eof = false
    private var nextLine = 1
    private var ready: [Table] = []
    /// Where the data starts (after the BOM and header), to start again.
    private var dataOffset: Int = 0
    /// Per string column: one dictionary for the whole file, so blocks share it (then joining
    /// and shuffling blocks never merges dictionaries).
    private var dictionaries: [[String]] = []
    private var dictionaryIndex: [[String: Int32]] = []
    private var headerLines = 1

    /// Opens a file, reads its header and infers its types.
    public init(path: String, options: CSVOptions = CSVOptions()) throws(DataError) {
        self.path = path
        self.options = options
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw DataError(file: path, problem: "cannot open the file: \(reason)",
                hint: "check the path (relative paths start from the current folder)")
        }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            // deinit runs after a throwing init too: -1 keeps it from closing a number another thread may reuse.
            close(fd)
            fd = -1
            throw DataError(file: path, problem: "is a directory, not a CSV file", hint: "give the path of a .csv file")
        }
        do throws(DataError) {
            try fill(atLeast: 64 * 1024)
            // Byte order mark.
            if pending.count >= 3 && pending[0] == 0xEF && pending[1] == 0xBB && pending[2] == 0xBF { pendingStart = 3 }
            guard pending.count > pendingStart else {
                throw DataError(file: path, line: 1, problem: "the file is empty", hint: "a CSV file needs a header row with the column names")
            }
            let (fields, consumed, lines) = try Self.headerRecord(self)
            headerLines = lines
            names = try Self.checkHeader(fields, path: path)
            pendingStart += consumed
            nextLine = 1 + lines
            dataOffset = pendingStart
            for (name, _) in options.types where !names.contains(name) {
                throw DataError(file: path, line: 1, problem: "no column named '\(name)' to set the type of",
                                hint: "columns are: \(names.joined(separator: ", "))")
            }
            types = try Self.inferTypes(self)
        } catch {
            close(fd)
            fd = -1
            throw error
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// The position of a column the caller needs (a label, a weight), or an error listing the columns.
    public func index(of column: String, role: String = "column") throws(DataError) -> Int {
        guard let i = names.firstIndex(of: column) else {
            throw DataError(file: path, line: 1, problem: "no \(role) column '\(column)' in the header",
                            hint: "the columns are: \(names.joined(separator: ", "))")
        }
        return i
    }

    /// Reads more bytes until `pending` holds at least `n` unconsumed bytes or the file ends.
    private func fill(atLeast n: Int) throws(DataError) {
        if pendingStart > 0 && pendingStart >= pending.count / 2 {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while !eof && pending.count - pendingStart < n {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw DataError(file: path, problem: "read failed: \(String(cString: strerror(errno)))", hint: "check the file and the disk")
            }
            if got == 0 { eof = true; break }
            pending.append(contentsOf: buffer[0..<got])
        }
    }

    /// The fields of the header record, the bytes it used and its line breaks.
    private static func headerRecord(_ r: CSVReader) throws(DataError) -> ([[UInt8]], Int, Int) {
        while true {
            let result: ([[UInt8]], Int, Int)? = r.pending.withUnsafeBytes { raw in
                splitRecord(UnsafeRawBufferPointer(rebasing: raw[r.pendingStart...]), delimiter: r.options.delimiter, atEOF: r.eof)
            }
            if let result { return result }
            if r.eof {
                throw DataError(file: r.path, line: 1, problem: "unterminated quoted field in the header", hint: "close the quote in the header row")
            }
            try r.fill(atLeast: (r.pending.count - r.pendingStart) * 2)
        }
    }

    /// Splits one record into raw fields; `nil` when the record is not complete in `buf`.
    static func splitRecord(_ buf: UnsafeRawBufferPointer, delimiter: UInt8, atEOF: Bool) -> ([[UInt8]], Int, Int)? {
        var fields: [[UInt8]] = [[]]
        var i = 0, lines = 0
        var inQuotes = false
        while i < buf.count {
            let b = buf[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < buf.count && buf[i + 1] == 0x22 { fields[fields.count - 1].append(0x22); i += 2; continue }
                    if i + 1 >= buf.count && !atEOF { return nil }
                    inQuotes = false
                } else {
                    if b == 0x0A { lines += 1 }
                    fields[fields.count - 1].append(b)
                }
            } else if b == 0x22 && fields[fields.count - 1].isEmpty {
                inQuotes = true
            } else if b == delimiter {
                fields.append([])
            } else if b == 0x0A {
                if fields[fields.count - 1].last == 0x0D { fields[fields.count - 1].removeLast() }
                return (fields, i + 1, lines + 1)
            } else {
                fields[fields.count - 1].append(b)
            }
            i += 1
        }
        if inQuotes || !atEOF { return nil }
        if fields[fields.count - 1].last == 0x0D { fields[fields.count - 1].removeLast() }
        return (fields, i, lines + 1)
    }

    static func checkHeader(_ fields: [[UInt8]], path: String) throws(DataError) -> [String] {
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (i, f) in fields.enumerated() {
            if f.contains(0) {
                throw DataError(file: path, line: 1, column: i + 1, problem: "a NUL byte in the header",
                    hint: "the file looks binary or corrupt; est reads UTF-8 text")
            }
            guard var name = String(validating: f, as: UTF8.self) else {
                throw DataError(file: path, line: 1, column: i + 1, problem: "invalid UTF-8 in the header",
                    hint: "convert the file to UTF-8 (for example: iconv -f latin1 -t utf-8)")
            }
            name = name.trimmingSpaces
            if name.isEmpty { name = "unnamed_\(i)" }
            if let j = seen[name] {
                throw DataError(file: path, line: 1, column: i + 1, problem: "duplicate column name '\(name)' (also column \(j + 1))",
                                hint: "give every column a distinct name in the header row")
            }
            seen[name] = i
            names.append(name)
        }
        return names
    }

    /// Index just past the last complete record in `buf` (quotes respected), or nil.
    static func lastRecordEnd(_ buf: UnsafeRawBufferPointer, delimiter: UInt8 = 0x2C) -> Int? {
        guard let base = buf.baseAddress, buf.count > 0 else { return nil }
        if memchr(base, 0x22, buf.count) == nil {
            var i = buf.count - 1
            while i >= 0 && buf[i] != 0x0A { i -= 1 }
            return i >= 0 ? i + 1 : nil
        }
        // As the parser: a quote opens a field only at the field's start; inside, "" is a quote.
        var inQuotes = false, atFieldStart = true, closedAt = -2
        var last: Int? = nil
        for i in 0..<buf.count {
            let b = buf[i]
            if inQuotes {
                if b == 0x22 { inQuotes = false; closedAt = i }
            } else if b == 0x22 && (atFieldStart || closedAt == i - 1) {
                inQuotes = true   // a field's opening quote, or the second quote of a doubled ""
            } else if b == 0x0A {
                last = i + 1
            }
            atFieldStart = !inQuotes && (b == delimiter || b == 0x0A)
        }
        return last
    }

    /// Infers column types from the first `inferenceBytes` (only distinct values are examined).
    private static func inferTypes(_ r: CSVReader) throws(DataError) -> [ColumnType] {
        // Every type given (a dataset's later files and epochs): nothing to sample.
        let given = r.names.compactMap { r.options.types[$0] }
        if given.count == r.names.count { return given }
        try r.fill(atLeast: r.options.inferenceBytes)
        // A first record longer than the window: read on until one record is complete.
        var want = r.options.inferenceBytes
        while !r.eof, r.pending.withUnsafeBytes({ raw in
            lastRecordEnd(UnsafeRawBufferPointer(rebasing: raw[r.pendingStart...].prefix(want)), delimiter: r.options.delimiter) == nil
        }) {
            want *= 2
            try r.fill(atLeast: want)
        }
        let window = want
        let sampled: Result<ChunkResult, DataError> = r.pending.withUnsafeBytes { raw -> Result<ChunkResult, DataError> in
            let avail = UnsafeRawBufferPointer(rebasing: raw[r.pendingStart...])
            let n = r.eof && avail.count <= window ? avail.count
                : (lastRecordEnd(UnsafeRawBufferPointer(rebasing: avail.prefix(window)), delimiter: r.options.delimiter) ?? avail.count)
            let parser = CSVChunkParser(names: r.names, types: [ColumnType](repeating: .string, count: r.names.count),
                                        delimiter: r.options.delimiter, file: r.path, policy: r.options.badRows)
            do throws(DataError) { return .success(try parser.parse(UnsafeRawBufferPointer(rebasing: avail.prefix(n)))) } catch {
                var e = error
                e.line += r.nextLine - 1
                return .failure(e)
            }
        }
        let sample = try sampled.get()
        return r.names.enumerated().map { i, name in
            if let t = r.options.types[name] { return t }
            guard case let .string(codes, dict)? = sample.table.columns.count > i ? sample.table.columns[i].values : nil else { return .float }
            if dict.isEmpty { return .float }
            var cells = [Int](repeating: 0, count: dict.count)
            for k in codes where k >= 0 { cells[Int(k)] += 1 }
            var total = 0, intCells = 0, floatCells = 0, boolCells = 0
            for (k, s) in dict.enumerated() {
                var u = Array(s.utf8)
                let (ok1, ok2, ok3) = u.withUnsafeMutableBufferPointer { b in
                    (FastNumber.parseInt(b.baseAddress!, b.count) != nil,
                     FastNumber.parseDouble(b.baseAddress!, b.count) != nil,
                     FastNumber.parseBool(b.baseAddress!, b.count) != nil)
                }
                total += cells[k]
                if ok1 { intCells += cells[k] }
                if ok2 { floatCells += cells[k] }
                if ok3 { boolCells += cells[k] }
            }
            if intCells == total { return .int }
            if floatCells == total { return .float }
            if boolCells == total { return .bool }
            // A column of numbers with a few stray values is a dirty numeric column: read it as
            // numbers so the stray cells are reported where they are (or skipped).
            if total >= 50 && Double(floatCells) >= 0.98 * Double(total) { return intCells == floatCells ? .int : .float }
            return .string
        }
    }

    /// The next block of rows, or `nil` at the end of the file.
    public func next() throws(DataError) -> Table? {
        if ready.isEmpty { try readBlocks(allowWidening: false) }
        return ready.isEmpty ? nil : ready.removeFirst()
    }

    /// Cuts up to `threads` blocks and parses them in parallel.
    private func readBlocks(allowWidening: Bool) throws(DataError) {
        var chunks: [[UInt8]] = []
        while chunks.count < options.threads {
            try fill(atLeast: options.chunkBytes)
            let avail = pending.count - pendingStart
            if avail == 0 { break }
            var cut: Int? = pending.withUnsafeBytes { raw in
                eof ? avail : Self.lastRecordEnd(UnsafeRawBufferPointer(rebasing: raw[pendingStart..<pending.count]), delimiter: options.delimiter)
            }
            // A record longer than the buffer: read more until it ends.
            var want = options.chunkBytes
            while cut == nil && !eof {
                want = Swift.max(want, avail) * 2
                try fill(atLeast: want)
                let a = pending.count - pendingStart
                cut = pending.withUnsafeBytes { raw in
                    eof ? a : Self.lastRecordEnd(UnsafeRawBufferPointer(rebasing: raw[pendingStart..<pending.count]), delimiter: options.delimiter)
                }
            }
            let n = cut ?? (pending.count - pendingStart)
            chunks.append(Array(pending[pendingStart..<pendingStart + n]))
            pendingStart += n
        }
        if chunks.isEmpty { return }
        let parser = CSVChunkParser(names: names, types: types, delimiter: options.delimiter, file: path, policy: options.badRows,
                                    allowWidening: true)
        var results = [Result<ChunkResult, DataError>?](repeating: nil, count: chunks.count)
        let blocks = chunks
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: blocks.count) { k in
                out[k] = blocks[k].withUnsafeBytes { raw -> Result<ChunkResult, DataError> in
                    do throws(DataError) { return .success(try parser.parse(raw)) } catch { return .failure(error) }
                }
            }
        }
        for r in results {
            switch r! {
            case var .failure(e):
                e.line += nextLine - 1
                throw e
            case let .success(c):
                if let w = c.widen.first {
                    widenColumn = w
                    throw DataError(file: path, line: nextLine + c.lines,
                        problem: "column '\(names[w])' looked like integers in the first rows but has decimal values further on",
                                    hint: "read it as a float (\(DataError.retype(names[w], as: .float)))")
                }
                for var p in c.problems {
                    p.line += nextLine - 1
                    if problems.count < CSVChunkParser.maxProblems { problems.append(p) }
                }
                skippedRows += c.skipped
                rowsRead += c.table.rowCount
                nextLine += c.lines
                if c.table.rowCount > 0 { ready.append(unifyingDictionaries(c.table)) }
            }
        }
    }

    /// Re-codes a block's string columns against the file-wide dictionaries.
    private func unifyingDictionaries(_ block: Table) -> Table {
        if dictionaries.isEmpty {
            dictionaries = [[String]](repeating: [], count: names.count)
            dictionaryIndex = [[String: Int32]](repeating: [:], count: names.count)
        }
        var columns = block.columns
        for c in columns.indices {
            guard case let .string(codes, local) = columns[c].values else { continue }
            var identity = local.count <= dictionaries[c].count
            let remap: [Int32] = local.enumerated().map { k, s in
                if let g = dictionaryIndex[c][s] { identity = identity && g == Int32(k); return g }
                let g = Int32(dictionaries[c].count)
                dictionaries[c].append(s)
                dictionaryIndex[c][s] = g
                identity = identity && g == Int32(k)
                return g
            }
            let global = identity ? codes : codes.map { $0 < 0 ? -1 : remap[Int($0)] }
            columns[c] = Column(.string(codes: global, dictionary: dictionaries[c]), missing: columns[c].missing)
        }
        return Table(names: block.names, columns: columns)
    }

    static func emptyColumn(_ t: ColumnType) -> Column {
        switch t {
        case .int: Column(.int([]))
        case .float: Column(.float([]))
        case .bool: Column(.bool([]))
        case .string: Column(.string(codes: [], dictionary: []))
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
