import ArgumentParser
import Datasets
import Estimators
import Foundation
import Tensors

/// `est predict`: the predictions of a checkpoint for the rows of a CSV file.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the rows of a CSV file (CSV on standard output, or --out FILE).",
        discussion: """
        With --export DIR, runs an exported model (model.onnx and signature.json) without the model_dir, streaming the CSV.

        Example:
          est predict workspaces/iris --data new.csv --keys class_ids,probabilities --out predictions.csv
          est predict --export runs/main/export/latest/1764860000 --data new.csv --out predictions.csv
        """
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("The CSV file to predict.", valueName: "csv"))
    var data: String

    @Option(help: ArgumentHelp("Run this export folder instead of a checkpoint (no WORKSPACE then).", valueName: "dir"))
    var export: String?

    @Option(help: ArgumentHelp("Write the predictions here (default: standard output).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("The prediction keys to write, comma-separated (default: all).", valueName: "k1,k2"))
    var keys: String?

    @Option(help: ArgumentHelp("The checkpoint (default: the latest).", valueName: "path"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("CPU threads (default: every core).", valueName: "n"), transform: ArgumentValues.positive)
    var threads: Int?

    func run() throws {
        if let export { return try runExport(export) }
        if options.workspace == nil && options.modelDir == nil && !FileManager.default.fileExists(atPath: "workspace.toml") {
            throw UsageError(description: "est predict needs a WORKSPACE (or --model-dir DIR) to predict with a checkpoint, "
                             + "or --export DIR to run an export")
        }
        let (ws, est) = try options.loadEstimator(threads: threads)
        Console.sayWarnings(of: est)
        let keys = self.keys.map { $0.split(separator: ",").map(String.init) }
        var rows: [[String: PredictionValue]] = []
        try est.predict(input: ws.predictInput([data]), keys: keys, checkpoint: checkpoint) { rows.append($0) }
        func json(_ v: PredictionValue) -> Any {
            switch v {
            case let .floats(x): x.count == 1 ? Double(x[0]) as Any : x.map(Double.init)
            case let .ints(x): x.count == 1 ? x[0] as Any : x
            case let .strings(x): x.count == 1 ? x[0] as Any : x
            }
        }
        var text: String
        if options.json {
            let object = WorkspaceCommands.jsonSafe(["predictions": rows.map { $0.mapValues(json) }])
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            text = String(decoding: data, as: UTF8.self) + "\n"
        } else {
            let columns = rows.first.map { $0.keys.sorted() } ?? []
            text = columns.joined(separator: ",") + "\n"
            for r in rows {
                text += columns.map { k -> String in
                    switch r[k]! {
                    case let .floats(x): x.map { "\($0)" }.joined(separator: " ")
                    case let .ints(x): x.map(String.init).joined(separator: " ")
                    case let .strings(x): x.joined(separator: " ")
                    }
                }.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
            }
        }
        if let out = out {
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: out))
            if !options.json { print("wrote \(rows.count) predictions to \(out)") }
        } else {
            print(text, terminator: "")
        }
    }
}
