/// A constant tensor (`TensorProto`): an initializer, or the value of a tensor attribute.
///
/// est writes numbers as `raw_data` (fixed width, little-endian, row-major; booleans one byte each) and strings as
/// `string_data`. Reading also accepts the typed fields (`float_data`, `int64_data`, …) that other writers use.
public struct TensorProto: Hashable, Sendable {
    /// The shape; empty for a scalar.
    public var dims: [Int64]
    /// The element type.
    public var dataType: DataType
    /// The name the graph refers to it by (initializers must have one).
    public var name: String
    /// The elements as fixed-width little-endian bytes; empty when a typed field below holds them.
    public var rawData: [UInt8]
    /// `float_data` (field 4): FLOAT elements when `rawData` is empty.
    public var floatData: [Float] = []
    /// `int32_data` (field 5): INT32, INT16, INT8, UINT16, UINT8, BOOL elements when `rawData` is empty.
    public var int32Data: [Int32] = []
    /// `string_data` (field 6): STRING elements, as UTF-8 bytes.
    public var stringData: [[UInt8]] = []
    /// `int64_data` (field 7): INT64 elements when `rawData` is empty.
    public var int64Data: [Int64] = []
    /// `double_data` (field 10): DOUBLE elements when `rawData` is empty.
    public var doubleData: [Double] = []

    /// A tensor whose elements are `rawData`.
    public init(name: String = "", dataType: DataType, dims: [Int64], rawData: [UInt8] = []) {
        self.name = name
        self.dataType = dataType
        self.dims = dims
        self.rawData = rawData
    }

    /// The number of elements the dims describe (1 for a scalar).
    public var elementCount: Int { dims.reduce(1) { $0 * Int($1) } }
}
