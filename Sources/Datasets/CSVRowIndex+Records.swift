import Foundation

extension CSVRowIndex {
    /// The start offsets of every indexed row and the end of the last one (a copy, taken under the lock).
    func indexedOffsets() -> (starts: [UInt64], end: Int) {
        condition.withLock { (offsets, indexedEnd) }
    }

    /// Calls `body` with each indexed row's number and bytes (its line break included), in file order.
    ///
    /// Reads the file sequentially in blocks of about 4 MB; `stop` is asked between blocks (true ends the pass early,
    /// and the function returns false). `progress` gets the fraction of rows done after each block.
    func forEachRecord(stop: () -> Bool = { false }, progress: (Double) -> Void = { _ in },
                       _ body: (Int, UnsafeRawBufferPointer) -> Void) throws(DataError) -> Bool {
        let (starts, end) = indexedOffsets()
        let block = 4 << 20
        var row = 0
        while row < starts.count {
            if stop() { return false }
            let first = Int(starts[row])
            // Rows whose end lies within one block from `first` (at least one row, however long).
            var last = row + 1
            while last < starts.count && Int(starts[last]) - first <= block { last += 1 }
            let upto = last < starts.count ? Int(starts[last]) : end
            let bytes = try Self.readBytes(fd: fd, at: first, count: upto - first, path: path)
            bytes.withUnsafeBytes { raw in
                for r in row..<last {
                    let from = Int(starts[r]) - first
                    let to = Swift.min(r + 1 < last ? Int(starts[r + 1]) - first : raw.count, raw.count)
                    body(r, UnsafeRawBufferPointer(rebasing: raw[from..<Swift.max(from, to)]))
                }
            }
            row = last
            progress(Double(row) / Double(Swift.max(1, starts.count)))
        }
        return true
    }

    /// The bytes of field `k` (0-based) of a record, quotes removed and doubled quotes undone; empty when the record
    /// has fewer fields. The record's line break (LF or CRLF) is not part of the last field.
    static func field(_ k: Int, of record: UnsafeRawBufferPointer, delimiter: UInt8, into out: inout [UInt8]) {
        var i = 0, n = record.count
        if n > 0 && record[n - 1] == 0x0A { n -= 1 }
        if n > 0 && record[n - 1] == 0x0D { n -= 1 }
        var f = 0
        // Skip to the start of field k.
        while f < k && i < n {
            if record[i] == 0x22 {
                i += 1
                while i < n { if record[i] == 0x22 { if i + 1 < n && record[i + 1] == 0x22 { i += 2; continue }; break }; i += 1 }
                i += 1
                while i < n && record[i] != delimiter { i += 1 }
            } else {
                while i < n && record[i] != delimiter { i += 1 }
            }
            if i < n { i += 1; f += 1 } else { return }
        }
        if f < k { return }
        if i < n && record[i] == 0x22 {
            i += 1
            while i < n {
                let b = record[i]
                if b == 0x22 {
                    if i + 1 < n && record[i + 1] == 0x22 { out.append(0x22); i += 2; continue }
                    break
                }
                out.append(b)
                i += 1
            }
        } else {
            let start = i
            while i < n && record[i] != delimiter { i += 1 }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: record[start..<i]))
        }
    }

    /// The 1-based line a row starts on, counted from the file's start (for error messages).
    public func line(ofRow row: Int) -> Int? {
        let (starts, _) = indexedOffsets()
        guard starts.indices.contains(row) else { return nil }
        var line = firstDataLine, pos = dataOffset
        let target = Int(starts[row])
        while pos < target {
            let count = Swift.min(1 << 20, target - pos)
            guard let bytes = try? Self.readBytes(fd: fd, at: pos, count: count, path: path), !bytes.isEmpty else { return nil }
            for b in bytes where b == 0x0A { line += 1 }
            pos += bytes.count
        }
        return line
    }
}
