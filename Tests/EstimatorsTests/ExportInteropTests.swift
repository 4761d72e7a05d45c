import Datasets
import Estimators
import Exports
import FeatureColumns
import Foundation
import Tensors
import Testing
import TestSupport

/// Feeds for an export's `model.onnx` made from a CSV table as signature.json says (raw columns, hashed ids, rows).
enum ExportFeeds {
    static func make(_ signature: ExportSignature, _ table: Table) throws -> [String: [String: Any]] {
        let n = table.rowCount
        var feeds: [String: [String: Any]] = [:]
        for g in signature.graphInputs {
            let data: [Any]
            if let key = g.column {
                let c = try #require(table.columns[safe: table.names.firstIndex(of: key)], "no column \(key)")
                let d = signature.inputs.first { $0.name == key }?.defaultValue
                data = (0..<n).map { i -> Any in
                    switch g.dtype {
                    case "string": c.isMissing(i) ? "" : (c.string(i) ?? "")
                    case "int64": c.isMissing(i) ? Int64(d ?? -1) : Int64(c.double(i)!)
                    default: c.isMissing(i) ? Float(d ?? .nan) : Float(c.double(i)!)
                    }
                }
            } else if let spec = g.ids {
                let column = try #require(try spec.make() as? any CategoricalColumn)
                let s = try column.ids(Features(table))
                var dense = [Int64](repeating: -1, count: n)
                for (r, id) in zip(s.rows, s.ids) { dense[Int(r)] = id }
                data = dense
            } else {
                data = [Float](repeating: 0, count: n)
            }
            feeds[g.name] = ["dtype": g.dtype == "string" ? "string" : g.dtype, "shape": [n, 1], "data": data]
        }
        return feeds
    }
}

extension Array {
    subscript(safe i: Int?) -> Element? { i.flatMap { indices.contains($0) ? self[$0] : nil } }
}

/// Exports of every canned estimator run in onnxruntime with est's own predictions.
@Suite(.enabled(if: TraceRuntime.available, "needs the venv with onnx and onnxruntime (scripts/setup-venv.sh)"))
struct ExportInteropTests {
    static let cases = cannedCases.filter { !$0.name.hasPrefix("BoostedTrees") }

    @Test(arguments: cases)
    func onnxruntimeGivesEstsPredictions(_ c: CannedCase) throws {
        let dir = try Interop.temporaryDirectory("est-export").path
        let e = try c.make(dir, RunConfig(saveCheckpointsSteps: 20))
        try e.train(input: .csv([fixture(c.file)], label: c.label, batchSize: 32, shuffle: true, epochs: nil), steps: 40)
        let path = try e.export(to: dir + "/export/test")
        let signature = try JSONDecoder().decode(ExportSignature.self, from: Data(contentsOf: URL(fileURLWithPath: path + "/signature.json")))
        for file in ["model.onnx", "variables.safetensors", "estimator.json", "README.txt"] {
            #expect(signature.files[file] != nil, "\(c.name): \(file) in signature.json")
        }
        #expect(signature.outputs.count >= (c.task == "regression" ? 1 : 4), "\(c.name): outputs \(signature.outputs.map(\.name))")
        let table = try CSVReader.read(path: fixture(c.file)).table
        var want: [[String: PredictionValue]] = []
        try e.predict(input: .csv([fixture(c.file)], label: nil, batchSize: 64)) { want.append($0) }
        let run = try #require(try TraceRuntime.runJSON(modelAt: path + "/model.onnx", feeds: [ExportFeeds.make(signature, table)]).first)
        for output in signature.outputs {
            let got = try #require(run[output.name]?["data"] as? [Any], "\(c.name): no output \(output.name)")
            let expected: [Any] = want.flatMap { row -> [Any] in
                switch row[output.name] {
                case let .floats(x): x.map { Double($0) }
                case let .ints(x): x.map { $0 }
                case let .strings(x): x
                case nil: []
                }
            }
            #expect(got.count == expected.count, "\(c.name): \(output.name) count")
            if output.dtype == "float32" {
                let worst = zip(got, expected).map { a, b in abs((a as! NSNumber).doubleValue - (b as! Double)) / max(1, abs(b as! Double)) }.max() ?? 0
                #expect(worst <= 1e-5, "\(c.name): \(output.name) differs by \(worst)")
            } else if output.dtype == "int64" {
                #expect(got.map { ($0 as! NSNumber).int64Value } == expected.map { $0 as! Int64 }, "\(c.name): \(output.name)")
            } else {
                #expect(got.map { $0 as! String } == expected.map { $0 as! String }, "\(c.name): \(output.name)")
            }
        }
    }
}
