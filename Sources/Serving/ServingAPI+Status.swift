import Exports
import Foundation

extension ServingAPI {
    /// TF Serving's model status: `{"model_version_status": [{"version", "state", "status"}]}`, newest first.
    ///
    /// A version that failed to load is listed with state `END` and its error, as TF Serving lists one.
    func status(_ name: String, version: Int64?) throws(ServingError) -> [UInt8] {
        let model = try repository.model(name)
        if let problem = model.problem { throw ServingError(503, "model '\(name)' is not available: \(problem)") }
        var versions = model.versions.reversed().map { $0 }
        if let version {
            versions = versions.filter { $0.number == version }
            if versions.isEmpty { _ = try repository.resolve(name, version: version) }
        }
        var w = JSONWriter()
        w.raw("{\"model_version_status\":[")
        for (i, v) in versions.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"version\":")
            w.string(String(v.number))
            switch v.state {
            case .ready: w.raw(",\"state\":\"AVAILABLE\",\"status\":{\"error_code\":\"OK\",\"error_message\":\"\"}}")
            case let .failed(error):
                w.raw(",\"state\":\"END\",\"status\":{\"error_code\":\"UNKNOWN\",\"error_message\":")
                w.string(error)
                w.raw("}}")
            }
        }
        w.raw("]}")
        return w.bytes
    }

    /// TF Serving's model metadata: `model_spec` and a `signature_def` per signature name, plus `est_signature`
    /// (the export's `signature.json`).
    func metadata(_ name: String, version: Int64?) throws(ServingError) -> [UInt8] {
        let (v, model) = try repository.resolve(name, version: version)
        let s = model.signature
        var w = JSONWriter(capacity: 4096)
        w.raw("{\"model_spec\":{\"name\":")
        w.string(name)
        w.raw(",\"signature_name\":\"\",\"version\":")
        w.string(String(v.number))
        w.raw("},\"metadata\":{\"signature_def\":{\"signature_def\":{")
        for (i, sig) in Self.signatureNames(s).enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.key(sig)
            w.raw("{\"inputs\":{")
            for (k, input) in s.inputs.enumerated() {
                if k > 0 { w.byte(UInt8(ascii: ",")) }
                w.key(input.name)
                Self.tensorInfo(&w, name: input.name, dtype: input.dtype, shape: [-1])
            }
            w.raw("},\"outputs\":{")
            for (k, output) in Self.outputs(of: sig, s).enumerated() {
                if k > 0 { w.byte(UInt8(ascii: ",")) }
                w.key(output.name)
                Self.tensorInfo(&w, name: output.name, dtype: output.dtype, shape: output.shape)
            }
            w.raw("},\"method_name\":")
            w.string(sig == "classification" ? "tensorflow/serving/classify" : sig == "regression" ? "tensorflow/serving/regress"
                : "tensorflow/serving/predict")
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("}}},\"est_signature\":")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(s) else { throw ServingError(500, "model '\(name)': its signature does not encode as JSON") }
        w.append(contentsOf: json)
        w.raw("}")
        return w.bytes
    }

    /// The outputs a signature name gives.
    static func outputs(of signatureName: String, _ s: ExportSignature) -> [ExportSignature.Output] {
        switch signatureName {
        case "classification":
            let k = s.outputs.first { $0.name == "probabilities" }?.shape.last ?? -1
            return [
                .init(name: "classes", dtype: "string", shape: [-1, k], meaning: "every class's label"),
                .init(name: "scores", dtype: "float32", shape: [-1, k], meaning: "every class's probability"),
            ]
        case "regression": return [.init(name: "outputs", dtype: "float32", shape: [-1, 1], meaning: "the predicted value")]
        default: return s.outputs
        }
    }

    /// A `TensorInfo` as TF Serving's JSON writes it.
    static func tensorInfo(_ w: inout JSONWriter, name: String, dtype: String, shape: [Int]) {
        w.raw("{\"dtype\":")
        w.string(dtype == "int64" ? "DT_INT64" : dtype == "string" ? "DT_STRING" : "DT_FLOAT")
        w.raw(",\"tensor_shape\":{\"dim\":[")
        for (i, d) in shape.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"size\":")
            w.string(String(d))
            w.raw(",\"name\":\"\"}")
        }
        w.raw("],\"unknown_rank\":false},\"name\":")
        w.string(name + ":0")
        w.byte(UInt8(ascii: "}"))
    }
}
