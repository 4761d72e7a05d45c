/// An n-dimensional array on one ``Backend``, with value semantics.
///
/// A tensor is a shape, an element type and a buffer owned by its backend. Ops never
/// mutate their operands; `Tensor` values can be shared freely. When a
/// ``GradientTape`` is recording, ops also record how to propagate gradients.
///
/// ```swift
/// let x = Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
/// (x + 1).scalars(as: Float.self)   // [2, 3, 4, 5]
/// ```
public struct Tensor: @unchecked Sendable, CustomStringConvertible {
    /// The dimensions.
    public let shape: Shape
    /// The element type.
    public let dtype: DType
    /// The memory holding the elements, owned by ``backend``.
    public internal(set) var storage: DeviceBuffer
    /// The backend that owns ``storage`` and runs every op on this tensor.
    public let backend: any Backend
    /// The tape node recording how this tensor was made, when a tape is recording.
    public internal(set) var node: TapeNode?

    /// Wraps a buffer a backend produced. Only backends call this.
    public init(shape: Shape, dtype: DType, storage: DeviceBuffer, backend: any Backend) {
        self.shape = shape
        self.dtype = dtype
        self.storage = storage
        self.backend = backend
        self.node = nil
    }

    /// Creates a tensor from row-major scalars.
    public init<T: TensorScalar>(_ scalars: [T], shape: Shape, on backend: (any Backend)? = nil) {
        precondition(scalars.count == shape.count, "Tensor: \(scalars.count) scalars do not fill shape \(shape) (\(shape.count) elements)")
        let b = backend ?? Backends.default
        self = scalars.withUnsafeBytes { b.upload($0, shape: shape, dtype: T.dtype) }
    }

    /// Creates a rank-1 tensor from scalars.
    public init<T: TensorScalar>(_ scalars: [T], on backend: (any Backend)? = nil) {
        self.init(scalars, shape: [scalars.count], on: backend)
    }

    /// Creates a rank-0 tensor.
    public init<T: TensorScalar>(scalar: T, on backend: (any Backend)? = nil) {
        self.init([scalar], shape: .scalar, on: backend)
    }

    /// Creates a tensor with every element equal to `value`.
    public init(repeating value: Double, shape: Shape, dtype: DType = .float32, on backend: (any Backend)? = nil) {
        self = (backend ?? Backends.default).fill(value, shape: shape, dtype: dtype)
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: Shape, dtype: DType = .float32, on backend: (any Backend)? = nil) -> Tensor {
        Tensor(repeating: 0, shape: shape, dtype: dtype, on: backend)
    }

    /// A tensor of ones.
    public static func ones(_ shape: Shape, dtype: DType = .float32, on backend: (any Backend)? = nil) -> Tensor {
        Tensor(repeating: 1, shape: shape, dtype: dtype, on: backend)
    }

    /// `[0, 1, …, count-1]`.
    public static func range(_ count: Int, dtype: DType = .int64, on backend: (any Backend)? = nil) -> Tensor {
        (backend ?? Backends.default).iota(count, dtype: dtype)
    }

    /// The number of elements.
    @inlinable public var count: Int { shape.count }
    /// The number of dimensions.
    @inlinable public var rank: Int { shape.rank }

    /// Copies the elements to the host, row-major.
    public func scalars<T: TensorScalar>(as type: T.Type = T.self) -> [T] {
        precondition(T.dtype == dtype, "scalars(as: \(T.self)): tensor has dtype \(dtype)")
        return [T](unsafeUninitializedCapacity: count) { buf, n in
            backend.download(self, into: UnsafeMutableRawBufferPointer(buf))
            n = count
        }
    }

    /// The elements converted to `Double`, row-major (any dtype).
    public var doubles: [Double] {
        switch dtype {
        case .float32: scalars(as: Float.self).map(Double.init)
        case .float64: scalars(as: Double.self)
        case .int32: scalars(as: Int32.self).map(Double.init)
        case .int64: scalars(as: Int64.self).map(Double.init)
        case .bool: scalars(as: Bool.self).map { $0 ? 1 : 0 }
        }
    }

    /// The single element of a one-element tensor, as a `Double`.
    public var scalarValue: Double {
        precondition(count == 1, "scalarValue: tensor has shape \(shape), not one element")
        return doubles[0]
    }

    /// The same values on another backend (an explicit copy through host memory).
    ///
    /// The result is not connected to any tape.
    public func to(_ target: any Backend) -> Tensor {
        if target === backend { return detached() }
        var host = [UInt8](repeating: 0, count: count * dtype.byteSize)
        host.withUnsafeMutableBytes { backend.download(self, into: $0) }
        return host.withUnsafeBytes { target.upload($0, shape: shape, dtype: dtype) }
    }

    /// The same tensor with no tape node: gradients do not flow through it.
    public func detached() -> Tensor {
        var t = self
        t.node = nil
        return t
    }

    public var description: String {
        let values = count <= 16 ? doubles.map { "\($0)" }.joined(separator: ", ") : "…"
        return "Tensor<\(dtype)>\(shape) on \(backend.name): [\(values)]"
    }
}
