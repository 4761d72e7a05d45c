import CPUBackend
import Datasets
import Exports
import FeatureColumns
import Foundation
import NN
import ONNX
import Tensors
import Testing
import TestSupport

/// A traced Dense classifier exported by hand runs in the native runtime as est runs it.
@Suite struct ExportedModelTests {
    static let columns = ["a", "b", "c", "d"]

    /// 4 raw columns → concat → 8 relu → 3 logits; probabilities and class ids.
    static func layers() -> (Dense, Dense) {
        var rng = RandomGenerator(seed: 11)
        let r = ReferenceBackend.shared
        return (Dense(inputSize: 4, units: 8, activation: .relu, name: "dnn/hiddenlayer_0", biasInitializer: .constant(0.1), rng: &rng, on: r),
                Dense(inputSize: 8, units: 3, name: "dnn/logits", biasInitializer: .constant(-0.2), rng: &rng, on: r))
    }

    static func forward(_ x: Tensor, _ hidden: Dense, _ logits: Dense) -> [String: Tensor] {
        let l = logits(hidden(x))
        return ["logits": l, "probabilities": l.softmax(axis: -1), "class_ids": l.argmax(axis: -1).reshaped(to: [x.shape[0], 1])]
    }

    static func dnnBuilder() throws -> ModelBuilder {
        let (hidden, logits) = layers()
        let trace = Trace(graphName: "dnn")
        let h = Dense(kernel: trace.variable(hidden.kernel), bias: hidden.bias.map(trace.variable), activation: .relu)
        let l = Dense(kernel: trace.variable(logits.kernel), bias: logits.bias.map(trace.variable))
        let inputs = columns.map { trace.input($0, rows: [[Float(1)], [2]]) }
        let out = forward(Tensor.concat(inputs, axis: 1), h, l)
        for name in ["logits", "probabilities", "class_ids"] { trace.output(name, out[name]!) }
        return try trace.builder()
    }

    static func dnnExport(extraFiles: [String: String] = ["variables.safetensors": "weights"], defaults: [String: Double] = [:]) throws -> String {
        try ExportFixture.write(try dnnBuilder(), inputs: columns.map { .init(name: $0, dtype: "float32", defaultValue: defaults[$0],
                                                                                      required: defaults[$0] == nil) },
                                graphInputs: columns.map { .init(name: $0, dtype: "float32", column: $0) },
                                outputs: [ExportFixture.output("logits", width: 3), ExportFixture.output("probabilities", width: 3),
                                          ExportFixture.output("class_ids", "int64")], classes: ["x", "y", "z"], extraFiles: extraFiles)
    }

    static func rows(_ n: Int) -> [[Float]] { (0..<n).map { i in (0..<4).map { Float(cos(Double(i * 4 + $0) * 0.7) * 2) } } }

    static func table(_ rows: [[Float]]) -> Table {
        ExportFixture.table(columns.enumerated().map { j, name in (name, rows.map { $0[j] }) })
    }

    @Test(arguments: ["cpu", "reference"])
    func predictEqualsEstsForwardPass(backendName: String) throws {
        let backend: any Backend = backendName == "cpu" ? CPUBackend(threads: 2) : ReferenceBackend.shared
        let model = try ExportedModel(directory: try Self.dnnExport(), backend: backend)
        let (hidden, logits) = Self.layers()
        let rows = Self.rows(37)
        func on(_ v: Variable) -> Variable { Variable(v.value.to(backend), name: v.name) }
        let want = Self.forward(Tensor(rows.flatMap { $0 }, shape: [37, 4], on: backend),
                                Dense(kernel: on(hidden.kernel), bias: hidden.bias.map(on), activation: .relu),
                                Dense(kernel: on(logits.kernel), bias: logits.bias.map(on)))
        let out = try model.predict(Self.table(rows))
        #expect(out["class_ids"] == .int64(want["class_ids"]!.scalars(as: Int64.self), shape: [37, 1]))
        #expect(out["probabilities"] == .float32(want["probabilities"]!.scalars(as: Float.self), shape: [37, 3]), "bit for bit on one backend")
        #expect(out["logits"] == .float32(want["logits"]!.scalars(as: Float.self), shape: [37, 3]))
        #expect(Set(want["class_ids"]!.scalars(as: Int64.self)).count > 1, "the batch should hit more than one class")
    }

