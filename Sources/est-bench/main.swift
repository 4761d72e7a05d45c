import ArgumentParser
import Foundation

/// `est-bench`: exit code 0, 1 when a benchmark fails, 2 for a usage error (one `est-bench: error:` line).
func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("est-bench: \(message)\n".utf8))
    exit(code)
}

var command: BenchCommand
do {
    command = try BenchCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if BenchCommand.exitCode(for: error) == .success {
        print(BenchCommand.fullMessage(for: error))
        exit(0)
    }
    let line = BenchCommand.message(for: error).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty && !$0.hasPrefix("Usage:") }.joined(separator: " ")
    fail("error: \(line) (est-bench --help)", code: 2)
}
do {
    try command.run()
} catch {
    fail("\(error)", code: 1)
}
