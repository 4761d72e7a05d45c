import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A problem reading an events file.
public struct EventFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let offset: Int
    public let problem: String
    public var description: String { "\(path): at byte \(offset): \(problem)\nhelp: the file is corrupt; TensorBoard will stop reading it here too" }
}

/// TFRecord framing: `u64 length, u32 masked_crc(length), data, u32 masked_crc(data)` (little-endian).
public enum TFRecord {
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 16)
        let len = UInt64(data.count).littleEndian
        withUnsafeBytes(of: len) { out.append(contentsOf: $0) }
        let lc = withUnsafeBytes(of: len) { CRC32C.masked(CRC32C.checksum($0)) }.littleEndian
        withUnsafeBytes(of: lc) { out.append(contentsOf: $0) }
        out.append(contentsOf: data)
        let dc = CRC32C.masked(CRC32C.checksum(data)).littleEndian
        withUnsafeBytes(of: dc) { out.append(contentsOf: $0) }
        return out
    }
}

/// Appends TensorBoard events to `events.out.tfevents.<time>.<host>` in a directory.
///
/// The first record is the file version (`brain.Event:2`). Records are appended and flushed
/// as they come: a crash leaves complete records and at most one partial record at the end,
/// which ``EventFileReader`` skips (as TensorBoard does).
public final class EventFileWriter: @unchecked Sendable {
    /// The file being written.
    public var path: String { lock.withLock { currentPath } }
    private let directory: String
    private let suffix: String
    private var currentPath: String
    private var handle: FileHandle
    private let lock = NSLock()

    /// Creates the directory if needed and starts a new events file in it.
    public init(directory: String, suffix: String = "") throws {
        (self.directory, self.suffix) = (directory, suffix)
        (currentPath, handle) = try Self.create(directory: directory, suffix: suffix)
        try write(Event(wallTime: Double(Int(Date().timeIntervalSince1970)), step: 0, what: .fileVersion("brain.Event:2"), writer: "est"))
    }

    deinit { try? handle.close() }

    /// Whether the file being written is still the one at ``path`` (false once it or its folder was deleted).
    public var isInPlace: Bool {
        lock.withLock {
            var a = stat(), b = stat()
            guard fstat(handle.fileDescriptor, &a) == 0, stat(currentPath, &b) == 0 else { return false }
            return a.st_ino == b.st_ino && a.st_dev == b.st_dev
        }
    }

    /// Starts a new events file in the same directory (re-creating it), for when the old one was deleted;
    /// later events go to the new file, which starts with the file version record as every events file does.
    public func reopen() throws {
        let (p, h) = try Self.create(directory: directory, suffix: suffix)
        lock.withLock {
            try? handle.close()
            (currentPath, handle) = (p, h)
        }
        try write(Event(wallTime: Double(Int(Date().timeIntervalSince1970)), step: 0, what: .fileVersion("brain.Event:2"), writer: "est"))
    }

    private static func create(directory: String, suffix: String) throws -> (String, FileHandle) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let now = Date().timeIntervalSince1970
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        var name = "events.out.tfevents.\(Int(now)).\(String(cString: host))\(suffix)"
        var n = 1
        while FileManager.default.fileExists(atPath: directory + "/" + name) {
            name = "events.out.tfevents.\(Int(now)).\(String(cString: host))\(suffix).\(n)"
            n += 1
        }
        let path = directory + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw EventFileError(path: path, offset: 0, problem: "cannot create the events file")
        }
        return (path, h)
    }

    /// Appends one event and flushes it.
    public func write(_ event: Event) throws {
        let record = TFRecord.frame(event.encoded())
        try lock.withLock {
            try handle.write(contentsOf: record)
            try handle.synchronize()
        }
    }

    /// Appends scalars at one step (one `Event`, values in the given order).
    public func scalars(_ values: [(String, Double)], step: Int64, wallTime: Double = Date().timeIntervalSince1970) throws {
        try write(Event(wallTime: wallTime, step: step, what: .summary(values.map { SummaryValue(tag: $0.0, kind: .scalar(Float($0.1))) })))
    }
}

/// Reads the events of a file, and tails it as it grows.
///
/// ``readNew()`` returns the complete records appended since the last call; a record still
/// being written (a partial last record) is left for the next call, never an error.
public final class EventFileReader {
    public let path: String
    private var offset = 0
    private var pending: [UInt8] = []

    public init(path: String) { self.path = path }

    /// Bytes of complete records consumed so far.
    public var bytesConsumed: Int { offset }
    /// Bytes read past the last complete record (a record still being written, or a torn tail).
    public var bytesPending: Int { pending.count }

    /// Every complete event in the file from the start.
    public static func readAll(path: String) throws -> [Event] {
        try EventFileReader(path: path).readNew()
    }

    /// The complete events appended since the last call.
    public func readNew() throws -> [Event] {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw EventFileError(path: path, offset: 0, problem: "cannot open the file")
        }
        defer { try? h.close() }
        try h.seek(toOffset: UInt64(offset + pending.count))
        if let more = try h.readToEnd() { pending += more }
        var events: [Event] = []
        var i = 0
        while pending.count - i >= 12 {
            let len = pending[i..<i + 8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let lenCRC = pending[i + 8..<i + 12].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            let expected = pending.withUnsafeBytes { CRC32C.masked(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[i..<i + 8]))) }
            // Corruption after good records: return those first (as TensorBoard does); the next call reports it.
            guard lenCRC == expected else {
                if events.isEmpty { throw EventFileError(path: path, offset: offset + i, problem: "bad length checksum") }
                break
            }
            guard len < 1 << 31 else {
                if events.isEmpty { throw EventFileError(path: path, offset: offset + i, problem: "record length \(len) is implausible") }
                break
            }
            let total = 12 + Int(len) + 4
            if pending.count - i < total { break }   // still being written
            let data = pending[i + 12..<i + 12 + Int(len)]
            let dataCRC = pending[i + 12 + Int(len)..<i + total].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            guard dataCRC == CRC32C.masked(data.withUnsafeBytes { CRC32C.checksum($0) }) else {
                if events.isEmpty { throw EventFileError(path: path, offset: offset + i, problem: "bad data checksum") }
                break
            }
            do { events.append(try Event(decoding: data)) } catch {
                throw EventFileError(path: path, offset: offset + i, problem: "undecodable event: \(error)")
            }
            i += total
        }
        offset += i
        pending.removeFirst(i)
        return events
    }
}