    @Test(.enabled(if: TraceRuntime.available, "needs the venv with onnx and onnxruntime (scripts/setup-venv.sh)"))
    func onnxruntimeAgreesWithTheRuntime() throws {
        let rows = Self.rows(9)
        let feed = Dictionary(uniqueKeysWithValues: Self.columns.enumerated().map { j, name in
            (name, ["dtype": "float32", "shape": [9, 1], "data": rows.map { Double($0[j]) }] as [String: Any])
        })
        let ort = try TraceRuntime.runJSON(try Self.dnnBuilder(), feeds: [feed])[0]
        let out = try ExportedModel(directory: try Self.dnnExport(), backend: CPUBackend(threads: 2)).predict(Self.table(rows))
        guard case let .float32(p, _)? = out["probabilities"], case let .int64(ids, _)? = out["class_ids"] else {
            Issue.record("missing outputs in \(out.keys)")
            return
        }
        let ortP = (ort["probabilities"]?["data"] as? [NSNumber] ?? []).map(\.doubleValue)
        #expect(ortP.count == p.count && zip(ortP, p).allSatisfy { abs($0 - Double($1)) <= 1e-6 })
        #expect((ort["class_ids"]?["data"] as? [NSNumber] ?? []).map(\.int64Value) == ids)
    }

    // MARK: Tampered exports

    static func loadError(_ dir: String) -> String {
        do {
            _ = try ExportedModel(directory: dir, backend: ReferenceBackend.shared)
            return "loaded"
        } catch { return error.problem }
    }

