import CPUBackend
import Foundation

/// `est --version`: the version, the commit and the backends found.
enum Version {
    /// est's version: the one place it is written.
    static let number = "0.9.0"

    /// The commit of the source checkout this binary was built from, read at run time with `git` if that
    /// checkout still exists (a binary carries no commit: SwiftPM has no build-time stamp without a plugin),
    /// marked `+changes` when it has uncommitted changes; `unknown` otherwise.
    static func commit(sourceFile: String = #filePath) -> String {
        let repo = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: repo.appendingPathComponent(".git").path),
              let head = git(["rev-parse", "--short=12", "HEAD"], in: repo.path) else { return "unknown" }
        let dirty = git(["status", "--porcelain", "--untracked-files=no"], in: repo.path).map { !$0.isEmpty } ?? false
        return head + (dirty ? "+changes" : "") + " (source checkout \(repo.path))"
    }

    private static func git(_ arguments: [String], in folder: String) -> String? {
        let p = Process(), pipe = Pipe()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", folder] + arguments
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The lines `est --version` prints (this loads the CPU backend to name its BLAS core).
    static func text() -> String {
        """
        est \(number)
        commit: \(commit())
        backends: cpu (OpenBLAS \(CPUBackend.blasCore), \(CPUBackend().threads) threads), reference
        """
    }
}
