import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Another process holding a model_dir's training lock (`<dir>/.est-train.lock`), as a second trainer would,
/// until ``kill()``: a shell that `flock(1)`s the file, writes the holder JSON with its pid, and `exec`s `sleep`.
public final class LockHoldingProcess {
    let process = Process()
    /// The holder's pid (the one the lock file names).
    public var pid: Int32 { process.processIdentifier }

    /// Starts the holder and returns once the lock is held; `host` is what the holder JSON says.
    public init(modelDir: String, host: String = "elsewhere") throws {
        try FileManager.default.createDirectory(atPath: modelDir, withIntermediateDirectories: true)
        let file = modelDir + "/.est-train.lock"
        // flock(1) locks fd 9 and exits; the shell, exec'ed into sleep, keeps fd 9 (and the lock) until it dies.
        let script = "exec 9>>'\(file)'; flock -x -n 9 || exit 3; : > '\(file)'; "
            + "printf '{\"pid\":%d,\"host\":\"\(host)\",\"command\":\"est train\",\"since\":0}' $$ >&9; echo ready; exec sleep 300"
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        guard line.hasPrefix("ready") else {
            kill()
            let problem = "the lock-holding process did not start (needs flock(1)): '\(line)'"
            throw CocoaError(.fileLocking, userInfo: [NSLocalizedDescriptionKey: problem])
        }
    }

    /// SIGKILLs the holder and waits for it: the kernel drops its lock.
    public func kill() {
        if process.isRunning { Glibc.kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { kill() }
}
