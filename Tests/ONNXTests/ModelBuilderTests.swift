import Foundation
import ONNX
import Tensors
import Testing
import TestSupport

/// The builder assembles what an exporter adds, imports the operator sets it needs and refuses broken graphs.
@Suite struct ModelBuilderTests {
    @Test func buildsWritesAndReadsBackAModel() throws {
        var b = ModelBuilder(graphName: "g", producerVersion: "0.1")
        b.addInput("x", .float, shape: [.batch, 2])
        b.addInitializer("w", Tensor([1, 2, 3, 4] as [Float], shape: [2, 2]))
        b.addInitializer("ids", values: [Int64(3), 4], dims: [2])
        b.addNode("MatMul", inputs: ["x", "w"], outputs: ["y"])
        b.addNode("LabelEncoder", inputs: ["y"], outputs: ["z"], attributes: [.floats("keys_floats", [1])], domain: "ai.onnx.ml")
        b.addOutput("z", .float, shape: [.batch, 2])
        b.setMetadata("k", "old")
        b.setMetadata("k", "new")
        let dir = try Interop.temporaryDirectory("est-onnx")
        let url = dir.appendingPathComponent("model.onnx")
        try b.write(to: url)
        let m = try ModelProto(contentsOf: url)
        #expect(m == (try b.model()))
        #expect(m.opsetImport == [OperatorSetIdProto(domain: "", version: 17), OperatorSetIdProto(domain: "ai.onnx.ml", version: 3)])
        #expect(m.producerName == "est" && m.producerVersion == "0.1" && m.irVersion == 8)
        #expect(m.metadataProps == [StringStringEntryProto(key: "k", value: "new")])
        #expect(m.graph.node.map(\.name) == ["MatMul_0", "LabelEncoder_1"])
        #expect(m.graph.input.first?.type?.shape == [.param("batch"), .value(2)])
        #expect(try m.graph.initializer[0].tensor().scalars(as: Float.self) == [1, 2, 3, 4])
        #expect(try m.graph.initializer[1].values(as: Int64.self) == [3, 4])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.onnx"], "no temporary file is left")
    }

    @Test func everyEstDTypeBecomesRawLittleEndianData() throws {
        #expect(TensorProto(name: "f", tensor: Tensor([Float(1)], shape: [1])).rawData == [0x00, 0x00, 0x80, 0x3F])
        #expect(TensorProto(name: "d", tensor: Tensor([2.0], shape: [1])).rawData == [0, 0, 0, 0, 0, 0, 0, 0x40])
        #expect(TensorProto(name: "i", tensor: Tensor([Int64(-2)], shape: [1])).rawData == [0xFE] + [UInt8](repeating: 0xFF, count: 7))
        #expect(TensorProto(name: "j", tensor: Tensor([Int32(258)], shape: [1])).rawData == [0x02, 0x01, 0, 0])
        let flags = TensorProto(name: "b", tensor: Tensor([true, false], shape: [2]))
        #expect(flags.rawData == [1, 0] && flags.dataType == .bool)
        #expect(try flags.tensor().scalars(as: Bool.self) == [true, false])
    }

    @Test func refusesAGraphThatReadsAnUndefinedValue() throws {
        var b = ModelBuilder(graphName: "g")
        b.addInput("x", .float, shape: [.batch])
        b.addNode("Relu", inputs: ["h"], outputs: ["y"], name: "act")
        b.addOutput("y", .float, shape: [.batch])
        let e = #expect(throws: ONNXError.self) { try b.model() }
        #expect(e?.reason.contains("node 'act' (Relu) reads 'h'") == true)
    }

    @Test func refusesDuplicatesMissingOutputsAndUnimportedDomains() throws {
        var twice = ModelBuilder(graphName: "g")
        twice.addInput("x", .float, shape: [1])
        twice.addNode("Relu", inputs: ["x"], outputs: ["x"])
        #expect(throws: ONNXError.self) { try twice.model() }
        var missing = ModelBuilder(graphName: "g")
        missing.addInput("x", .float, shape: [1])
        missing.addOutput("y", .float, shape: [1])
        let e = #expect(throws: ONNXError.self) { try missing.model() }
        #expect(e?.reason == "graph output 'y' is never made")
        var domain = ModelBuilder(graphName: "g")
        domain.addInput("x", .float, shape: [1])
        domain.addNode("Custom", inputs: ["x"], outputs: ["y"], domain: "com.example")
        #expect(throws: ONNXError.self) { try domain.model() }
        domain.setOpset(domain: "com.example", version: 1)
        #expect(try domain.model().opsetImport.last == OperatorSetIdProto(domain: "com.example", version: 1))
    }
}
