/// A tensor's shape (`TensorShapeProto`): one `Dimension` per axis; write it as an array literal, e.g. `[.batch, 4]`.
public struct TensorShapeProto: Hashable, Sendable, ExpressibleByArrayLiteral {
    /// The dimensions, outermost first; empty for a scalar.
    public var dim: [Dimension]

    /// The shape with dimensions `dim`.
    public init(_ dim: [Dimension]) { self.dim = dim }
    /// The shape with the listed dimensions.
    public init(arrayLiteral elements: Dimension...) { dim = elements }

    /// One dimension (`TensorShapeProto.Dimension`): a size, a symbolic name, or unknown.
    public enum Dimension: Hashable, Sendable, ExpressibleByIntegerLiteral {
        /// A fixed size (`dim_value`).
        case value(Int64)
        /// A size known only at run time, named so that equal names are equal sizes (`dim_param`), e.g. `"batch"`.
        case param(String)
        /// Neither field set: any size.
        case unknown

        /// The dynamic batch dimension exporters put first: `dim_param = "batch"`.
        public static let batch = Dimension.param("batch")

        /// A fixed size, from a literal.
        public init(integerLiteral value: Int64) { self = .value(value) }
    }
}

/// The type of a graph input, output or intermediate value (`TypeProto`); est uses the tensor kind only.
public struct TypeProto: Hashable, Sendable {
    /// The element type (`TypeProto.Tensor.elem_type`).
    public var elemType: DataType
    /// The dimensions (`TypeProto.Tensor.shape`), or nil when the rank is unknown (no shape field).
    public var shape: TensorShapeProto?

    /// A tensor type.
    public init(elemType: DataType, shape: TensorShapeProto?) {
        self.elemType = elemType
        self.shape = shape
    }
}

/// A named, typed value: a graph input or output, or an intermediate in `value_info` (`ValueInfoProto`).
public struct ValueInfoProto: Hashable, Sendable {
    /// The value's name, as nodes refer to it.
    public var name: String
    /// Its type; nil when absent.
    public var type: TypeProto?
    /// A human-readable note (`doc_string`).
    public var docString: String

    /// A value `name` of tensor type `elemType` and `shape`.
    public init(name: String, elemType: DataType, shape: TensorShapeProto?, docString: String = "") {
        self.name = name
        self.type = TypeProto(elemType: elemType, shape: shape)
        self.docString = docString
    }

    /// A value with an explicit (possibly absent) type.
    public init(name: String, type: TypeProto?, docString: String = "") {
        self.name = name
        self.type = type
        self.docString = docString
    }
}
