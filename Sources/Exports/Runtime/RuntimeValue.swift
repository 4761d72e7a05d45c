import Tensors

/// A string tensor: est's `Tensor` holds numbers only, so the runtime keeps ONNX STRING values on the host.
public struct StringTensor: Sendable, Equatable {
    /// The elements, row-major.
    public var values: [String]
    /// The dimensions.
    public var shape: Shape

    /// A string tensor of `shape` (its element count must match).
    public init(_ values: [String], shape: Shape) {
        precondition(values.count == shape.count, "StringTensor: \(values.count) values for shape \(shape)")
        (self.values, self.shape) = (values, shape)
    }

    /// The elements at `offset + Σ i[d]·strides[d]` for every index `i` of `shape`: what ``Backend/read(_:offset:strides:shape:)``
    /// does for numbers (slice, transpose, broadcast).
    func read(offset: Int, strides: [Int], shape: Shape) -> StringTensor {
        var out = [String]()
        out.reserveCapacity(shape.count)
        var index = [Int](repeating: 0, count: shape.rank)
        for _ in 0..<shape.count {
            var p = offset
            for d in 0..<shape.rank { p += index[d] * strides[d] }
            out.append(values[p])
            var d = shape.rank - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return StringTensor(out, shape: shape)
    }
}

/// A value flowing through the interpreter: a backend tensor or a host string tensor.
enum RuntimeValue: Sendable {
    case tensor(Tensor)
    case strings(StringTensor)

    var shape: Shape {
        switch self {
        case let .tensor(t): t.shape
        case let .strings(s): s.shape
        }
    }

    /// The ONNX type name, for messages.
    var typeName: String {
        switch self {
        case let .tensor(t): "\(t.dtype)"
        case .strings: "string"
        }
    }

    /// The same elements in another shape of the same count (no copy for tensors).
    func reshaped(_ shape: Shape) -> RuntimeValue {
        switch self {
        case let .tensor(t): .tensor(t.reshaped(to: shape))
        case let .strings(s): .strings(StringTensor(s.values, shape: shape))
        }
    }

    /// A strided copy (see ``StringTensor/read(offset:strides:shape:)``).
    func read(offset: Int, strides: [Int], shape: Shape) -> RuntimeValue {
        switch self {
        case let .tensor(t):
            if offset == 0 && shape == t.shape && strides == t.shape.strides { return self }
            return .tensor(t.backend.read(t, offset: offset, strides: strides, shape: shape))
        case let .strings(s): return .strings(s.read(offset: offset, strides: strides, shape: shape))
        }
    }
}
