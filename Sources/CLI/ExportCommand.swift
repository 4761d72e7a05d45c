import ArgumentParser
import Datasets
import Estimators
import Exports
import Foundation
import Workspaces

/// `est export`: a checkpoint as a servable export (`model.onnx`, `signature.json`, …); prints the export's folder.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a checkpoint for serving (ONNX + signature.json); prints the export folder.",
        discussion: """
        The export goes to OUT/<unix-seconds>/ (default OUT: <model_dir>/export/manual), written under a temporary \
        name and renamed. Run it with `est predict --export DIR`, `est serve DIR` or onnxruntime (its README.txt says how).

        Example:
          est export workspaces/iris --out /tmp/iris-export
        """
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("The checkpoint (default: the latest).", valueName: "path"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("The folder to export into (default: <model_dir>/export/manual).", valueName: "dir"))
    var out: String?

    func run() throws {
        let (ws, est) = try options.loadEstimator(threads: 1)
        Console.sayWarnings(of: est)
        let base = out ?? est.modelDir + "/export/manual"
        let path = try est.export(to: base, checkpoint: checkpoint, sample: try Self.sample(ws))
        if options.json {
            let signature = try JSONDecoder().decode(ExportSignature.self, from: Data(contentsOf: URL(fileURLWithPath: path + "/signature.json")))
            WorkspaceCommands.printJSON(["export": path, "global_step": signature.globalStep, "kind": signature.kind,
                                         "inputs": signature.inputs.map(\.name), "outputs": signature.outputs.map(\.name)])
        } else {
            print(path)
        }
    }

    /// The first rows of the workspace's training data: the raw columns the export traces the model on.
    static func sample(_ ws: Workspace) throws -> Table? {
        guard let file = ws.trainFiles.first else { return nil }
        let reader = try CSVReader(path: file, options: ws.csvOptions)
        guard let block = try reader.next() else { return nil }
        return block.slice(0..<Swift.min(block.rowCount, 11))
    }
}
