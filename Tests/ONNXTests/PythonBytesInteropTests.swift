import Foundation
import ONNX
import Testing
import TestSupport

/// est writes the same bytes as the `onnx` Python package (protobuf's own serializer) for the same messages.
@Suite struct PythonBytesInteropTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test(.enabled(if: Interop.hasModule("onnx"), "needs the venv with onnx (scripts/setup-venv.sh)"))
    func modelAndAttributesSerializeAsTheOnnxPackageDoes() throws {
        let result = try Interop.script("onnx_check.py", ["bytes"])
        try #require(result.status == 0, "\(result.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])

        let ids = TensorProto(name: "ids", values: [Int64(3), -1], dims: [2])
        let graph = GraphProto(name: "g", node: [NodeProto(opType: "Relu", input: ["x"], output: ["y"], name: "relu")],
                               initializer: [TensorProto(name: "w", values: [Float(1), -2.5, 0.25, 4], dims: [2, 2]), ids],
                               input: [ValueInfoProto(name: "x", elemType: .float, shape: [.batch, 3])],
                               output: [ValueInfoProto(name: "y", elemType: .float, shape: [.batch, 3])])
        let model = ModelProto(graph: graph, irVersion: 8,
                               opsetImport: [OperatorSetIdProto(domain: "", version: 17), OperatorSetIdProto(domain: "ai.onnx.ml", version: 3)],
                               producerName: "est", producerVersion: "0.1")
        #expect(Self.hex(model.serializedBytes()) == json["model"] as? String)

        let attributes: [AttributeProto] = [.float("alpha", 0.5), .int("axis", -1), .string("mode", "constant"), .floats("scales", [1, 2]),
                                            .ints("perm", [1, 0, 2]), .strings("keys_strings", ["a", "b"]), .tensor("value", ids)]
        let python = try #require(json["attributes"] as? [String])
        #expect(attributes.map { Self.hex($0.serializedBytes()) } == python)
    }
}
