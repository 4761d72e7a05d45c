import Exports
import FeatureColumns
import Foundation
import ONNX
import Summaries
import Tensors

/// Writes an export folder: into a temporary folder first, then renamed to `<base>/<unix-seconds>`.
struct ExportFiles {
    let estimator: Estimator
    let checkpoint: CheckpointInfo
    let parts: Estimator.ExportParts

    static func dtypeName(_ t: DType) -> String {
        switch t {
        case .float32: "float32"
        case .float64: "float64"
        case .int32: "int32"
        case .int64: "int64"
        case .bool: "bool"
        }
    }

    /// Writes every file and returns the export's path.
    func write(into base: String) throws -> String {
        let fm = FileManager.default
        try fm.createDirectory(atPath: base, withIntermediateDirectories: true)
        var stamp = Int(Date().timeIntervalSince1970)
        while fm.fileExists(atPath: "\(base)/\(stamp)") { stamp += 1 }
        let temp = "\(base)/.tmp-\(stamp)-\(ProcessInfo.processInfo.processIdentifier)"
        try? fm.removeItem(atPath: temp)
        try fm.createDirectory(atPath: temp + "/assets", withIntermediateDirectories: true)
        do {
            try writeFiles(into: temp)
            while fm.fileExists(atPath: "\(base)/\(stamp)") { stamp += 1 }
            try fm.moveItem(atPath: temp, toPath: "\(base)/\(stamp)")
        } catch {
            try? fm.removeItem(atPath: temp)
            throw error
        }
        return "\(base)/\(stamp)"
    }

    private func writeFiles(into dir: String) throws {
        var files: [String: Data] = [:]
        var builder = parts.builder
        builder.setMetadata("est.kind", estimator.estimatorConfig?.kind.rawValue ?? "custom")
        builder.setMetadata("est.global_step", String(checkpoint.step))
        files["model.onnx"] = Data(try builder.model().serializedBytes())
        let variables = estimator.context.variables.map { (name: $0.name, tensor: $0.value) }
        files["variables.safetensors"] = SafeTensors(tensors: variables, metadata: ["global_step": String(checkpoint.step)]).encoded()
        if let config = estimator.estimatorConfig { files["estimator.json"] = try config.jsonData() }
        for (name, words) in Self.vocabularies(estimator.estimatorConfig?.featureColumnSpecs ?? []) {
            files["assets/\(name).txt"] = Data((words.joined(separator: "\n") + "\n").utf8)
        }
        files["README.txt"] = Data(readme().utf8)
        for (path, data) in files { try AtomicFile.write(data, to: URL(fileURLWithPath: "\(dir)/\(path)")) }
        let created = ISO8601DateFormatter().string(from: Date())
        let signature = ExportSignature(kind: estimator.estimatorConfig?.kind.rawValue ?? "custom", globalStep: checkpoint.step, created: created,
                                        inputs: parts.inputs, graphInputs: parts.graphInputs, outputs: parts.outputs, classes: parts.classes,
                                        files: files.mapValues { SHA256.hex(of: $0) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(signature) + Data("\n".utf8), to: URL(fileURLWithPath: "\(dir)/signature.json"))
    }

    /// Vocabulary lists by column name (a file per column in `assets/`).
    static func vocabularies(_ specs: [FeatureColumnSpec]) -> [(String, [String])] {
        var out: [(String, [String])] = []
        func visit(_ s: FeatureColumnSpec) {
            switch s {
            case let .vocabulary(key, words, _, _): if !out.contains(where: { $0.0 == key }) { out.append((key, words)) }
            case let .bucketized(c, _), let .weighted(c, _), let .indicator(c), let .embedding(c, _, _, _): visit(c)
            case let .crossed(keys, _): for case let .column(c) in keys { visit(c) }
            default: break
            }
        }
        specs.forEach(visit)
        return out
    }

    /// How to run the export, in a few lines.
    func readme() -> String {
        let feeds = parts.graphInputs.map { g -> String in
            let np = g.dtype == "string" ? "np.array([[\"…\"]], dtype=object)" : "np.array([[0]], dtype=np.\(g.dtype))"
            return "\"\(g.name)\": \(np)"
        }.joined(separator: ", ")
        let hashed = parts.graphInputs.filter { $0.ids != nil }.map(\.name)
        var text = """
        est export of a \(estimator.estimatorConfig?.kind.rawValue ?? "custom") model at global step \(checkpoint.step).

        Files: model.onnx (ONNX opset 17 with ai.onnx.ml 3), signature.json (inputs, outputs, file hashes),
        variables.safetensors (model variables), estimator.json (the model's config), assets/ (vocabularies).

        Run it in onnxruntime from Python (one row per example, every input shaped [rows, 1]):

            import numpy as np, onnxruntime as ort
            session = ort.InferenceSession("model.onnx")
            print(session.run(None, {\(feeds)}))

        Outputs: \(parts.outputs.map(\.name).joined(separator: ", ")) (signature.json says what each holds).

        Or without Python: est predict --export . --data rows.csv, or serve it: est serve .

        """
        if !hashed.isEmpty {
            text += """
            The inputs \(hashed.joined(separator: ", ")) are the ids of hashed columns (ONNX has no FarmHash): est
            predict --export and est serve compute them from the raw values; other callers compute
            FarmHash64 of the value's text modulo the bucket count, as TF does (signature.json names the column).

            """
        }
        if parts.graphInputs.contains(where: { $0.column == nil && $0.ids == nil }) {
            text += "The input 'example' only gives the number of rows: feed zeros, one per example.\n"
        }
        return text
    }
}
