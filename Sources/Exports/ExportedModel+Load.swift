import Foundation
import ONNX

extension ExportedModel {
    /// The hint of every error that means the export's files do not fit together.
    static let damaged = "the export is damaged: export again"

    /// `signature.json` decoded and checked (format and version), or an error naming the file and the field.
    static func readSignature(_ directory: String) throws(ExportError) -> ExportSignature {
        let path = directory + "/signature.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExportError("\(path) is missing", hint: "give an export folder (it holds model.onnx and signature.json)")
        }
        let signature: ExportSignature
        do {
            signature = try JSONDecoder().decode(ExportSignature.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ExportError("signature.json: the field '\(fieldPath(context.codingPath + [key]))' is missing", hint: damaged)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ExportError("signature.json: the field '\(fieldPath(context.codingPath))' \(context.debugDescription.lowercased())",
                              hint: damaged)
        } catch let DecodingError.dataCorrupted(context) {
            let at = context.codingPath.isEmpty ? "" : " at '\(fieldPath(context.codingPath))'"
            throw ExportError("signature.json is not valid JSON\(at): \(context.debugDescription)", hint: damaged)
        } catch {
            throw ExportError("signature.json cannot be read: \(error)", hint: damaged)
        }
        guard signature.format == "est-export" else {
            throw ExportError("signature.json: the field 'format' is '\(signature.format)', not 'est-export'", hint: "give a folder est exported")
        }
        guard signature.version == 1 else {
            throw ExportError("signature.json: the field 'version' is \(signature.version); this est reads version 1",
                              hint: "run the export with the est that wrote it, or export again")
        }
        return signature
    }

    /// `a.b[2].c` from a coding path.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    /// Every file `signature.files` lists is present with its SHA-256; `model.onnx` must be among them.
    static func checkFiles(_ signature: ExportSignature, _ directory: String) throws(ExportError) {
        guard signature.files["model.onnx"] != nil else {
            throw ExportError("signature.json: the field 'files' has no hash for model.onnx", hint: damaged)
        }
        for (file, expected) in signature.files.sorted(by: { $0.key < $1.key }) {
            guard !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
                throw ExportError("signature.json: the field 'files' names '\(file)', outside the export", hint: damaged)
            }
            guard let data = FileManager.default.contents(atPath: directory + "/" + file) else {
                throw ExportError("\(file) is missing from the export \(directory)", hint: "copy the whole export folder, or export again")
            }
            let actual = SHA256.hex(of: data)
            guard actual == expected.lowercased() else {
                throw ExportError("\(file) was changed after export (sha256 \(actual), expected \(expected))",
                                  hint: "restore the file from the original export, or export again")
            }
        }
    }

    static func readModel(_ directory: String) throws(ExportError) -> ModelProto {
        do {
            return try ModelProto(contentsOf: URL(fileURLWithPath: directory + "/model.onnx"))
        } catch {
            throw ExportError("model.onnx cannot be read: \(error)", hint: damaged)
        }
    }

    /// The model's inputs and outputs are the signature's, with the same types.
    static func checkGraph(_ model: ModelProto, _ signature: ExportSignature) throws(ExportError) {
        let initializers = Set(model.graph.initializer.map(\.name))
        let inputs = model.graph.input.filter { !initializers.contains($0.name) }
        func type(_ v: ValueInfoProto) -> String {
            switch v.type?.elemType {
            case .float?: "float32"
            case .int64?: "int64"
            case .string?: "string"
            case .bool?: "bool"
            case .double?: "float64"
            case .int32?: "int32"
            case let t?: "\(t)"
            case nil: "no type"
            }
        }
        let graphIn = Dictionary(inputs.map { ($0.name, type($0)) }, uniquingKeysWith: { a, _ in a })
        let signIn = Dictionary(signature.graphInputs.map { ($0.name, $0.dtype) }, uniquingKeysWith: { a, _ in a })
        try compare(graphIn, signIn, "inputs", "graph_inputs")
        let graphOut = Dictionary(model.graph.output.map { ($0.name, type($0)) }, uniquingKeysWith: { a, _ in a })
        let signOut = Dictionary(signature.outputs.map { ($0.name, $0.dtype) }, uniquingKeysWith: { a, _ in a })
        try compare(graphOut, signOut, "outputs", "outputs")
        // Neither is allowed: an input that only gives the number of rows (a baseline's `example`, fed zeros).
        for g in signature.graphInputs where g.column != nil && g.ids != nil {
            throw ExportError("signature.json: graph input '\(g.name)' has both a 'column' and 'ids'", hint: damaged)
        }
        for g in signature.graphInputs where !["float32", "int64", "string"].contains(g.dtype) {
            throw ExportError("signature.json: graph input '\(g.name)' has dtype '\(g.dtype)' (float32, int64 or string)", hint: damaged)
        }
    }

    private static func compare(_ graph: [String: String], _ signed: [String: String], _ what: String, _ field: String) throws(ExportError) {
        for (name, t) in signed.sorted(by: { $0.key < $1.key }) {
            guard let g = graph[name] else {
                throw ExportError("signature.json: '\(field)' names '\(name)', which model.onnx's \(what) do not have "
                                  + "(it has: \(graph.keys.sorted().joined(separator: ", ")))", hint: damaged)
            }
            guard g == t else {
                throw ExportError("signature.json: '\(field)' says '\(name)' is \(t), model.onnx says \(g)", hint: damaged)
            }
        }
        for name in graph.keys.sorted() where signed[name] == nil {
            throw ExportError("model.onnx's \(what) include '\(name)', which signature.json's '\(field)' does not list",
                              hint: damaged)
        }
    }
}
