import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One trainer per model_dir: an advisory `flock` on `<model_dir>/.est-train.lock`, held for a whole training run.
///
/// The lock file holds JSON naming the holder (pid, host, command, start time) so a refused trainer can say who
/// trains there. The kernel drops a `flock` when its holder dies, so a lock left by a killed process is simply
/// taken by the next trainer, which rewrites the holder. Within one process a second trainer for a held model_dir is
/// refused the same way (a `flock` belongs to its open file, so the process keeps one per model_dir), while
/// evaluating that model_dir's checkpoints from the process that trains it is fine.
///
/// ```swift
/// let lock = try ModelDirLock.acquire(modelDir: "runs/a")   // throws ModelDirLockError if someone trains there
/// defer { lock.release() }
/// ```
public final class ModelDirLock: @unchecked Sendable {
    /// Who holds a model_dir's lock.
    public struct Holder: Sendable, Equatable, Codable {
        public var pid: Int32
        public var host: String
        /// What runs the training (`est train`, `est open`, the program's name).
        public var command: String
        /// When the lock was taken.
        public var since: Date

        public init(pid: Int32, host: String, command: String, since: Date) {
            (self.pid, self.host, self.command, self.since) = (pid, host, command, since)
        }

        /// Whether this process holds it (its own training run).
        public var isThisProcess: Bool { pid == getpid() && host == ModelDirLock.hostName }

        /// "pid 1234 on host h (est train, since 14:02:11)".
        public var summary: String {
            let f = DateFormatter()
            f.dateFormat = Calendar.current.isDateInToday(since) ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss"
            return "pid \(pid) on host \(host) (\(command), since \(f.string(from: since)))"
        }
    }

    /// The lock file's name inside a model_dir.
    public static let fileName = ".est-train.lock"

    /// The model_dir as given.
    public let modelDir: String
    /// Who holds it: this process.
    public let holder: Holder
    let key: String
    private let mutex = NSLock()
    private var fd: Int32
    private var released = false

    private init(modelDir: String, key: String, fd: Int32, holder: Holder) {
        (self.modelDir, self.key, self.fd, self.holder) = (modelDir, key, fd, holder)
    }

    deinit { release() }

    /// Takes the lock of `modelDir` (creating the folder), or throws ``ModelDirLockError`` naming the holder.
    ///
    /// Never blocks for long: a lock held by another trainer is refused at once, after a grace of a few milliseconds
    /// for a ``holder(of:)`` probe holding it for an instant (0.2 s for a run of this process that is just ending).
    public static func acquire(modelDir: String, command: String? = nil) throws -> ModelDirLock {
        do {
            try FileManager.default.createDirectory(atPath: modelDir, withIntermediateDirectories: true)
        } catch {
            throw EstimatorError("cannot create the model_dir \(modelDir): \(error.localizedDescription)",
                                 hint: "check the path and its permissions, or train in another model_dir (--model-dir)")
        }
        let key = canonical(modelDir)
        let holder = Holder(pid: getpid(), host: hostName, command: command ?? defaultCommand, since: Date())
        // A run of this process that just reported its end releases its lock a moment later: give it that moment.
        for _ in 0..<20 where Registry.shared.withLock({ $0[key] != nil }) { usleep(10_000) }
        return try Registry.shared.withLock { held in
            if let other = held[key] { throw ModelDirLockError(modelDir: modelDir, holder: other.holder) }
            let fd = try lockFile(modelDir: modelDir)
            let lock = ModelDirLock(modelDir: modelDir, key: key, fd: fd, holder: holder)
            lock.writeHolder()
            held[key] = Weak(lock)
            return lock
        }
    }

    /// Who trains in `modelDir` now, or nil when nobody does (a non-blocking probe; a stale lock file reads as free).
    public static func holder(of modelDir: String) -> Holder? {
        if let mine = Registry.shared.withLock({ $0[canonical(modelDir)]?.holder }) { return mine }
        let path = modelDir + "/" + fileName
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        // Held: the holder writes its JSON right after locking; give it a moment if it is not there yet.
        for _ in 0..<10 {
            if let h = readHolder(fd) { return h }
            usleep(10_000)
        }
        return Holder(pid: 0, host: "?", command: "unknown", since: Date())
    }

    /// Drops the lock (idempotent). The lock file stays: deleting it would let two trainers lock two different files.
    public func release() {
        mutex.lock(); defer { mutex.unlock() }
        guard !released else { return }
        released = true
        flock(fd, LOCK_UN)
        close(fd)
        Registry.shared.withLock { held in if held[key]?.lock === self { held[key] = nil } }
    }

    /// Whether the lock file this lock holds is still the one at its path (false once the model_dir was deleted).
    public var isInPlace: Bool {
        mutex.lock(); defer { mutex.unlock() }
        var a = stat(), b = stat()
        guard !released, fstat(fd, &a) == 0, stat(modelDir + "/" + Self.fileName, &b) == 0 else { return false }
        return a.st_ino == b.st_ino && a.st_dev == b.st_dev
    }

