import Datasets
import Exports
import Foundation
import ONNX
import Tensors
import TestSupport

/// Export folders written by hand for the runtime's tests: a model plus a signature.json with the files' hashes.
enum ExportFixture {
    /// Writes `builder`'s model as `model.onnx` into a fresh folder with a signature (inputs, graph inputs, outputs) and
    /// the hashes of model.onnx and `extraFiles`; returns the folder.
    static func write(_ builder: ModelBuilder, inputs: [ExportSignature.Input], graphInputs: [ExportSignature.GraphInput],
                      outputs: [ExportSignature.Output], classes: [String]? = nil, extraFiles: [String: String] = [:]) throws -> String {
        let dir = try Interop.temporaryDirectory("est-export")
        try builder.write(to: dir.appendingPathComponent("model.onnx"))
        var files = ["model.onnx": SHA256.hex(of: try Data(contentsOf: dir.appendingPathComponent("model.onnx")))]
        for (name, text) in extraFiles {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            files[name] = SHA256.hex(of: Array(text.utf8))
        }
        let signature = ExportSignature(kind: "custom", globalStep: 1, created: "2026-12-04T17:00:00Z", inputs: inputs,
                                        graphInputs: graphInputs, outputs: outputs, classes: classes, files: files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(signature).write(to: dir.appendingPathComponent("signature.json"))
        return dir.path
    }

    /// A float32 output `[batch, width]`.
    static func output(_ name: String, _ dtype: String = "float32", width: Int = 1) -> ExportSignature.Output {
        ExportSignature.Output(name: name, dtype: dtype, shape: [-1, width], meaning: name)
    }

    /// A table from float columns (nil a missing cell).
    static func table(_ columns: [(String, [Float?])]) -> Table {
        Table(names: columns.map(\.0), columns: columns.map { _, v in
            Column(.float(v.map { $0 ?? .nan }), missing: v.map { $0 == nil })
        })
    }
}
