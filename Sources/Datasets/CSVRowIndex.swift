import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A CSV file's row start offsets, indexed in the background, so any row range can be read without the table in memory.
///
/// `init` reads the header at once; a background thread then scans the file for record boundaries (RFC 4180: quoted
/// fields may hold delimiters, line breaks and doubled quotes; LF or CRLF; the last record may lack a line break;
/// blank lines are skipped, as ``CSVReader`` does). Per row only its start offset is kept (8 bytes). Rows are parsed
/// from the file on demand with ``rows(_:)``, also while indexing goes on.
///
/// ```swift
/// let index = try CSVRowIndex(path: "data/train.csv")
/// let page = try index.rows(0..<50)          // waits only for the first 50 rows
/// print(index.progress, index.rowsIndexed)
/// ```
public final class CSVRowIndex: @unchecked Sendable {
    /// The file as given.
    public let path: String
    /// The header's column names.
    public let names: [String]
    public let options: CSVOptions
    /// The file's size in bytes when opened.
    public let fileSize: Int
    /// Where the first data record starts (after the byte order mark and the header).
    public let dataOffset: Int
    /// The 1-based line the first data record starts on.
    let firstDataLine: Int

    let fd: Int32
    let condition = NSCondition()
    /// Start offsets of the complete records indexed so far (guarded by `condition`).
    var offsets: [UInt64] = []
    /// Bytes scanned so far (guarded by `condition`).
    var scanned = 0
    /// The end of the last indexed record (guarded by `condition`).
    var indexedEnd = 0
    /// Set when the scan has stopped: complete, failed or cancelled (guarded by `condition`).
    var finished = false
    var cancelled = false
    var failure: DataError?
    private var thread: Thread?

    /// Opens a file, reads its header and starts indexing its rows in the background.
    ///
    /// Throws a ``DataError`` for a file that cannot be opened, is a directory or empty, or has a bad header.
    public init(path: String, options: CSVOptions = CSVOptions()) throws(DataError) {
        self.path = path
        self.options = options
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw DataError(file: path, problem: "cannot open the file: \(String(cString: strerror(errno)))",
                            hint: "check the path (relative paths start from the current folder)")
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else {
            close(fd)
            throw DataError(file: path, problem: "is a directory, not a CSV file", hint: "give the path of a .csv file")
        }
        fileSize = Int(st.st_size)
        do throws(DataError) {
            (names, dataOffset, firstDataLine) = try Self.readHeader(fd: fd, size: fileSize, path: path, delimiter: options.delimiter)
        } catch {
            close(fd)
            throw error
        }
        let thread = Thread { [self] in scan() }
        thread.name = "est.csv-row-index"
        self.thread = thread
        thread.start()
    }

    deinit {
        cancel()
        wait()
        close(fd)
    }

    /// Complete rows indexed so far (grows while indexing; readable with ``rows(_:)``).
    public var rowsIndexed: Int { condition.withLock { offsets.count } }
    /// Whether indexing has stopped (the whole file, a failure, or ``cancel()``).
    public var isComplete: Bool { condition.withLock { finished } }
    /// Bytes scanned over the file's size, 0...1.
    public var progress: Double { condition.withLock { fileSize == 0 ? 1 : Double(scanned) / Double(fileSize) } }
    /// The problem that stopped indexing (an unterminated quote, a read error); rows before it stay readable.
    public var error: DataError? { condition.withLock { failure } }

    /// Waits until indexing has stopped.
    public func wait() {
        condition.withLock { while !finished { condition.wait() } }
    }

    /// Stops indexing soon; the rows indexed so far stay readable.
    public func cancel() {
        condition.withLock { cancelled = true }
    }

    /// Reads the header record: its names and where the data starts.
    static func readHeader(fd: Int32, size: Int, path: String, delimiter: UInt8) throws(DataError) -> ([String], Int, Int) {
        var length = Swift.min(size, 64 * 1024)
        while true {
            let bytes = try readBytes(fd: fd, at: 0, count: length, path: path)
            let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
            guard bytes.count > bom else {
                throw DataError(file: path, line: 1, problem: "the file is empty", hint: "a CSV file needs a header row with the column names")
            }
            let atEOF = length >= size
            let record = bytes.withUnsafeBytes { raw in
                CSVReader.splitRecord(UnsafeRawBufferPointer(rebasing: raw[bom...]), delimiter: delimiter, atEOF: atEOF)
            }
            if let (fields, consumed, lines) = record {
                return (try CSVReader.checkHeader(fields, path: path), bom + consumed, 1 + lines)
            }
            if atEOF {
                throw DataError(file: path, line: 1, problem: "unterminated quoted field in the header", hint: "close the quote in the header row")
            }
            length = Swift.min(size, length * 2)
        }
    }

    /// `count` bytes from `offset` (fewer at the end of the file), with `pread`.
    static func readBytes(fd: Int32, at offset: Int, count: Int, path: String) throws(DataError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 {
                throw DataError(file: path, problem: "read failed: \(String(cString: strerror(errno)))", hint: "check the file and the disk")
            }
            if got == 0 { break }
            done += got
        }
        bytes.removeLast(count - done)
        return bytes
    }
}
