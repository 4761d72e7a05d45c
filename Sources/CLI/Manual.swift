import ArgumentParser
import Foundation

/// `est --generate-manual`: the man page (roff), rendered from the same command definitions as `--help`.
///
/// It reads argument-parser's description of the commands (`--experimental-dump-help`), so a new option
/// shows up here without another edit; `docs/est.1` is its output, and a test keeps the two equal.
enum Manual {
    /// The whole man page.
    static func render() -> String {
        guard let data = EstCommand._dumpHelp().data(using: .utf8),
              let root = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["command"] as? [String: Any] else {
            return ""
        }
        var out = [".TH EST 1 \"\" \"est \(Version.number)\" \"est manual\"", ".SH NAME", "est \\- " + escape(root["abstract"] as? String ?? "")]
        out += [".SH SYNOPSIS", ".B est", "[\\fICOMMAND\\fR] [\\fIOPTIONS\\fR]", ".SH DESCRIPTION"] + paragraphs(root["discussion"] as? String)
        out.append(".SH COMMANDS")
        for sub in root["subcommands"] as? [[String: Any]] ?? [] where sub["shouldDisplay"] as? Bool ?? true {
            let name = sub["commandName"] as? String ?? ""
            guard name != "help" else { continue }
            out += [".SS est \(name)", escape(sub["abstract"] as? String ?? "")] + paragraphs(sub["discussion"] as? String)
            for argument in sub["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool ?? true {
                out += [".TP", label(argument), escape(argument["abstract"] as? String ?? "")]
            }
        }
        out += [
            ".SH EXIT STATUS", ".TP", "0", "success", ".TP", "1", "failure: a data, workspace or file error (file:line: error: ... and a hint)",
            ".TP", "2", "usage error: one line naming the command or option and the closest valid one", ".TP", "130", "interrupted (Ctrl-C)",
            ".SH SEE ALSO", "docs/cli.md, docs/workspaces.md",
        ]
        return out.joined(separator: "\n") + "\n"
    }

    /// `\fB--name\fR \fIvalue\fR`, or `\fIname\fR` for a positional argument.
    static func label(_ argument: [String: Any]) -> String {
        let value = argument["valueName"] as? String ?? ""
        let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { n -> String? in
            guard let name = n["name"] as? String else { return nil }
            return (n["kind"] as? String == "short" ? "\\-" : "\\-\\-") + name.replacingOccurrences(of: "-", with: "\\-")
        }
        if argument["kind"] as? String == "positional" { return "\\fI\(escape(value))\\fR" }
        let taking = argument["kind"] as? String == "option" ? " \\fI\(escape(value))\\fR" : ""
        return names.map { "\\fB\($0)\\fR" }.joined(separator: ", ") + taking
    }

    /// Discussion text: blank lines start paragraphs, indented lines are kept as they are (examples).
    static func paragraphs(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        var out: [String] = [".PP"]
        var literal = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let indented = line.hasPrefix("  ")
            if indented && !literal { out += [".nf", ".RS 4"]; literal = true }
            if !indented && literal { out += [".RE", ".fi"]; literal = false }
            out.append(line.isEmpty ? ".PP" : escape(indented ? String(line.drop { $0 == " " }) : line))
        }
        if literal { out += [".RE", ".fi"] }
        return out
    }

    /// Text safe in roff: backslashes doubled, no line starting with a control character.
    static func escape(_ text: String) -> String {
        let s = text.replacingOccurrences(of: "\\", with: "\\e")
        return s.hasPrefix(".") || s.hasPrefix("'") ? "\\&" + s : s
    }
}
