import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An I/O failure, with the path and the system's reason.
public struct FileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Writes files so that a crash at any moment leaves either the old file or the new one.
public enum AtomicFile {
    /// Writes `data` to a temporary file beside `url`, flushes it to disk, then renames it over `url`.
    public static func write(_ data: Data, to url: URL) throws {
        let path = url.path
        let dir = url.deletingLastPathComponent().path
        let temp = "\(dir)/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FileError(path: path, reason: "cannot create \(temp): \(String(cString: strerror(errno)))") }
        var ok = true
        var err: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { if errno == EINTR { continue }; err = errno; ok = false; break }
                offset += n
            }
        }
        if ok && fsync(fd) != 0 { err = errno; ok = false }
        if close(fd) != 0 && ok { err = errno; ok = false }
        guard ok else {
            unlink(temp)
            throw FileError(path: path, reason: "write failed: \(String(cString: strerror(err)))")
        }
        guard rename(temp, path) == 0 else {
            let e = errno
            unlink(temp)
            throw FileError(path: path, reason: "cannot rename into place: \(String(cString: strerror(e)))")
        }
        // Make the rename itself durable.
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}
