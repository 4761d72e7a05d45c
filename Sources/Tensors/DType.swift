#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The element type of a tensor.
///
/// `float32` is the compute type; `int32` and `int64` hold ids and class indices;
/// `float64` is where sums and metrics accumulate (and where gradient checks run);
/// `bool` is what comparisons return.
public enum DType: String, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    case float32, float64, int32, int64, bool

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .bool: 1
        }
    }

    /// Whether the type is `float32` or `float64`.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// Whether the type is `int32` or `int64`.
    public var isInteger: Bool { self == .int32 || self == .int64 }

    public var description: String { rawValue }
}

/// A Swift type that can be the element of a ``Tensor``.
public protocol TensorScalar: Sendable {
    /// The tensor element type that stores this Swift type.
    static var dtype: DType { get }
    /// Converts from a `Double`, rounding or truncating as the type's own initialiser does.
    init(fromDouble value: Double)
    /// The value as a `Double`.
    var doubleValue: Double { get }
}

/// A ``TensorScalar`` with arithmetic: every type but `Bool`.
public protocol NumericTensorScalar: TensorScalar, Numeric, Comparable {}

/// A floating-point ``TensorScalar`` with the elementary functions the kernels need.
public protocol FloatingTensorScalar: NumericTensorScalar, BinaryFloatingPoint {
    static func exp(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
}

extension Float: FloatingTensorScalar {
    public static var dtype: DType { .float32 }
    @inlinable public init(fromDouble value: Double) { self.init(value) }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public static func exp(_ x: Float) -> Float { expf(x) }
    @inlinable public static func expm1(_ x: Float) -> Float { expm1f(x) }
    @inlinable public static func log(_ x: Float) -> Float { logf(x) }
    @inlinable public static func log1p(_ x: Float) -> Float { log1pf(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inlinable public static func erf(_ x: Float) -> Float { erff(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    @inlinable public static func sin(_ x: Float) -> Float { sinf(x) }
    @inlinable public static func cos(_ x: Float) -> Float { cosf(x) }
}

extension Double: FloatingTensorScalar {
    public static var dtype: DType { .float64 }
    @inlinable public init(fromDouble value: Double) { self = value }
    @inlinable public var doubleValue: Double { self }
    @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    @inlinable public static func expm1(_ x: Double) -> Double { Glibc.expm1(x) }
    @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    @inlinable public static func erf(_ x: Double) -> Double { Glibc.erf(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
    @inlinable public static func sin(_ x: Double) -> Double { Glibc.sin(x) }
    @inlinable public static func cos(_ x: Double) -> Double { Glibc.cos(x) }
}

extension Int32: NumericTensorScalar {
    public static var dtype: DType { .int32 }
    /// Truncates toward zero and saturates; NaN becomes 0.
    @inlinable public init(fromDouble value: Double) {
        self = value.isNaN ? 0 : value >= 2_147_483_647 ? .max : value <= -2_147_483_648 ? .min : Int32(value.rounded(.towardZero))
    }
    @inlinable public var doubleValue: Double { Double(self) }
}

extension Int64: NumericTensorScalar {
    public static var dtype: DType { .int64 }
    /// Truncates toward zero and saturates; NaN becomes 0.
    @inlinable public init(fromDouble value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.223372036854775807e18 {
            self = .max
        } else if value <= -9.223372036854775808e18 {
            self = .min
        } else {
            self = Int64(value.rounded(.towardZero))
        }
    }
    @inlinable public var doubleValue: Double { Double(self) }
}

extension Bool: TensorScalar {
    public static var dtype: DType { .bool }
    @inlinable public init(fromDouble value: Double) { self = value != 0 }
    @inlinable public var doubleValue: Double { self ? 1 : 0 }
}
