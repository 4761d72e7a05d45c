import ArgumentParser
import Foundation

/// `est serve`: TF Serving's REST API over exports, run by the separate `est-serve` binary.
///
/// The HTTP server lives in its own binary so that building `est` never builds the server's packages;
/// this command only finds `est-serve` (next to `est`, then on PATH) and replaces itself with it.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve models over TensorFlow Serving's REST API (runs the est-serve binary).",
        discussion: """
        Each folder is a folder of versions (numeric subfolders such as MODEL_DIR/export/best: model 'best', newest \
        version by default) or one version folder holding signature.json; NAME=DIR names the model.
        Answers POST /v1/models/NAME[/versions/V]:predict, :classify, :regress and GET /v1/models/NAME[/metadata]
        (docs/serving.md). Stops cleanly on SIGTERM or Ctrl-C. Build the server once with:
          swift build -c release --product est-serve

        Example:
          est serve workspaces/iris/runs/main/export/best --port 8501
        """
    )

    @Argument(help: ArgumentHelp("Export folders, or NAME=DIR.", valueName: "export-dir"))
    var exports: [String]

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port (0: any free port, printed at start).", valueName: "port"), transform: ArgumentValues.port)
    var port = 8501

    @Option(help: ArgumentHelp("The largest request body accepted, in bytes (413 above).", valueName: "n"),
            transform: ArgumentValues.positive)
    var maxBodyBytes = 64 << 20

    @Option(help: ArgumentHelp("The most rows one request may carry (400 above).", valueName: "n"), transform: ArgumentValues.positive)
    var maxRows = 100_000

    @Option(help: ArgumentHelp("CPU threads per prediction (default: every core).", valueName: "n"), transform: ArgumentValues.positive)
    var threads: Int?

    /// The arguments `est-serve` gets.
    var serverArguments: [String] {
        exports + ["--host", host, "--port", String(port), "--max-body-bytes", String(maxBodyBytes), "--max-rows", String(maxRows)]
            + (threads.map { ["--threads", String($0)] } ?? [])
    }

    func run() throws {
        let binary = try ServeLauncher.locate()
        try ServeLauncher.exec(binary, arguments: serverArguments)
    }
}

/// Finds and runs the `est-serve` binary.
enum ServeLauncher {
    /// `est-serve` is not where `est` looks for it.
    struct NotBuilt: Error, CustomStringConvertible {
        var looked: [String]
        var description: String {
            let places = looked.joined(separator: ", ")
            return "est: error: est-serve is not built (looked in \(places)): build it with `swift build -c release --product est-serve`"
        }
    }

    /// `est-serve` next to the running `est` (its real path, then as invoked), else the first one on `PATH`.
    static func locate(executable: String = "/proc/self/exe", invokedAs: String = CommandLine.arguments.first ?? "",
                       path: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> String {
        var folders: [String] = []
        let real = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path
        folders.append(real)
        if invokedAs.contains("/") { folders.append(URL(fileURLWithPath: invokedAs).deletingLastPathComponent().standardizedFileURL.path) }
        folders += (path ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        var seen: Set<String> = []
        for folder in folders where seen.insert(folder).inserted {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent("est-serve").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw NotBuilt(looked: [real, "PATH"])
    }

    /// Replaces this process with `binary arguments…`; returns only by throwing when exec fails.
    static func exec(_ binary: String, arguments: [String]) throws -> Never {
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        execv(binary, argv)
        throw ExecFailed(binary: binary, reason: String(cString: strerror(errno)))
    }

    struct ExecFailed: Error, CustomStringConvertible {
        var binary: String
        var reason: String
        var description: String { "est: error: cannot run \(binary): \(reason)" }
    }
}
