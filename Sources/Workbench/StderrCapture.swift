import Foundation

/// Redirects the process's stderr (fd 2) into a pipe while the workbench draws, so a stray write (a C library,
/// a dependency, a forgotten print to stderr) becomes a log line instead of text over the curses screen.
///
/// `dup` keeps the real stderr, `dup2` puts the pipe's write end on fd 2, and a reader thread splits what arrives
/// into lines for `onLine` (a partial line is handed over after `partialLineDelay` seconds without more).
/// ``restore()`` puts the real stderr back, then the reader drains the pipe and ends; call it once the screen is
/// given back. The terminal's crash handler restores fd 2 itself (``savedDescriptor``, ``readDescriptor``).
public final class StderrCapture: @unchecked Sendable {
    /// A duplicate of the real stderr, put back on fd 2 by ``restore()``.
    public let savedDescriptor: Int32
    /// The pipe's read end (what a crash handler drains to the real stderr).
    public let readDescriptor: Int32
    private let onLine: @Sendable (String) -> Void
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var restored = false
    private var count = 0

    /// Seconds a line without its newline waits for the rest before it is handed over.
    public static let partialLineDelay = 0.2

    /// Starts capturing; nil (and stderr left alone) when the pipe or the duplicate cannot be made.
    public init?(onLine: @escaping @Sendable (String) -> Void) {
        fflush(nil)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        let saved = dup(2)
        guard saved >= 0, dup2(fds[1], 2) >= 0 else {
            close(fds[0]); close(fds[1])
            if saved >= 0 { close(saved) }
            return nil
        }
        close(fds[1])
        // Neither end leaks into a child process.
        _ = fcntl(saved, F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        (savedDescriptor, readDescriptor, self.onLine) = (saved, fds[0], onLine)
        let t = Thread { [self] in readLoop() }
        t.name = "est-stderr"
        t.start()
    }

    /// How many lines were captured so far.
    public var lineCount: Int { lock.lock(); defer { lock.unlock() }; return count }

    /// Puts the real stderr back on fd 2 and waits until every captured line was handed over (idempotent).
    public func restore() {
        lock.lock()
        let first = !restored
        restored = true
        lock.unlock()
        guard first else { return }
        fflush(nil)
        // fd 2 was the pipe's only write end: replacing it lets the reader see the end of the pipe.
        dup2(savedDescriptor, 2)
        // A child process holding a copy of the write end would keep the pipe open: the reader is then left behind.
        guard done.wait(timeout: .now() + 2) == .success else { return }
        close(readDescriptor)
        close(savedDescriptor)
    }

    private func readLoop() {
        var pending = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var fd = pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&fd, 1, pending.isEmpty ? -1 : Int32(Self.partialLineDelay * 1000))
            if ready < 0 { if errno == EINTR { continue } else { break } }
            if ready == 0 { emit(pending); pending.removeAll(); continue }
            let n = read(readDescriptor, &buffer, buffer.count)
            if n < 0 { if errno == EINTR { continue } else { break } }
            if n == 0 { break }
            pending.append(contentsOf: buffer[0..<n])
            while let nl = pending.firstIndex(of: 10) {
                emit(Array(pending[..<nl]))
                pending.removeSubrange(...nl)
            }
        }
        if !pending.isEmpty { emit(pending) }
        done.signal()
    }

    private func emit(_ bytes: [UInt8]) {
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\r" { text.removeLast() }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        lock.lock(); count += 1; lock.unlock()
        onLine(text)
    }
}
