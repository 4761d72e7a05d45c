import ArgumentParser
import Foundation

/// Checks argument-parser leaves to us, made before parsing: an unknown command or option (with the
/// closest valid one), and a single-value option or flag given twice (argument-parser keeps the last).
enum ArgumentCheck {
    /// Options that may repeat.
    static let repeatable: Set<String> = ["--set", "--type"]
    /// Root options handled by argument-parser itself.
    static let rootOnly: Set<String> = [
        "-h", "--help", "help", "--generate-completion-script", "--experimental-dump-help", "--version", "--generate-manual",
    ]

    static var subcommands: [any ParsableCommand.Type] { EstCommand.configuration.subcommands }

    /// Throws a ``UsageError`` for the first mistake in `arguments`.
    static func check(_ arguments: [String]) throws {
        if arguments.first == "help", arguments.count > 1 {
            try check(Array(arguments.dropFirst().prefix(1)))
            return
        }
        guard let first = arguments.first, !rootOnly.contains(first) else { return }
        var command: any ParsableCommand.Type = OpenCommand.self
        var rest = arguments[...]
        if !first.hasPrefix("-") {
            let names = subcommands.map { $0._commandName }
            guard let found = subcommands.first(where: { $0._commandName == first }) else {
                if first.contains("/") || first.contains(".") {
                    throw UsageError(description: "no file or folder '\(first)' (est FILE.csv opens a CSV, est FOLDER a workspace)")
                }
                let near = Suggestions.closest(to: first, among: names + ["help"]).map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError(description: "unknown command '\(first)'\(near) (est --help lists them)")
            }
            command = found
            rest = rest.dropFirst()
        }
        try checkOptions(Array(rest), of: command)
    }

    /// The long options a command's help lists, each with whether it takes a value.
    static func options(of command: any ParsableCommand.Type) -> [String: Bool] {
        let help = EstCommand.helpMessage(for: command, columns: 10_000)
        var found: [String: Bool] = ["-h": false, "--help": false]
        let pattern = try? NSRegularExpression(pattern: "(?<![\\w-])(--?[A-Za-z][A-Za-z0-9-]*)( <)?")
        let range = NSRange(help.startIndex..., in: help)
        pattern?.enumerateMatches(in: help, range: range) { match, _, _ in
            guard let match, let name = Range(match.range(at: 1), in: help) else { return }
            let takesValue = match.range(at: 2).location != NSNotFound
            found[String(help[name]), default: false] = found[String(help[name]), default: false] || takesValue
        }
        return found
    }

    static func checkOptions(_ arguments: [String], of command: any ParsableCommand.Type) throws {
        let known = options(of: command)
        var seen: Set<String> = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if a == "--" { return }
            guard a.hasPrefix("-"), a.count > 1, Double(a) == nil else { continue }
            let name = a.split(separator: "=", maxSplits: 1).first.map(String.init) ?? a
            guard let takesValue = known[name] else {
                let candidates = known.keys.filter { $0.hasPrefix("--") }.sorted()
                let near = Suggestions.closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError(description: "unknown option '\(name)'\(near) (est \(command._commandName) --help lists them)")
            }
            if seen.contains(name) && !repeatable.contains(name) {
                throw UsageError(description: "option '\(name)' is given twice; give it once")
            }
            seen.insert(name)
            if takesValue && !a.contains("=") { i += 1 }
        }
    }
}