    /// Takes the lock again on a new lock file (after the model_dir was deleted and re-created); throws
    /// ``ModelDirLockError`` when another process locked the new file meanwhile.
    public func retake() throws {
        try FileManager.default.createDirectory(atPath: modelDir, withIntermediateDirectories: true)
        let newFD = try Self.lockFile(modelDir: modelDir)
        mutex.lock()
        flock(fd, LOCK_UN)
        close(fd)
        fd = newFD
        mutex.unlock()
        writeHolder()
    }

    // MARK: Internals

    /// Opens (creating) and locks the lock file; a probe holding it for an instant gets a few retries.
    static func lockFile(modelDir: String) throws -> Int32 {
        let path = modelDir + "/" + fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw EstimatorError("cannot open the lock file \(path): \(String(cString: strerror(errno)))",
                                 hint: "check the model_dir's permissions, or train in another model_dir (--model-dir)")
        }
        for attempt in 0..<25 {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return fd }
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw EstimatorError("cannot lock \(path): \(reason)",
                                     hint: "the model_dir's file system may not support locks (flock); train in a local model_dir (--model-dir)")
            }
            // Someone holds it: a trainer (whose holder JSON is there) or a holder(of:) probe for an instant.
            if attempt >= 5, let h = readHolder(fd) {
                close(fd)
                throw ModelDirLockError(modelDir: modelDir, holder: h)
            }
            usleep(10_000)
        }
        // Still held after the retries, with no holder written: name what is known.
        let h = readHolder(fd) ?? Holder(pid: 0, host: "?", command: "unknown", since: Date())
        close(fd)
        throw ModelDirLockError(modelDir: modelDir, holder: h)
    }

    /// Replaces the lock file's contents with this holder (in place: the locked file must stay the same file).
    private func writeHolder() {
        mutex.lock(); defer { mutex.unlock() }
        let enc = JSONEncoder()
        enc.dateEncodingStrategy = .secondsSince1970
        enc.outputFormatting = [.sortedKeys]
        guard let data = try? enc.encode(holder) else { return }
        ftruncate(fd, 0)
        _ = data.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    static func readHolder(_ fd: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        let dec = JSONDecoder()
        dec.dateDecodingStrategy = .secondsSince1970
        return try? dec.decode(Holder.self, from: Data(buffer[0..<n]))
    }

    static func canonical(_ dir: String) -> String {
        let absolute = URL(fileURLWithPath: dir).standardizedFileURL.path
        guard let r = realpath(absolute, nil) else { return absolute }
        defer { free(r) }
        return String(cString: r)
    }

    static let hostName: String = {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// `est train`, `est open`: the program's name and its subcommand.
    static let defaultCommand: String = {
        let args = ProcessInfo.processInfo.arguments
        let program = args.first.map { ($0 as NSString).lastPathComponent } ?? "?"
        // A subcommand is a plain word (`est train`); `est workspaces/iris` opens the workbench.
        if let sub = args.dropFirst().first, !sub.isEmpty, sub.allSatisfy({ $0.isLetter }) { return "\(program) \(sub)" }
        return program
    }()

    /// A lock of this process (held weakly: a lock dropped without `release()` frees its entry) and its holder.
    struct Weak {
        weak var lock: ModelDirLock?
        let holder: Holder
        init(_ l: ModelDirLock) { (lock, holder) = (l, l.holder) }
    }

    /// The model_dirs this process holds, by canonical path.
    final class Registry: @unchecked Sendable {
        static let shared = Registry()
        private let lock = NSLock()
        private var held: [String: Weak] = [:]
        func withLock<T>(_ body: (inout [String: Weak]) throws -> T) rethrows -> T {
            lock.lock(); defer { lock.unlock() }
            held = held.filter { $0.value.lock != nil }
            return try body(&held)
        }
    }
}

/// A model_dir another trainer holds: who, and what to do about it.
public struct ModelDirLockError: Error, CustomStringConvertible, Sendable {
    public let modelDir: String
    public let holder: ModelDirLock.Holder

    public init(modelDir: String, holder: ModelDirLock.Holder) { (self.modelDir, self.holder) = (modelDir, holder) }

    /// One line: who trains there and what to do ("stop it (kill 1234) or train in another model_dir …").
    public var description: String {
        let stop = holder.isThisProcess ? "stop that run first (s)" : "stop it (kill \(holder.pid))"
        return "error: model_dir \(modelDir) is being trained by \(holder.isThisProcess ? "this process, " : "")\(holder.summary); "
            + "\(stop) or train in another model_dir (est train --model-dir DIR; in the workbench w warm-starts a new run)"
    }
}
