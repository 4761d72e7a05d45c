import Foundation
import ONNX
import Tensors
import Testing
import TestSupport

/// The real `onnx` checker accepts what est writes, onnxruntime computes what est computes, and est reads what `onnx` writes.
@Suite struct ONNXRuntimeInteropTests {
    /// A 4 → 8 → 3 dense classifier with fixed, varied weights.
    static let weights: [String: Tensor] = {
        func values(_ n: Int, _ seed: Double) -> [Float] { (0..<n).map { Float(sin(Double($0) * 1.7 + seed) * 0.8) } }
        return ["w1": Tensor(values(32, 0.3), shape: [4, 8]), "b1": Tensor(values(8, 1.1), shape: [8]),
                "w2": Tensor(values(24, 2.9), shape: [8, 3]), "b2": Tensor(values(3, 0.7), shape: [3])]
    }()

    /// est's own forward pass, the one the ONNX graph must reproduce.
    static func forward(_ x: Tensor) -> (logits: Tensor, probabilities: Tensor, classIds: Tensor) {
        let w = weights
        let hidden = (Tensor.matmul(x, w["w1"]!) + w["b1"]!).relu()
        let logits = Tensor.matmul(hidden, w["w2"]!) + w["b2"]!
        return (logits, logits.softmax(axis: -1), logits.argmax(axis: -1))
    }

    static func denseModel() -> ModelBuilder {
        var b = ModelBuilder(graphName: "dnn")
        b.addInput("x", .float, shape: [.batch, 4])
        for name in ["w1", "b1", "w2", "b2"] { b.addInitializer("dnn/\(name)", weights[name]!) }
        b.addNode("MatMul", inputs: ["x", "dnn/w1"], outputs: ["h0"])
        b.addNode("Add", inputs: ["h0", "dnn/b1"], outputs: ["h1"])
        b.addNode("Relu", inputs: ["h1"], outputs: ["h2"])
        b.addNode("MatMul", inputs: ["h2", "dnn/w2"], outputs: ["l0"])
        b.addNode("Add", inputs: ["l0", "dnn/b2"], outputs: ["logits"])
        b.addNode("Softmax", inputs: ["logits"], outputs: ["probabilities"], attributes: [.int("axis", -1)])
        b.addNode("ArgMax", inputs: ["logits"], outputs: ["class_ids"], attributes: [.int("axis", -1), .int("keepdims", 0)])
        b.addOutput("logits", .float, shape: [.batch, 3])
        b.addOutput("probabilities", .float, shape: [.batch, 3])
        b.addOutput("class_ids", .int64, shape: [.batch])
        return b
    }

    @Test(.enabled(if: Interop.hasModule("onnxruntime") && Interop.hasModule("onnx"),
                   "needs the venv with onnx and onnxruntime (scripts/setup-venv.sh)"))
    func onnxruntimeMatchesEstsForwardPassOnADynamicBatch() throws {
        let batches: [[Float]] = [(0..<20).map { Float(cos(Double($0) * 0.9) * 2) }, [0.5, -1, 2, 0.25]]
        let feeds = batches.map { ["x": ["dtype": "float32", "shape": [$0.count / 4, 4], "data": $0.map(Double.init)] as [String: Any]] }
        let runs = try TraceRuntime.runJSON(Self.denseModel(), feeds: feeds)
        #expect(runs.count == batches.count)
        for (batch, run) in zip(batches, runs) {
            let n = batch.count / 4
            let est = Self.forward(Tensor(batch, shape: [n, 4]))
            let onnxIds = try #require(run["class_ids"]?["data"] as? [Int64])
            #expect(run["class_ids"]?["shape"] as? [Int] == [n])
            #expect(onnxIds == est.classIds.scalars(as: Int64.self), "class ids must match exactly")
            for (name, tensor) in [("logits", est.logits), ("probabilities", est.probabilities)] {
                let got = try #require(run[name]?["data"] as? [Double])
                #expect(run[name]?["shape"] as? [Int] == [n, 3])
                let want = tensor.scalars(as: Float.self).map(Double.init)
                let worst = zip(got, want).map { abs($0 - $1) }.max() ?? .infinity
                #expect(got.count == want.count && worst <= 1e-5, "\(name): worst difference \(worst)")
            }
        }
        #expect(Set(onnxIdsSeen(runs)).count > 1, "the weights should give more than one class on these inputs")
    }

