import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension CSVRowIndex {
    /// Scans the file for record starts, publishing them block by block (runs on the index's thread).
    ///
    /// A record ends at a line feed outside quotes; quotes are counted by parity, so a doubled quote inside a quoted
    /// field toggles twice. Eight bytes are tested at a time for a quote or a line feed.
    func scan() {
        let lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, quote: UInt8 = 0x22
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = ones &* UInt64(quote), feeds = ones &* UInt64(lf)
        var pos = dataOffset, rowStart = dataOffset, line = firstDataLine, rowLine = firstDataLine
        var inQuotes = false
        var previous: UInt8 = lf
        var block = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: 4 << 20)
        var found: [UInt64] = []
        while pos < fileSize {
            if condition.withLock({ cancelled }) { break }
            let n = Swift.min(block, fileSize - pos)
            block = buffer.count
            var got = 0
            while got < n {
                let r = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, n - got, off_t(pos + got)) }
                if r < 0 && errno == EINTR { continue }
                if r <= 0 {
                    let reason = r < 0 ? String(cString: strerror(errno)) : "the file got shorter while it was indexed"
                    finish(failure: DataError(file: path, problem: "read failed: \(reason)", hint: "check the file and the disk"))
                    return
                }
                got += r
            }
            found.removeAll(keepingCapacity: true)
            buffer.withUnsafeBytes { raw in
                let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
                var i = 0
                while i < n {
                    while i + 8 <= n {
                        let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                        let a = w ^ quotes, b = w ^ feeds
                        if ((a &- ones) & ~a | (b &- ones) & ~b) & highs != 0 { break }
                        i += 8
                    }
                    if i >= n { break }
                    let byte = base[i]
                    if byte == quote {
                        inQuotes.toggle()
                    } else if byte == lf {
                        line += 1
                        if !inQuotes {
                            let end = pos + i
                            let before = i > 0 ? base[i - 1] : previous
                            if !(end == rowStart || (end == rowStart + 1 && before == cr)) { found.append(UInt64(rowStart)) }
                            rowStart = end + 1
                            rowLine = line
                        }
                    }
                    i += 1
                }
                previous = base[n - 1]
            }
            pos += n
            condition.withLock {
                offsets.append(contentsOf: found)
                scanned = pos
                indexedEnd = rowStart
                condition.broadcast()
            }
        }
        if pos < fileSize { finish(failure: nil); return }
        if inQuotes {
            finish(failure: unterminatedQuote(at: rowStart, line: rowLine))
            return
        }
        let rest = fileSize - rowStart
        let last = rest > 1 || (rest == 1 && previous != cr) ? UInt64(rowStart) : nil
        finish(failure: nil, last: last)
    }

    /// Marks the scan stopped, with its last record (one without a final line break) or its failure.
    private func finish(failure: DataError?, last: UInt64? = nil) {
        condition.withLock {
            if let last { offsets.append(last); indexedEnd = fileSize }
            self.failure = failure
            finished = true
            condition.broadcast()
        }
    }

    /// The error for a quote opened in the record at `start` and never closed: the line and field where it opens.
    func unterminatedQuote(at start: Int, line: Int) -> DataError {
        let bytes = (try? Self.readBytes(fd: fd, at: start, count: Swift.min(fileSize - start, 1 << 20), path: path)) ?? []
        var field = 1, lines = 0, openField = 1, openLine = 0
        var inQuotes = false
        for b in bytes {
            if b == 0x22 {
                inQuotes.toggle()
                if inQuotes { (openField, openLine) = (field, lines) }
            } else if b == options.delimiter && !inQuotes {
                field += 1
            } else if b == 0x0A {
                lines += 1
            }
        }
        return DataError(file: path, line: line + openLine, column: openField,
                         problem: "unterminated quoted field (the quote opened here is never closed)",
                         hint: "close the quote, or double a quote inside a quoted field (\"\")")
    }
}
