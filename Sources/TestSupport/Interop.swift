import Foundation

/// Runs the Python interop scripts (real `safetensors`, TensorBoard, onnxruntime) from the venv `.ci/run` creates.
public enum Interop {
    /// The repository root (found from this file's path).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The venv's Python: `$EST_PYTHON`, else `<repo>/.venv/bin/python`, if it exists.
    public static var python: String? {
        if let p = ProcessInfo.processInfo.environment["EST_PYTHON"], FileManager.default.isExecutableFile(atPath: p) { return p }
        let p = repositoryRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: p) ? p : nil
    }

    /// Whether the venv's Python can import `module`.
    public static func hasModule(_ module: String) -> Bool {
        guard let python else { return false }
        return (try? run(python, ["-c", "import \(module)"]).status) == 0
    }

    /// Runs a program and returns its exit status and combined output.
    public static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        p.currentDirectoryURL = repositoryRoot
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs a script under `scripts/interop/` with the venv's Python.
    public static func script(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        guard let python else { return (127, "no interop Python (run .ci/run to create .venv)") }
        return try run(python, [repositoryRoot.appendingPathComponent("scripts/interop/\(name)").path] + arguments)
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory(_ prefix: String = "est-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