    @Test(.enabled(if: Interop.hasModule("onnxruntime") && Interop.hasModule("onnx"),
                   "needs the venv with onnx and onnxruntime (scripts/setup-venv.sh)"))
    func onnxruntimeRunsAnAiOnnxMlVocabularyLookup() throws {
        var b = ModelBuilder(graphName: "vocabulary")
        b.addInput("species", .string, shape: [.batch])
        let vocabulary: [AttributeProto] = [
            .strings("keys_strings", ["setosa", "versicolor", "virginica"]), .ints("values_int64s", [0, 1, 2]), .int("default_int64", -1),
        ]
        b.addNode("LabelEncoder", inputs: ["species"], outputs: ["ids"], attributes: vocabulary, domain: "ai.onnx.ml")
        b.addOutput("ids", .int64, shape: [.batch])
        let feeds = [["species": ["dtype": "object", "shape": [4], "data": ["virginica", "setosa", "daisy", "versicolor"]] as [String: Any]]]
        let runs = try TraceRuntime.runJSON(b, feeds: feeds)
        #expect(runs.first?["ids"]?["data"] as? [Int64] == [2, 0, -1, 1])
    }

    private func onnxIdsSeen(_ runs: [[String: [String: Any]]]) -> [Int64] {
        runs.flatMap { ($0["class_ids"]?["data"] as? [Int64]) ?? [] }
    }

    @Test(.enabled(if: Interop.hasModule("onnx"), "needs the venv with onnx (scripts/setup-venv.sh)"))
    func readsAModelTheOnnxPackageWrote() throws {
        let url = try Interop.temporaryDirectory("est-onnx").appendingPathComponent("python.onnx")
        let result = try Interop.script("onnx_check.py", ["write", url.path])
        try #require(result.status == 0, "\(result.output)")
        let m = try ModelProto(contentsOf: url)
        #expect(m.irVersion == 8 && m.producerName == "onnx-python")
        #expect(m.opsetImport == [OperatorSetIdProto(domain: "", version: 17), OperatorSetIdProto(domain: "ai.onnx.ml", version: 3)])
        #expect(m.metadataProps == [StringStringEntryProto(key: "source", value: "onnx_check.py")])
        let g = m.graph
        #expect(g.name == "python_graph")
        #expect(g.node.map(\.opType) == ["Gemm", "Transpose", "Constant", "Cast", "Add", "LabelEncoder"])
        #expect(g.node[0].input == ["x", "w", "b"] && g.node[0].output == ["g"])
        #expect(Set(g.node[0].attribute) == [.float("alpha", 2), .int("transB", 1)])
        #expect(g.node[1].attribute == [.ints("perm", [1, 0])])
        #expect(g.node[5].domain == "ai.onnx.ml")
        #expect(Set(g.node[5].attribute) == [.strings("keys_strings", ["setosa", "versicolor"]), .ints("values_int64s", [0, 1]),
                                             .int("default_int64", -1)])
        guard case .tensor(let constant) = g.node[2].attribute.first?.value else { Issue.record("Constant has no tensor"); return }
        #expect(try constant.values(as: Int64.self) == [7, -7])
        #expect(g.initializer.map(\.name) == ["w", "b"])
        #expect(try g.initializer[0].tensor().scalars(as: Float.self) == [0, 1, 2, 3, 4, 5])
        #expect(g.initializer[0].dims == [2, 3])
        #expect(try g.initializer[1].values(as: Float.self) == [0.5, -0.5], "float_data, not raw_data")
        #expect(g.input == [ValueInfoProto(name: "x", elemType: .float, shape: [.param("N"), 3]),
                            ValueInfoProto(name: "s", elemType: .string, shape: [.param("N")])])
        #expect(g.output.map(\.type?.shape) == [[.value(2), .param("N")], [.param("N")]])
        #expect(try ModelProto(serializedBytes: m.serializedBytes()) == m, "what est read, it writes back unchanged")
    }
}
