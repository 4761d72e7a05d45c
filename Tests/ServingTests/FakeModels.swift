import Datasets
import Exports
import Foundation
import Serving

/// Models written in Swift with known answers, standing in for exports.
enum Fakes {
    /// A 3-class classifier on `x` (float32), `n` (int64) and `color` (string): class id = n mod 3,
    /// probabilities 0.8 there and 0.1 elsewhere, logits = x + n + (color == "red" ? 100 : 0).
    struct Classifier: ServableModel {
        var signature = ExportSignature(
            kind: "DNNClassifier", globalStep: 42, created: "2026-12-04T00:00:00Z",
            inputs: [.init(name: "x", dtype: "float32"), .init(name: "n", dtype: "int64"), .init(name: "color", dtype: "string")],
            graphInputs: [],
            outputs: [
                .init(name: "probabilities", dtype: "float32", shape: [-1, 3], meaning: "each class's probability"),
                .init(name: "class_ids", dtype: "int64", shape: [-1, 1], meaning: "the predicted class id"),
                .init(name: "logits", dtype: "float32", shape: [-1, 1], meaning: "a test value"),
            ],
            classes: ["setosa", "versicolor", "virginica"], files: [:])

        func predict(_ batch: Table) throws(ExportError) -> [String: ExportOutput] {
            guard case let .float(x)? = batch["x"]?.values, case let .int(n)? = batch["n"]?.values,
                  let color = batch["color"] else { throw ExportError("bad batch") }
            let rows = batch.rowCount
            var probabilities: [Float] = []
            for r in 0..<rows { for c in 0..<3 { probabilities.append(Int64(c) == n[r] % 3 ? 0.8 : 0.1) } }
            let logits = (0..<rows).map { x[$0] + Float(n[$0]) + (color.string($0) == "red" ? 100 : 0) }
            return [
                "probabilities": .float32(probabilities, shape: [rows, 3]), "class_ids": .int64(n.map { $0 % 3 }, shape: [rows, 1]),
                "logits": .float32(logits, shape: [rows, 1]),
            ]
        }
    }

    /// A regressor on `x` and `y` (float32): predictions = 2x + y; a missing `y` is an error, as an export without default.
    struct Regressor: ServableModel {
        var offset: Float = 0
        var signature = ExportSignature(
            kind: "LinearRegressor", globalStep: 7, created: "2026-12-04T00:00:00Z",
            inputs: [.init(name: "x", dtype: "float32", defaultValue: 0), .init(name: "y", dtype: "float32")],
            graphInputs: [], outputs: [.init(name: "predictions", dtype: "float32", shape: [-1, 1], meaning: "the value")],
            classes: nil, files: [:])

        func predict(_ batch: Table) throws(ExportError) -> [String: ExportOutput] {
            guard let xc = batch["x"], let yc = batch["y"], case let .float(x) = xc.values, case let .float(y) = yc.values else {
                throw ExportError("bad batch")
            }
            var out: [Float] = []
            for r in 0..<batch.rowCount {
                if yc.isMissing(r) { throw ExportError("column 'y' row \(r): missing value and no default") }
                out.append(2 * (xc.isMissing(r) ? 0 : x[r]) + y[r] + offset)
            }
            return ["predictions": .float32(out, shape: [batch.rowCount, 1])]
        }
    }

    /// One input `words` (string), one output `length` (int64): the string's length.
    struct OneInput: ServableModel {
        var signature = ExportSignature(
            kind: "custom", globalStep: 1, created: "2026-12-04T00:00:00Z", inputs: [.init(name: "words", dtype: "string")],
            graphInputs: [], outputs: [.init(name: "length", dtype: "int64", shape: [-1], meaning: "characters")],
            classes: nil, files: [:])

        func predict(_ batch: Table) throws(ExportError) -> [String: ExportOutput] {
            guard let c = batch["words"] else { throw ExportError("bad batch") }
            return ["length": .int64((0..<batch.rowCount).map { Int64(c.string($0)?.count ?? -1) }, shape: [batch.rowCount])]
        }
    }

    /// `classifier` (versions 1 and 2, 2 failed), `regressor` (versions 3 and 5: 5 adds 1000), `words` and
    /// `broken` (its folder held no version).
    static func repository() -> ModelRepository {
        ModelRepository([
            .init(name: "classifier", versions: [
                .init(number: 1, path: "/exports/classifier/1", state: .ready(Classifier())),
                .init(number: 2, path: "/exports/classifier/2", state: .failed("signature.json: file 'model.onnx' has the wrong hash")),
            ]),
            .init(name: "regressor", versions: [
                .init(number: 5, path: "/exports/regressor/5", state: .ready(Regressor(offset: 1000))),
                .init(number: 3, path: "/exports/regressor/3", state: .ready(Regressor())),
            ]),
            .init(name: "words", versions: [.init(number: 1, path: "/exports/words/1", state: .ready(OneInput()))]),
            .init(name: "broken", versions: [], problem: "/exports/broken holds neither signature.json nor numeric version folders"),
        ])
    }

    static func api(maxRows: Int = 1000) -> ServingAPI { ServingAPI(repository: repository(), maxRows: maxRows) }
}

/// The answer of `api` to one request, its body parsed as JSON.
func call(_ api: ServingAPI, _ method: String, _ path: String, _ body: String = "") -> (Int, Any?) {
    let reply = Array(body.utf8).withUnsafeBytes { api.respond(method: method, path: path, body: $0) }
    return (reply.status, try? JSONSerialization.jsonObject(with: Data(reply.body), options: [.fragmentsAllowed]))
}

/// The `error` text of a JSON error body.
func errorText(_ json: Any?) -> String { (json as? [String: Any])?["error"] as? String ?? "(no error member in \(String(describing: json)))" }
