import ArgumentParser
import Foundation
import Workspaces

/// Runs `est` and turns every outcome into its exit code: 0 success, 1 failure, 2 usage, 130 interrupted.
///
/// This is the one place that writes errors: usage mistakes as one `est: error: …` line (with the closest
/// valid name), data and workspace errors as they say themselves (`file:line: error: …` and a hint).
public enum EstMain {
    /// Parses `arguments` (without the program name), runs the command and exits.
    public static func run(_ arguments: [String]) -> Never {
        if arguments == ["--version"] {
            print(Version.text())
            exit(0)
        }
        if arguments == ["--generate-manual"] {
            print(Manual.render(), terminator: "")
            exit(0)
        }
        var arguments = arguments
        // `est data.csv` (and `est workspaces/iris`) opens it, as `vd data.csv` does.
        if let first = arguments.first, !first.hasPrefix("-"), !ArgumentCheck.subcommands.contains(where: { $0._commandName == first }),
           first != "help", FileManager.default.fileExists(atPath: first) {
            arguments.insert("open", at: 0)
        }
        var command: any ParsableCommand
        do {
            try ArgumentCheck.check(arguments)
            command = try EstCommand.parseAsRoot(arguments)
        } catch {
            exit(report(error))
        }
        do {
            try command.run()
            exit(0)
        } catch {
            exit(report(error))
        }
    }

    /// The exit code for `error`, after writing what it says (help and completion scripts go to standard output).
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let e as UsageError:
            Console.err("est: error: \(e)")
            return 2
        case let e as ExitCode:
            return e.rawValue
        case let e as WorkspaceError where e.isConfiguration:
            // A bad key or value in workspace.toml (or --set) is a usage error, said where it is.
            Console.err("\(e)")
            return 2
        case let e as TOMLError:
            Console.err("\(e)")
            return 2
        default:
            let code = EstCommand.exitCode(for: error)
            if code == .success {
                print(EstCommand.fullMessage(for: error))
                return 0
            }
            if code == .validationFailure {
                Console.err("est: error: \(usageLine(for: error))")
                return 2
            }
            // Data and file errors already say where and what to do.
            Console.err("\(error)")
            return 1
        }
    }

    /// argument-parser's message for a usage error as one line, starting in lower case.
    static func usageLine(for error: any Error) -> String {
        let lines = EstCommand.message(for: error).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let text = lines.filter { !$0.isEmpty && !$0.hasPrefix("Usage:") && !$0.hasPrefix("See '") }.joined(separator: "; ")
        guard let first = text.first else { return "bad arguments (est --help)" }
        return first.lowercased() + text.dropFirst()
    }
}