    @Test func aChangedByteInModelOnnxIsRefused() throws {
        let dir = try Self.dnnExport()
        let url = URL(fileURLWithPath: dir + "/model.onnx")
        var bytes = try Data(contentsOf: url)
        let expected = SHA256.hex(of: bytes)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: url)
        #expect(Self.loadError(dir) == "model.onnx was changed after export (sha256 \(SHA256.hex(of: bytes)), expected \(expected))")
    }

    @Test func aDeletedFileIsRefused() throws {
        let dir = try Self.dnnExport()
        try FileManager.default.removeItem(atPath: dir + "/variables.safetensors")
        #expect(Self.loadError(dir) == "variables.safetensors is missing from the export \(dir)")
        try FileManager.default.removeItem(atPath: dir + "/signature.json")
        #expect(Self.loadError(dir) == "\(dir)/signature.json is missing")
    }

    @Test func aBadSignatureNamesTheField() throws {
        let dir = try Self.dnnExport()
        let url = URL(fileURLWithPath: dir + "/signature.json")
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        func with(_ change: (inout [String: Any]) -> Void) throws -> String {
            var o = original
            change(&o)
            try JSONSerialization.data(withJSONObject: o).write(to: url)
            return Self.loadError(dir)
        }
        #expect(try with { $0["outputs"] = nil } == "signature.json: the field 'outputs' is missing")
        #expect(try with { $0["global_step"] = "ten" }.hasPrefix("signature.json: the field 'global_step' "))
        #expect(try with { o in
            var inputs = o["graph_inputs"] as! [[String: Any]]
            inputs[1]["dtype"] = 3
            o["graph_inputs"] = inputs
        }.hasPrefix("signature.json: the field 'graph_inputs[1].dtype' "))
        #expect(try with { $0["version"] = 2 } == "signature.json: the field 'version' is 2; this est reads version 1")
        #expect(try with { $0["format"] = "saved-model" } == "signature.json: the field 'format' is 'saved-model', not 'est-export'")
        try Data("{\"format\": ".utf8).write(to: url)
        #expect(Self.loadError(dir).hasPrefix("signature.json is not valid JSON"))
    }

    @Test func aSignatureThatDisagreesWithTheModelIsRefused() throws {
        let b = try Self.dnnBuilder()
        let dir = try ExportFixture.write(b, inputs: [], graphInputs: Self.columns.map { .init(name: $0, dtype: "float32", column: $0) },
                                          outputs: [ExportFixture.output("logits", "int64", width: 3)])
        #expect(Self.loadError(dir) == "signature.json: 'outputs' says 'logits' is int64, model.onnx says float32")
    }

    @Test func anUnsupportedOpIsRefusedAtLoadNamingTheNode() throws {
        var b = ModelBuilder(graphName: "g")
        b.addInput("x", .float, shape: [.batch, 1])
        b.addNode("Hardmax", inputs: ["x"], outputs: ["y"], name: "head/hardmax")
        b.addOutput("y", .float, shape: [.batch, 1])
        let dir = try ExportFixture.write(b, inputs: [.init(name: "x", dtype: "float32")],
                                          graphInputs: [.init(name: "x", dtype: "float32", column: "x")],
                                          outputs: [ExportFixture.output("y")])
        #expect(Self.loadError(dir) == "model.onnx: node 'head/hardmax' (Hardmax): the op 'Hardmax' is not supported by est's runtime")
    }

    // MARK: Bad requests

    static func predictError(_ model: ExportedModel, _ table: Table) -> String {
        do {
            _ = try model.predict(table)
            return "predicted"
        } catch { return error.description }
    }

    @Test func badRequestsNameTheColumn() throws {
        let model = try ExportedModel(directory: try Self.dnnExport(), backend: ReferenceBackend.shared)
        let good = Self.table(Self.rows(3))
        var missing = good
        missing.names[2] = "other"
        #expect(Self.predictError(model, missing) == "the column 'c' is missing (the export reads the columns: a, b, c, d)")
        var text = good
        text.columns[1] = Column(strings: ["x", "y", "z"])
        #expect(Self.predictError(model, text).hasPrefix("the column 'b' holds string values; the export reads it as float32"))
        let holes = ExportFixture.table([("a", [1, 2, 3]), ("b", [1, nil, 3]), ("c", [1, 2, 3]), ("d", [1, 2, 3])])
        #expect(Self.predictError(model, holes).hasPrefix("the column 'b' has no value in row 2 and the export has no default for it"))
        var extra = good
        extra.names.append("unused")
        extra.columns.append(Column(strings: ["p", "q", "r"]))
        #expect(Self.predictError(model, extra) == "predicted", "extra columns are ignored")
    }

    @Test func aMissingCellTakesTheInputsDefault() throws {
        let model = try ExportedModel(directory: try Self.dnnExport(defaults: ["b": 0.25]), backend: ReferenceBackend.shared)
        let holes = ExportFixture.table([("a", [1, 2]), ("b", [nil, -1]), ("c", [1, 2]), ("d", [0, 1])])
        let filled = ExportFixture.table([("a", [1, 2]), ("b", [0.25, -1]), ("c", [1, 2]), ("d", [0, 1])])
        #expect(try model.predict(holes) == model.predict(filled))
    }

    @Test func integerColumnsFeedFloatInputs() throws {
        let model = try ExportedModel(directory: try Self.dnnExport(), backend: ReferenceBackend.shared)
        let ints = Table(names: Self.columns,
                         columns: [Column(.int([1, -2])), Column(.int([0, 3])), Column(.bool([true, false])), Column(.int([2, 2]))])
        let floats = ExportFixture.table([("a", [1, -2]), ("b", [0, 3]), ("c", [1, 0]), ("d", [2, 2])])
        #expect(try model.predict(ints) == model.predict(floats))
    }
}
