/// An ONNX element type: `TensorProto.DataType` in onnx.proto, used by tensors and by `TypeProto.Tensor.elem_type`.
///
/// A struct over the raw number rather than an enum, so a model that uses a newer type still decodes
/// (and re-encodes unchanged); the named constants are the ones est writes or reads.
public struct DataType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The number onnx.proto gives the type.
    public var rawValue: Int32
    /// The type with number `rawValue`.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let undefined = DataType(rawValue: 0)
    public static let float = DataType(rawValue: 1)
    public static let uint8 = DataType(rawValue: 2)
    public static let int8 = DataType(rawValue: 3)
    public static let uint16 = DataType(rawValue: 4)
    public static let int16 = DataType(rawValue: 5)
    public static let int32 = DataType(rawValue: 6)
    public static let int64 = DataType(rawValue: 7)
    public static let string = DataType(rawValue: 8)
    public static let bool = DataType(rawValue: 9)
    public static let float16 = DataType(rawValue: 10)
    public static let double = DataType(rawValue: 11)
    public static let uint32 = DataType(rawValue: 12)
    public static let uint64 = DataType(rawValue: 13)
    public static let bfloat16 = DataType(rawValue: 16)

    /// Bytes per element in `raw_data`, or nil for strings and types est does not lay out.
    public var byteSize: Int? {
        switch self {
        case .bool, .uint8, .int8: 1
        case .uint16, .int16, .float16, .bfloat16: 2
        case .float, .int32, .uint32: 4
        case .double, .int64, .uint64: 8
        default: nil
        }
    }

    public var description: String {
        let names: [Int32: String] = [0: "UNDEFINED", 1: "FLOAT", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16", 6: "INT32", 7: "INT64",
                                      8: "STRING", 9: "BOOL", 10: "FLOAT16", 11: "DOUBLE", 12: "UINT32", 13: "UINT64", 16: "BFLOAT16"]
        return names[rawValue] ?? "DataType(\(rawValue))"
    }
}
