import Datasets
import Estimators
import Foundation
import Tensors

/// Output that follows the terminal: a progress line on a TTY, plain lines otherwise, no colour under NO_COLOR.
struct Console {
    static let isTTY = isatty(1) != 0
    static let colour = isTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func bold(_ s: String) -> String { colour ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    static func err(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    /// A progress line that overwrites the previous one: back to the start of the line, the text, then erase to
    /// the end of the line (so a shorter line leaves nothing of a longer one behind).
    static func progressLine(_ text: String) -> String { "\r" + text + "\u{1B}[K" }

    /// Writes ``progressLine(_:)`` and flushes.
    static func progress(_ text: String) {
        print(progressLine(text), terminator: "")
        fflush(nil)
    }

    /// Prints the estimator's warnings (a corrupt newest checkpoint skipped) on stderr: the library only reports them
    /// as events.
    static func sayWarnings(of est: Estimator) {
        est.onEvent = { if case let .warning(m) = $0 { err(m) } }
    }
}

enum WorkspaceCommands {
    static func setUpBackend(threads: Int?) {
        let cpu = CPUBackendFactory.make(threads: threads)
        Backends.register(cpu)
        Backends.setDefault(cpu.name)
    }

    /// JSON has no NaN or infinity: those become null.
    static func jsonSafe(_ o: Any) -> Any {
        switch o {
        case let d as Double: return d.isFinite ? d : NSNull()
        case let f as Float: return f.isFinite ? Double(f) : NSNull()
        case let a as [Any]: return a.map(jsonSafe)
        case let m as [String: Any]: return m.mapValues(jsonSafe)
        default: return o
        }
    }

    static func printJSON(_ o: Any) {
        let data = (try? JSONSerialization.data(withJSONObject: jsonSafe(o), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }

}
