@testable import Exports
import Foundation
import ONNX
import Tensors
import Testing
import TestSupport

/// Ops the export writer emits by hand (feature columns, heads, trees) against onnxruntime.
@Suite struct InterpreterNodeTests {
    static func strings(_ v: [String], _ shape: Shape) -> RuntimeValue { .strings(StringTensor(v, shape: shape)) }

    @Test func labelEncodersAndStringOps() throws {
        var b = ModelBuilder(graphName: "strings", opset: 19)   // Equal takes strings from opset 19
        b.setOpset(domain: "ai.onnx.ml", version: 3)
        b.addInput("s", .string, shape: [.batch, 1])
        b.addInput("k", .int64, shape: [.batch, 1])
        b.addInitializer(TensorProto(name: "b", strings: ["b"], dims: [1]))
        b.addInitializer("second", values: [Int64(1)], dims: [1])
        b.addInitializer("axis1", values: [Int64(1)], dims: [1])
        b.addInitializer("axis0", values: [Int64(0)], dims: [1])
        b.addNode("LabelEncoder", inputs: ["s"], outputs: ["ids"], attributes: [.strings("keys_strings", ["a", "b", "c"]),
            .ints("values_int64s", [0, 1, 2]), .int("default_int64", -1)], domain: "ai.onnx.ml")
        b.addNode("LabelEncoder", inputs: ["k"], outputs: ["names"], attributes: [.ints("keys_int64s", [1, 2]),
            .strings("values_strings", ["one", "two"]), .string("default_string", "none")], domain: "ai.onnx.ml")
        b.addNode("LabelEncoder", inputs: ["s"], outputs: ["w"], attributes: [.strings("keys_strings", ["a", "b"]),
            .floats("values_floats", [0.5, 1.5]), .float("default_float", 9)], domain: "ai.onnx.ml")
        b.addNode("Equal", inputs: ["s", "b"], outputs: ["is_b"])
        b.addNode("Where", inputs: ["is_b", "s", "names"], outputs: ["mixed"])
        b.addNode("Squeeze", inputs: ["ids", "axis1"], outputs: ["flat"])
        b.addNode("Unsqueeze", inputs: ["flat", "axis0"], outputs: ["row"])
        b.addNode("Concat", inputs: ["s", "names"], outputs: ["pair"], attributes: [.int("axis", 1)])
        b.addNode("Gather", inputs: ["pair", "second"], outputs: ["picked"], attributes: [.int("axis", 1)])
        b.addNode("Transpose", inputs: ["pair"], outputs: ["pair_t"], attributes: [.ints("perm", [1, 0])])
        b.addNode("Shape", inputs: ["s"], outputs: ["shape"])
        b.addNode("Cast", inputs: ["k"], outputs: ["k_text"], attributes: [.int("to", 8)])
        b.addNode("Cast", inputs: ["k_text"], outputs: ["k_float"], attributes: [.int("to", 1)])
        for (name, type) in [("ids", DataType.int64), ("names", .string), ("w", .float), ("is_b", .bool), ("mixed", .string), ("row", .int64),
                             ("picked", .string), ("pair_t", .string), ("shape", .int64), ("k_text", .string), ("k_float", .float)] {
            b.addOutput(name, type, shape: TensorShapeProto(name == "shape" ? [.unknown] : [.unknown, .unknown]))
        }
        let feeds: [String: RuntimeValue] = ["s": Self.strings(["b", "a", "zz", "", "c"], [5, 1]),
                                             "k": .tensor(Tensor([1, 7, 2, -3, 2] as [Int64], shape: [5, 1], on: OpCheck.cpu))]
        let out = try OpCheck.run(b, feeds)
        if case let .tensor(ids)? = out["ids"] { #expect(ids.scalars(as: Int64.self) == [1, 0, -1, -1, 2]) } else { Issue.record("ids") }
        if case let .strings(m)? = out["mixed"] { #expect(m.values == ["b", "none", "two", "none", "two"]) } else { Issue.record("mixed") }
        try OpCheck.expectLikeOnnxruntime(b, feeds)
    }

    @Test func headAndShapeOps() throws {
        var b = ModelBuilder(graphName: "numeric")
        b.addInput("x", .float, shape: [.batch, 4])
        b.addInput("i", .int64, shape: [.batch])
        b.addInitializer("w", values: (0..<12).map { Float($0) * 0.3 - 1.5 }, dims: [3, 4])
        b.addInitializer("c", values: [Float(0.5), -1, 2], dims: [3])
        b.addInitializer("starts", values: [Int64(-1), 3], dims: [2])
        b.addInitializer("ends", values: [Int64.min, 0], dims: [2])
        b.addInitializer("axes", values: [Int64(0), 1], dims: [2])
        b.addInitializer("steps", values: [Int64(-2), -1], dims: [2])
        b.addInitializer("depth", values: [Int64(5)], dims: [])
        b.addInitializer("on_off", values: [Float(-1), 3], dims: [2])
        b.addInitializer("on_off4", values: [Float(-1), 3, 0.25, -0.5], dims: [4])
        b.addInitializer("shape3", values: [Int64(2), 1, 1], dims: [3])
        b.addInitializer("no_axes", values: [Int64](), dims: [0])
        b.addNode("Softmax", inputs: ["x"], outputs: ["softmax"], attributes: [.int("axis", 1)])
        b.addNode("Gemm", inputs: ["x", "w", "c"], outputs: ["gemm"], attributes: [.float("alpha", 0.5), .float("beta", 2), .int("transB", 1)])
        b.addNode("Slice", inputs: ["x", "starts", "ends", "axes", "steps"], outputs: ["slice"])
        b.addNode("Flatten", inputs: ["softmax"], outputs: ["flat"], attributes: [.int("axis", 0)])
        b.addNode("OneHot", inputs: ["i", "depth", "on_off"], outputs: ["onehot"], attributes: [.int("axis", -1)])
        b.addNode("ReduceSum", inputs: ["x", "no_axes"], outputs: ["total"], attributes: [.int("keepdims", 0)])
        b.addNode("ReduceMean", inputs: ["x"], outputs: ["mean"], attributes: [.ints("axes", [-1])])
        b.addNode("Max", inputs: ["x", "softmax", "on_off4"], outputs: ["max3"])
        b.addNode("Sum", inputs: ["x", "softmax"], outputs: ["sum2"])
        b.addNode("Expand", inputs: ["c", "shape3"], outputs: ["expanded"])
        b.addNode("Constant", inputs: [], outputs: ["k"], attributes: [.floats("value_floats", [1, 2])])
        b.addNode("ArgMax", inputs: ["gemm"], outputs: ["class_ids"], attributes: [.int("axis", 1)])
        b.addNode("LogSoftmax", inputs: ["gemm"], outputs: ["log_probs"])
        for (name, type, rank) in [("softmax", DataType.float, 2), ("gemm", .float, 2), ("slice", .float, 2), ("flat", .float, 2),
                                   ("onehot", .float, 2), ("total", .float, 0), ("mean", .float, 2), ("max3", .float, 2), ("sum2", .float, 2),
                                   ("expanded", .float, 3), ("k", .float, 1), ("class_ids", .int64, 2), ("log_probs", .float, 2)] {
            b.addOutput(name, type, shape: TensorShapeProto([TensorShapeProto.Dimension](repeating: .unknown, count: rank)))
        }
        let x = Tensor((0..<24).map { Float(sin(Double($0) * 1.3) * 3) }, shape: [6, 4], on: OpCheck.cpu)
        let i = Tensor([0, 4, -1, 7, 2, -5] as [Int64], on: OpCheck.cpu)
        try OpCheck.expectLikeOnnxruntime(b, ["x": .tensor(x), "i": .tensor(i)])
        let out = try OpCheck.run(b, ["x": .tensor(x), "i": .tensor(i)])
        if case let .tensor(s)? = out["softmax"] {
            #expect(s.scalars(as: Float.self) == x.softmax(axis: 1).scalars(as: Float.self), "Softmax is est's softmax bit for bit")
        } else { Issue.record("softmax") }
        if case let .tensor(s)? = out["slice"] { #expect(s.shape == [3, 3]) } else { Issue.record("slice") }
    }

    /// Two trees over three features (the second splitting on missing values), two targets, base values.
    ///
    /// Every example gets a weight for each target from some tree: onnxruntime writes 0, not the base value, for a target no
    /// reached leaf scores (the ONNX spec adds the base value; est's runtime follows the spec).
    static func trees() -> ModelBuilder {
        var b = ModelBuilder(graphName: "trees")
        b.setOpset(domain: "ai.onnx.ml", version: 3)
        b.addInput("x", .float, shape: [.batch, 3])
        b.addNode("TreeEnsembleRegressor", inputs: ["x"], outputs: ["predictions"], attributes: [
            .ints("nodes_treeids", [0, 0, 0, 0, 0, 1, 1, 1]), .ints("nodes_nodeids", [0, 1, 2, 3, 4, 0, 1, 2]),
            .ints("nodes_featureids", [0, 1, 0, 0, 0, 2, 0, 0]), .floats("nodes_values", [0.5, -1, 0, 0, 0, 2, 0, 0]),
            .strings("nodes_modes", ["BRANCH_LEQ", "BRANCH_LT", "LEAF", "LEAF", "LEAF", "BRANCH_GT", "LEAF", "LEAF"]),
            .ints("nodes_truenodeids", [1, 3, 0, 0, 0, 1, 0, 0]), .ints("nodes_falsenodeids", [2, 4, 0, 0, 0, 2, 0, 0]),
            .ints("nodes_missing_value_tracks_true", [0, 0, 0, 0, 0, 1, 0, 0]),
            .ints("target_treeids", [0, 0, 0, 0, 0, 0, 1, 1, 1]), .ints("target_nodeids", [2, 2, 3, 3, 4, 4, 1, 1, 2]),
            .ints("target_ids", [0, 1, 0, 1, 0, 1, 0, 1, 1]), .floats("target_weights", [1.25, 0.5, -0.5, 0.25, 0.75, 2, 0.125, -1, -3]),
            .int("n_targets", 2), .floats("base_values", [0.1, -0.2]),
            .string("aggregate_function", "SUM"), .string("post_transform", "NONE"),
        ], domain: "ai.onnx.ml")
        b.addOutput("predictions", .float, shape: [.batch, 2])
        return b
    }

    @Test func treeEnsembleRegressor() throws {
        let rows: [[Float]] = [[0, -2, 3], [0.5, 0, 1], [0.6, 5, .nan], [-1, -1, 2], [.nan, -3, 2.5]]
        let x = Tensor(rows.flatMap { $0 }, shape: [5, 3], on: OpCheck.cpu)
        let out = try OpCheck.run(Self.trees(), ["x": .tensor(x)])
        // Row 0: x0 ≤ 0.5, x1 < -1 → leaf 3; x2 > 2 → leaf 1. Row 2: x0 > 0.5 → leaf 2; x2 NaN → true (leaf 1).
        // Row 3: x1 = -1 is not < -1 → leaf 4; x2 = 2 is not > 2 → leaf 2. Row 4: x0 NaN is not ≤ 0.5 → leaf 2.
        let want: [Float] = [-0.5 + 0.125 + 0.1, 0.25 - 1 - 0.2, 0.75 + 0.1, 2 - 3 - 0.2, 1.25 + 0.125 + 0.1, 0.5 - 1 - 0.2,
                             0.75 + 0.1, 2 - 3 - 0.2, 1.25 + 0.125 + 0.1, 0.5 - 1 - 0.2]
        guard case let .tensor(y)? = out["predictions"] else { Issue.record("no predictions"); return }
        #expect(y.shape == [5, 2])
        #expect(OpCheck.worstDifference(y.doubles, want.map(Double.init)) <= 1e-6, "\(y.scalars(as: Float.self))")
        try OpCheck.expectLikeOnnxruntime(Self.trees(), ["x": .tensor(x)])
    }

    static func loadError(_ graph: GraphProto, opset: [OperatorSetIdProto] = [OperatorSetIdProto(domain: "", version: 17)]) -> String {
        do {
            _ = try Interpreter(model: ModelProto(graph: graph, opsetImport: opset), backend: OpCheck.cpu)
            return "planned"
        } catch { return error.problem }
    }

    @Test func planningRefusesNodesOutOfOrderAndUnknownDomains() {
        let x = ValueInfoProto(name: "x", elemType: .float, shape: [.batch, 1])
        let y = ValueInfoProto(name: "y", elemType: .float, shape: [.batch, 1])
        let outOfOrder = GraphProto(name: "g", node: [NodeProto(opType: "Relu", input: ["h"], output: ["y"], name: "second"),
                                                      NodeProto(opType: "Neg", input: ["x"], output: ["h"], name: "first")],
                                    input: [x], output: [y])
        #expect(Self.loadError(outOfOrder) == "model.onnx: node 'second' (Relu) reads 'h', which no input, initializer or earlier node makes")
        let custom = GraphProto(name: "g", node: [NodeProto(opType: "Hash", input: ["x"], output: ["y"], name: "h", domain: "com.example")],
                                input: [x], output: [y])
        #expect(Self.loadError(custom) == "model.onnx: node 'h' (Hash) uses the domain 'com.example', which the model does not import")
        let badTree = GraphProto(name: "g", node: [NodeProto(opType: "TreeEnsembleRegressor", input: ["x"], output: ["y"], name: "t",
                                                             domain: "ai.onnx.ml", attribute: [.string("post_transform", "PROBIT")])],
                                 input: [x], output: [y])
        #expect(Self.loadError(badTree, opset: [OperatorSetIdProto(domain: "", version: 17), OperatorSetIdProto(domain: "ai.onnx.ml", version: 3)])
                == "model.onnx: node 't' (TreeEnsembleRegressor): TreeEnsembleRegressor needs the attribute 'nodes_treeids'")
    }

    @Test func aGatherOutOfRangeIsAnErrorNamingTheNode() throws {
        var b = ModelBuilder(graphName: "g")
        b.addInput("i", .int64, shape: [.batch])
        b.addInitializer("table", values: [Float(1), 2, 3], dims: [3, 1])
        b.addNode("Gather", inputs: ["table", "i"], outputs: ["y"], name: "embedding/lookup")
        b.addOutput("y", .float, shape: [.batch, 1])
        #expect(throws: ExportError("model.onnx node 'embedding/lookup' (Gather): index 3 is out of range for axis 0 of [3, 1]")) {
            _ = try OpCheck.run(b, ["i": .tensor(Tensor([0, 3] as [Int64], on: OpCheck.cpu))])
        }
        let out = try OpCheck.run(b, ["i": .tensor(Tensor([-1, 0] as [Int64], on: OpCheck.cpu))])
        if case let .tensor(y)? = out["y"] { #expect(y.scalars(as: Float.self) == [3, 1], "negative indices count from the end") }
    }
}
