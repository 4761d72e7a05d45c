import ONNX
import ProtoWire
import Testing

/// Every message kind and every attribute type encodes and decodes back to an equal value.
@Suite struct RoundTripTests {
    static let tensor = TensorProto(name: "w", values: [Float(1.5), -2, 0.25, 8], dims: [2, 2])

    static func roundTrip<M: ONNXMessage & Equatable>(_ m: M) throws -> M {
        try M(serializedBytes: m.serializedBytes())
    }

    @Test func operatorSetAndMetadataEntry() throws {
        let o = OperatorSetIdProto(domain: "ai.onnx.ml", version: 3)
        #expect(try Self.roundTrip(o) == o)
        let e = StringStringEntryProto(key: "signature", value: "{\"inputs\": []}")
        #expect(try Self.roundTrip(e) == e)
    }

    @Test(arguments: [
        AttributeProto.float("alpha", -0.125), .int("axis", -1), .string("mode", "constant ü"),
        .tensor("value", RoundTripTests.tensor), .floats("scales", [1, -2.5, .infinity]), .ints("perm", [1, 0, Int64.min, Int64.max]),
        .strings("keys_strings", ["a", "", "ß"]), .tensors("ts", [RoundTripTests.tensor, TensorProto(name: "s", strings: ["x"], dims: [1])]),
        .graph("then_branch", GraphProto(name: "g", node: [NodeProto(opType: "Identity", input: ["a"], output: ["b"])])),
        .graphs("gs", [GraphProto(name: "g1"), GraphProto(name: "g2")]), .ints("empty", []),
        AttributeProto(name: "documented", value: .int(0), docString: "why"),
    ])
    func attribute(_ a: AttributeProto) throws {
        #expect(try Self.roundTrip(a) == a)
    }

    @Test func tensorsOfEveryElementType() throws {
        let all = [
            Self.tensor,
            TensorProto(name: "d", values: [1.0, -1e300, .pi], dims: [3]),
            TensorProto(name: "i64", values: [Int64.min, 0, Int64.max], dims: [3, 1]),
            TensorProto(name: "i32", values: [Int32.min, -1, 7], dims: [1, 3]),
            TensorProto(name: "b", values: [true, false, true, true], dims: [2, 2]),
            TensorProto(name: "s", strings: ["iris-setosa", "", "日本"], dims: [3]),
            TensorProto(name: "scalar", values: [Float(3)], dims: []),
            TensorProto(name: "empty", values: [Float](), dims: [0, 4]),
        ]
        for t in all { #expect(try Self.roundTrip(t) == t) }
        #expect(try Self.roundTrip(all[1]).values(as: Double.self) == [1.0, -1e300, .pi])
        #expect(try Self.roundTrip(all[4]).values(as: Bool.self) == [true, false, true, true])
        #expect(try Self.roundTrip(all[5]).strings() == ["iris-setosa", "", "日本"])
        var typed = TensorProto(name: "typed", dataType: .float, dims: [2])
        typed.floatData = [1, 2]
        #expect(try Self.roundTrip(typed) == typed)
        #expect(try typed.values(as: Float.self) == [1, 2])
        var ints = TensorProto(name: "typed64", dataType: .int64, dims: [2])
        ints.int64Data = [-5, 5]
        #expect(try Self.roundTrip(ints).values(as: Int64.self) == [-5, 5])
    }

    @Test func valueInfoWithEveryKindOfDimension() throws {
        let v = ValueInfoProto(name: "x", elemType: .float, shape: [.batch, 4, .unknown, .param("seq")], docString: "features")
        #expect(try Self.roundTrip(v) == v)
        let scalar = ValueInfoProto(name: "s", elemType: .int64, shape: [])
        #expect(try Self.roundTrip(scalar) == scalar)
        let unranked = ValueInfoProto(name: "u", elemType: .string, shape: nil)
        #expect(try Self.roundTrip(unranked) == unranked)
        #expect(try Self.roundTrip(scalar).type?.shape == [])
        let shape: TensorShapeProto = [.batch, 3, .unknown]
        #expect(try Self.roundTrip(shape) == shape)
    }

    @Test func nodeGraphAndModel() throws {
        let node = NodeProto(opType: "LabelEncoder", input: ["c"], output: ["ids"], name: "vocab", domain: "ai.onnx.ml",
                             attribute: [.strings("keys_strings", ["a", "b"]), .ints("values_int64s", [0, 1])], docString: "vocabulary")
        #expect(try Self.roundTrip(node) == node)
        let graph = GraphProto(name: "g", node: [node, NodeProto(opType: "Relu", input: ["ids"], output: ["y"])],
                               initializer: [Self.tensor], input: [ValueInfoProto(name: "c", elemType: .string, shape: [.batch])],
                               output: [ValueInfoProto(name: "y", elemType: .int64, shape: [.batch])],
                               valueInfo: [ValueInfoProto(name: "ids", elemType: .int64, shape: [.batch])], docString: "d")
        #expect(try Self.roundTrip(graph) == graph)
        let model = ModelProto(graph: graph, irVersion: 8,
                               opsetImport: [OperatorSetIdProto(domain: "", version: 17), OperatorSetIdProto(domain: "ai.onnx.ml", version: 3)],
                               producerName: "est", producerVersion: "0.1", domain: "org.est", modelVersion: 2, docString: "m",
                               metadataProps: [StringStringEntryProto(key: "k", value: "v")])
        #expect(try Self.roundTrip(model) == model)
    }

    @Test func damagedBytesThrowNamingTheMessagesAndFields() throws {
        let bytes = ModelProto(graph: GraphProto(name: "g", initializer: [Self.tensor])).serializedBytes()
        let truncated = #expect(throws: ONNXError.self) { try ModelProto(serializedBytes: Array(bytes.dropLast(3))) }
        // opset_import (field 8) comes last, so the cut lands in it.
        #expect(truncated?.reason.hasPrefix("ModelProto field 8: length") == true, "\(String(describing: truncated))")
        var graph = ProtoWriter(), model = ProtoWriter()
        graph.bytes(1, [0x0A, 0x05, 0x78])  // a node whose first input claims 5 bytes and has 1
        model.message(7, graph)
        let nested = #expect(throws: ONNXError.self) { try ModelProto(serializedBytes: model.bytes) }
        #expect(nested?.reason.hasPrefix("ModelProto.7 > GraphProto.1 > NodeProto field 1: length 5") == true, "\(String(describing: nested))")
    }
}
