import Tensors

extension DataType {
    /// The ONNX element type that stores est's `dtype`.
    public init(_ dtype: DType) {
        switch dtype {
        case .float32: self = .float
        case .float64: self = .double
        case .int32: self = .int32
        case .int64: self = .int64
        case .bool: self = .bool
        }
    }

    /// est's element type for this ONNX type, or nil where est has none (strings, 8- and 16-bit types, unsigned).
    public var dtype: DType? {
        switch self {
        case .float: .float32
        case .double: .float64
        case .int32: .int32
        case .int64: .int64
        case .bool: .bool
        default: nil
        }
    }
}

extension TensorProto {
    /// The constant `name` holding `tensor`'s elements as `raw_data` (little-endian, row-major, as est stores them).
    ///
    /// ```swift
    /// let w = TensorProto(name: "dnn/logits/kernel", tensor: Tensor([1, 2, 3, 4] as [Float], shape: [2, 2]))
    /// // w.dataType == .float, w.dims == [2, 2], w.rawData.count == 16
    /// ```
    public init(name: String, tensor: Tensor) {
        var bytes = [UInt8](repeating: 0, count: tensor.count * tensor.dtype.byteSize)
        bytes.withUnsafeMutableBytes { tensor.backend.download(tensor, into: $0) }
        self.init(name: name, dataType: DataType(tensor.dtype), dims: tensor.shape.dims.map(Int64.init), rawData: bytes)
    }

    /// The constant `name` of shape `dims` holding `values` (row-major) as `raw_data`.
    public init<T: TensorScalar>(name: String, values: [T], dims: [Int]) {
        let count = dims.reduce(1, *)
        precondition(values.count == count, "TensorProto '\(name)': \(values.count) values for dims \(dims) (\(count) elements)")
        // Float, Double, Int32, Int64 and Bool (one byte, 0 or 1) are stored as ONNX lays them out on little-endian hosts.
        let bytes = values.withUnsafeBytes { Array($0) }
        self.init(name: name, dataType: DataType(T.dtype), dims: dims.map(Int64.init), rawData: bytes)
    }

    /// The STRING constant `name` of shape `dims` (row-major), e.g. a vocabulary.
    public init(name: String, strings: [String], dims: [Int]) {
        let count = dims.reduce(1, *)
        precondition(strings.count == count, "TensorProto '\(name)': \(strings.count) strings for dims \(dims) (\(count) elements)")
        self.init(name: name, dataType: .string, dims: dims.map(Int64.init))
        stringData = strings.map { Array($0.utf8) }
    }

    /// The elements as `T`, read from `raw_data` or from the typed field other writers use.
    ///
    /// Throws when `T` is not this tensor's type or the data does not fill `dims`.
    public func values<T: TensorScalar>(as type: T.Type = T.self) throws -> [T] {
        guard dataType.dtype == T.dtype else {
            throw ONNXError(reason: "tensor '\(name)' is \(dataType), not \(T.dtype)",
                            hint: "read it as \(dataType.dtype.map { "\($0)" } ?? "strings")")
        }
        let n = elementCount
        let out: [T]
        if !rawData.isEmpty {
            guard rawData.count == n * T.dtype.byteSize else {
                throw ONNXError(reason: "tensor '\(name)' has \(rawData.count) bytes of raw_data for dims \(dims) of \(dataType)",
                                hint: "the file is damaged or was written for another shape")
            }
            out = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                rawData.withUnsafeBytes { raw in
                    for i in 0..<n {
                        if T.self == Bool.self {
                            buffer[i] = (raw[i] != 0) as! T
                        } else {
                            buffer[i] = raw.loadUnaligned(fromByteOffset: i * T.dtype.byteSize, as: T.self)
                        }
                    }
                }
                initialized = n
            }
        } else {
            switch dataType {
            case .float: out = floatData.map { $0 as! T }
            case .double: out = doubleData.map { $0 as! T }
            case .int64: out = int64Data.map { $0 as! T }
            case .int32: out = int32Data.map { $0 as! T }
            default: out = int32Data.map { ($0 != 0) as! T }
            }
        }
        guard out.count == n else {
            throw ONNXError(reason: "tensor '\(name)' has \(out.count) elements for dims \(dims)", hint: "the file is damaged")
        }
        return out
    }

    /// The elements of a STRING tensor.
    public func strings() throws -> [String] {
        guard dataType == .string else { throw ONNXError(reason: "tensor '\(name)' is \(dataType), not STRING", hint: "read it with values(as:)") }
        return try stringData.map {
            guard let s = String(validating: $0, as: UTF8.self) else {
                throw ONNXError(reason: "tensor '\(name)' holds a string that is not UTF-8", hint: "the file is damaged")
            }
            return s
        }
    }

    /// The constant as an est `Tensor` on `backend` (the default backend when nil).
    public func tensor(on backend: (any Backend)? = nil) throws -> Tensor {
        let shape = Shape(dims.map { Int($0) })
        switch dataType {
        case .float: return Tensor(try values(as: Float.self), shape: shape, on: backend)
        case .double: return Tensor(try values(as: Double.self), shape: shape, on: backend)
        case .int32: return Tensor(try values(as: Int32.self), shape: shape, on: backend)
        case .int64: return Tensor(try values(as: Int64.self), shape: shape, on: backend)
        case .bool: return Tensor(try values(as: Bool.self), shape: shape, on: backend)
        default:
            throw ONNXError(reason: "tensor '\(name)' is \(dataType), which est's Tensor cannot hold",
                            hint: "est tensors are FLOAT, DOUBLE, INT32, INT64 or BOOL")
        }
    }
}
