import Foundation

extension CSVRowIndex {
    /// The cell texts of the rows in `range` (0-based data rows, the header not counted), parsed from the file.
    ///
    /// Reads only those rows' bytes (`pread`). While indexing goes on it waits until the range is indexed; once
    /// indexing has stopped (complete, failed or cancelled) it returns the rows of the range that exist, so a range
    /// past the end gives fewer rows or none. Quotes are removed and doubled quotes undone; a record's trailing CR is
    /// dropped. Throws a ``DataError`` when the file cannot be read.
    public func rows(_ range: Range<Int>) throws(DataError) -> [[String]] {
        precondition(range.lowerBound >= 0, "CSVRowIndex.rows: the range must start at 0 or later, got \(range)")
        let (starts, end): ([UInt64], Int) = condition.withLock {
            while offsets.count < range.upperBound && !finished { condition.wait() }
            let upper = Swift.min(range.upperBound, offsets.count)
            guard range.lowerBound < upper else { return ([], 0) }
            let end = upper < offsets.count ? Int(offsets[upper]) : indexedEnd
            return (Array(offsets[range.lowerBound..<upper]), end)
        }
        guard let first = starts.first.map(Int.init) else { return [] }
        let bytes = try Self.readBytes(fd: fd, at: first, count: end - first, path: path)
        var rows: [[String]] = []
        rows.reserveCapacity(starts.count)
        for k in starts.indices {
            let from = Int(starts[k]) - first
            let to = k + 1 < starts.count ? Int(starts[k + 1]) - first : bytes.count
            let record = bytes.withUnsafeBytes { raw in
                CSVReader.splitRecord(UnsafeRawBufferPointer(rebasing: raw[from..<Swift.min(to, raw.count)]),
                                      delimiter: options.delimiter, atEOF: true)
            }
            guard let (fields, _, _) = record else {
                throw DataError(file: path, problem: "row \(range.lowerBound + k + 1) cannot be split into fields",
                                hint: "the file changed while it was open, or a quote is misplaced; open it again")
            }
            rows.append(fields.map { String(decoding: $0, as: UTF8.self) })
        }
        return rows
    }
}
