import Foundation
import ONNX
import Tensors
import Testing

/// Runs est-written (and traced) models in onnxruntime (scripts/interop/onnx_check.py, which also runs `onnx.checker` with `full_check`).
public enum TraceRuntime {
    /// Whether the venv has onnx and onnxruntime.
    public static var available: Bool { Interop.hasModule("onnxruntime") && Interop.hasModule("onnx") }

    /// One output of one run: its shape and its values as doubles (bools as 0/1).
    public struct Output: Sendable {
        public let shape: [Int]
        public let values: [Double]
    }

    /// Writes `builder`'s model and runs it on each feed as onnx_check.py takes it (input name → `dtype`, `shape`,
    /// `data`); each run's outputs by name, as the script prints them (`shape`, `data`).
    public static func runJSON(_ builder: ModelBuilder, feeds: [[String: [String: Any]]]) throws -> [[String: [String: Any]]] {
        let dir = try Interop.temporaryDirectory("est-onnx-run")
        let model = dir.appendingPathComponent("model.onnx")
        try builder.write(to: model)
        return try runJSON(modelAt: model.path, feeds: feeds)
    }

    /// Runs the model file at `path` on each feed, as ``runJSON(_:feeds:)`` does.
    public static func runJSON(modelAt path: String, feeds: [[String: [String: Any]]]) throws -> [[String: [String: Any]]] {
        let dir = try Interop.temporaryDirectory("est-onnx-run")
        let model = URL(fileURLWithPath: path)
        let feedsURL = dir.appendingPathComponent("feeds.json")
        try JSONSerialization.data(withJSONObject: feeds).write(to: feedsURL)
        let result = try Interop.script("onnx_check.py", ["run", model.path, feedsURL.path])
        try #require(result.status == 0, "\(result.output)")
        let parsed = try #require(try? JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output)")
        return try #require(parsed["runs"] as? [[String: [String: Any]]])
    }

    /// Writes `builder`'s model and runs it on each feed (input name → tensor); the outputs of each run by name.
    public static func run(_ builder: ModelBuilder, feeds: [[String: Tensor]]) throws -> [[String: Output]] {
        let json = feeds.map { feed in
            feed.mapValues { t -> [String: Any] in
                let dtype = switch t.dtype {
                case .float32: "float32"
                case .float64: "float64"
                case .int32: "int32"
                case .int64: "int64"
                case .bool: "bool"
                }
                return ["dtype": dtype, "shape": t.shape.dims, "data": t.dtype == .bool ? t.doubles.map { $0 != 0 } as [Any] : t.doubles]
            }
        }
        return try runJSON(builder, feeds: json).map { run in
            try run.mapValues { o in
                let shape = try #require(o["shape"] as? [Int])
                let data = try #require(o["data"] as? [NSNumber])
                return Output(shape: shape, values: data.map(\.doubleValue))
            }
        }
    }

    /// Expects onnxruntime's `output` to equal est's `want` in shape and within `tolerance`.
    public static func expectClose(_ output: Output?, _ want: Tensor, tolerance: Double = 1e-5, _ name: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        guard let output else {
            Issue.record("no output '\(name)'", sourceLocation: sourceLocation)
            return
        }
        let expected = want.doubles
        #expect(output.shape == want.shape.dims, "\(name): shape", sourceLocation: sourceLocation)
        let worst = zip(output.values, expected).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
        #expect(output.values.count == expected.count && worst <= tolerance, "\(name): worst difference \(worst)",
                sourceLocation: sourceLocation)
    }

    /// Traces `body` on `inputs` (declared as graph inputs), runs the model in onnxruntime on the same inputs, and
    /// expects every output to equal est's value (what the trace computed on the Reference backend).
    public static func check(_ inputs: [String: Tensor], tolerance: Double = 1e-5,
                      sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: (Trace, [String: Tensor]) -> [String: Tensor]) throws -> ModelBuilder {
        let trace = Trace(graphName: "mapping")
        var traced = [String: Tensor]()
        for name in inputs.keys.sorted() { traced[name] = trace.input(name, inputs[name]!) }
        let outputs = body(trace, traced)
        for name in outputs.keys.sorted() { trace.output(name, outputs[name]!) }
        let builder = try trace.builder()
        let runs = try run(builder, feeds: [inputs])
        for (name, want) in outputs {
            expectClose(runs.first?[name], want.to(ReferenceBackend.shared), tolerance: tolerance, name, sourceLocation: sourceLocation)
        }
        return builder
    }
}
