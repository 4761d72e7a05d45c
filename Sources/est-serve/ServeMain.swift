import ArgumentParser
import CPUBackend
import Exports
import Foundation
import Serving
import Tensors

// est-serve: TF Serving's REST API over est exports (docs/serving.md). `est serve` runs this binary.

/// `est-serve EXPORT_DIR…`: loads the exports and serves TF Serving's REST API until SIGTERM or SIGINT.
@main
struct ServeMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "est-serve",
        abstract: "Serve est exports over TensorFlow Serving's REST API (what `est serve` runs).",
        discussion: """
        EXPORT_DIR is a folder of versions (numeric subfolders, e.g. runs/main/export/best: model 'best', newest version \
        by default) or one version folder (holding signature.json). NAME=EXPORT_DIR names the model.
        Routes: POST /v1/models/NAME[/versions/V]:predict|:classify|:regress, GET /v1/models/NAME[/versions/V][/metadata].

        Example:
          est-serve runs/main/export/best --port 8501
        """
    )

    @Argument(help: ArgumentHelp("Export folders, or NAME=folder.", valueName: "export-dir"))
    var exports: [String] = []

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port (0: any free port, logged at start).", valueName: "port"))
    var port = 8501

    @Option(help: ArgumentHelp("The largest request body accepted (413 above).", valueName: "n"))
    var maxBodyBytes = 64 << 20

    @Option(help: ArgumentHelp("The most rows one request may carry (400 above).", valueName: "n"))
    var maxRows = 100_000

    @Option(help: ArgumentHelp("CPU threads per prediction (default: every core).", valueName: "n"))
    var threads: Int?

    @Option(help: .private)
    var synthetic: [String] = []

    func validate() throws {
        if exports.isEmpty && synthetic.isEmpty { throw ValidationError("give at least one export folder") }
        if !(0...65535).contains(port) { throw ValidationError("--port \(port) is not a port number (0 to 65535)") }
        if maxBodyBytes <= 0 { throw ValidationError("--max-body-bytes must be positive") }
        if maxRows <= 0 { throw ValidationError("--max-rows must be positive") }
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive") }
    }

    func run() async throws {
        let log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("est-serve: \($0)\n".utf8)) }
        let backend = CPUBackend(threads: threads)
        Backends.register(backend)
        Backends.setDefault(backend.name)
        let sources: [ModelSource]
        do {
            sources = try ModelSource.parse(exports)
        } catch {
            log("error: \(error)")
            throw ExitCode.failure
        }
        var repository = ModelRepository.load(sources, log: log) { path throws(ExportError) in
            try ExportedModel(directory: path, backend: backend)
        }
        for name in synthetic {
            repository = repository.adding(.init(name: name, versions: [.init(number: 1, path: "(synthetic)", state: .ready(SyntheticModel()))]))
            log("model '\(name)' version 1: synthetic DNN for load tests, \(ModelRepository.inputList(SyntheticModel().signature))")
        }
        let api = ServingAPI(repository: repository, maxRows: maxRows)
        let server = ServingServer(api: api, options: .init(host: host, port: port, maxBodyBytes: maxBodyBytes))
        try await server.run { address in log("listening on http://\(address) (TF Serving REST API: GET /v1/models/NAME)") }
        log("stopped")
    }
}
