import ONNX
import Testing

/// Bytes checked by hand against protobuf's wire format and onnx.proto's field numbers.
@Suite struct GoldenBytesTests {
    @Test func reluNode() {
        // input (1) "x", output (2) "y", op_type (4) "Relu": key = field << 3 | 2, then length, then UTF-8.
        let node = NodeProto(opType: "Relu", input: ["x"], output: ["y"])
        #expect(node.serializedBytes() == [0x0A, 0x01, 0x78, 0x12, 0x01, 0x79, 0x22, 0x04, 0x52, 0x65, 0x6C, 0x75])
    }

    @Test func floatTensorWithRawData() {
        // dims (1, varint) 2; data_type (2) FLOAT = 1; name (8) "b"; raw_data (9): 1.0 = 0x3F800000, -2.0 = 0xC0000000 little-endian.
        let t = TensorProto(name: "b", values: [Float(1), -2], dims: [2])
        #expect(t.serializedBytes() == [0x08, 0x02, 0x10, 0x01, 0x42, 0x01, 0x62,
                                        0x4A, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
    }

    @Test func negativeIntAttributeAndOpset() {
        // name (1) "axis"; i (3) -1 as a ten-byte varint; type (20, key 0xA0 0x01) INT = 2.
        let a = AttributeProto.int("axis", -1)
        #expect(a.serializedBytes() == [0x0A, 0x04, 0x61, 0x78, 0x69, 0x73, 0x18] + [UInt8](repeating: 0xFF, count: 9) + [0x01, 0xA0, 0x01, 0x02])
        // domain (1) "" is written (onnx.helper.make_opsetid sets it); version (2) 17.
        #expect(OperatorSetIdProto(domain: "", version: 17).serializedBytes() == [0x0A, 0x00, 0x10, 0x11])
    }

    @Test func dynamicBatchInput() {
        // name "x"; type (2) { tensor_type (1) { elem_type (1) FLOAT; shape (2) { dim (1) { dim_param (2) "N" }, dim { dim_value (1) 3 } } } }
        let v = ValueInfoProto(name: "x", elemType: .float, shape: [.param("N"), 3])
        #expect(v.serializedBytes() == [0x0A, 0x01, 0x78, 0x12, 0x0F, 0x0A, 0x0D, 0x08, 0x01, 0x12, 0x09,
                                        0x0A, 0x03, 0x12, 0x01, 0x4E, 0x0A, 0x02, 0x08, 0x03])
    }
}
