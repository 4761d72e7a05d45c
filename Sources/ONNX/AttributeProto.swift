/// A named attribute of a node (`AttributeProto`), e.g. `axis = 1` on `Softmax` or `perm = [1, 0]` on `Transpose`.
///
/// onnx.proto stores the value in exactly one of several fields and names which in `type`;
/// est keeps it as one `Value`, so an attribute cannot claim one type and carry another.
public struct AttributeProto: Hashable, Sendable {
    /// The attribute's name, as the operator's schema spells it.
    public var name: String
    /// The value, which also fixes the `type` field written.
    public var value: Value
    /// A human-readable note (`doc_string`).
    public var docString: String = ""

    /// An attribute `name` with `value`.
    public init(name: String, value: Value, docString: String = "") {
        self.name = name
        self.value = value
        self.docString = docString
    }

    /// An attribute's value: one of onnx.proto's `AttributeType`s (sparse tensors are not supported).
    public indirect enum Value: Hashable, Sendable {
        case float(Float)
        case int(Int64)
        case string(String)
        case tensor(TensorProto)
        case graph(GraphProto)
        case floats([Float])
        case ints([Int64])
        case strings([String])
        case tensors([TensorProto])
        case graphs([GraphProto])

        /// onnx.proto's `AttributeType` number for this case (FLOAT 1 … GRAPHS 10).
        public var type: Int64 {
            switch self {
            case .float: 1
            case .int: 2
            case .string: 3
            case .tensor: 4
            case .graph: 5
            case .floats: 6
            case .ints: 7
            case .strings: 8
            case .tensors: 9
            case .graphs: 10
            }
        }
    }

    /// A FLOAT attribute.
    public static func float(_ name: String, _ v: Float) -> AttributeProto { AttributeProto(name: name, value: .float(v)) }
    /// An INT attribute.
    public static func int(_ name: String, _ v: Int64) -> AttributeProto { AttributeProto(name: name, value: .int(v)) }
    /// A STRING attribute.
    public static func string(_ name: String, _ v: String) -> AttributeProto { AttributeProto(name: name, value: .string(v)) }
    /// A TENSOR attribute (e.g. `Constant`'s `value`).
    public static func tensor(_ name: String, _ v: TensorProto) -> AttributeProto { AttributeProto(name: name, value: .tensor(v)) }
    /// A GRAPH attribute (e.g. `If`'s branches).
    public static func graph(_ name: String, _ v: GraphProto) -> AttributeProto { AttributeProto(name: name, value: .graph(v)) }
    /// A FLOATS attribute.
    public static func floats(_ name: String, _ v: [Float]) -> AttributeProto { AttributeProto(name: name, value: .floats(v)) }
    /// An INTS attribute.
    public static func ints(_ name: String, _ v: [Int64]) -> AttributeProto { AttributeProto(name: name, value: .ints(v)) }
    /// A STRINGS attribute (e.g. `LabelEncoder`'s `keys_strings`).
    public static func strings(_ name: String, _ v: [String]) -> AttributeProto { AttributeProto(name: name, value: .strings(v)) }
    /// A TENSORS attribute.
    public static func tensors(_ name: String, _ v: [TensorProto]) -> AttributeProto { AttributeProto(name: name, value: .tensors(v)) }
    /// A GRAPHS attribute.
    public static func graphs(_ name: String, _ v: [GraphProto]) -> AttributeProto { AttributeProto(name: name, value: .graphs(v)) }
}
