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
                    default: c.isMissing(i) ? (d.map { Float($0) as Any } ?? "NaN") : Float(c.double(i)!)
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
    static let cases = cannedCases

    /// Every kind of feature column and combiner: embeddings of vocabularies, hashes and identities, OOV buckets, weights.
    static let columnCases: [CannedCase] = {
        let sex = categoricalColumnWithVocabularyList("sex", vocabulary: ["female", "male"])
        let pclassOOV = categoricalColumnWithVocabularyList("pclass", vocabulary: ["1st", "2nd"], numOOVBuckets: 2)
        let sibsp = categoricalColumnWithIdentity("sibsp", numBuckets: 4, defaultValue: 3)
        let hashed = categoricalColumnWithHashBucket("pclass", hashBucketSize: 7)
        let weighted = weightedCategoricalColumn(sex, weightKey: "age")
        let dnn: [any FeatureColumn] = [
            embeddingColumn(sex, dimension: 3, combiner: .mean), embeddingColumn(hashed, dimension: 2, combiner: .sqrtn),
            indicatorColumn(pclassOOV), indicatorColumn(sibsp), embeddingColumn(categoricalColumnWithIdentity("parch", numBuckets: 3), dimension: 2),
            embeddingColumn(weighted, dimension: 2, combiner: .sqrtn), numericColumn("age", defaultValue: 30, normalizer: .minMax(min: 0, max: 80)),
        ]
        let linear: [any FeatureColumn] = [weighted, pclassOOV, sibsp, bucketizedColumn(numericColumn("age", defaultValue: 30), boundaries: [10, 30.5, 60])]
        return [
            CannedCase(name: "DNNClassifier embeddings titanic", file: "titanic.csv", label: "survived", task: "binary") {
                try DNNClassifier(hiddenUnits: [8], featureColumns: dnn, modelDir: $0, config: $1)
            },
            CannedCase(name: "LinearClassifier sqrtn titanic", file: "titanic.csv", label: "survived", task: "binary") {
                try LinearClassifier(featureColumns: linear, modelDir: $0, sparseCombiner: .sqrtn, config: $1)
            },
            // Numeric columns with defaults and no normaliser: the runtime fills missing horsepower cells while parsing.
            CannedCase(name: "DNNRegressor defaults auto_mpg", file: "auto_mpg.csv", label: "mpg", task: "regression") {
                try DNNRegressor(hiddenUnits: [8], featureColumns: ["cylinders", "horsepower", "weight"].map { numericColumn($0, defaultValue: 0) },
                                 modelDir: $0, config: $1)
            },
            CannedCase(name: "LinearRegressor mean titanic", file: "titanic.csv", label: "parch", task: "regression") {
                try LinearRegressor(featureColumns: [weighted, sibsp, hashed], modelDir: $0, sparseCombiner: .mean, config: $1)
            },
        ]
    }()

    @Test(arguments: cases + columnCases)
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
            let mismatch = zip(got, expected).enumerated().first { _, pair in
                let (a, b) = pair
                switch output.dtype {
                case "float32": return abs((a as! NSNumber).doubleValue - (b as! Double)) / max(1, abs(b as! Double)) > 1e-5
                case "int64": return (a as! NSNumber).int64Value != b as! Int64
                default: return a as? String != b as? String
                }
            }
            #expect(mismatch == nil, "\(c.name): \(output.name) at value \(mismatch?.offset ?? -1): onnxruntime \(mismatch?.element.0 ?? ""), est \(mismatch?.element.1 ?? "")")
        }
    }
}
