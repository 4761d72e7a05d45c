extension Tensor {
    /// A scalar of this tensor's dtype on its backend.
    @inlinable public func scalar(_ value: Double) -> Tensor {
        backend.fill(value, shape: .scalar, dtype: dtype)
    }

    /// The broadcast shape of two operands, or a precondition failure naming both.
    @inlinable static func broadcastShape(_ op: String, _ a: Tensor, _ b: Tensor) -> Shape {
        precondition(a.backend === b.backend, "\(op): operands live on backends '\(a.backend.name)' and '\(b.backend.name)'")
        precondition(a.dtype == b.dtype, "\(op): dtypes \(a.dtype) and \(b.dtype) differ")
        guard let s = Shape.broadcast(a.shape, b.shape) else {
            preconditionFailure("\(op): shapes \(a.shape) and \(b.shape) cannot be broadcast together")
        }
        return s
    }

    /// Sums a broadcast gradient back down to `shape` (the inverse of broadcasting).
    public func sumToShape(_ target: Shape) -> Tensor {
        if shape == target { return self }
        let lead = rank - target.rank
        var axes: [Int] = Array(0..<lead)
        for i in 0..<target.rank where target[i] == 1 && shape[i + lead] != 1 { axes.append(i + lead) }
        let reduced = axes.isEmpty ? self : backend.reduce(.sum, self, axes: axes)
        return reduced.reshaped(to: target)
    }

    @inlinable static func binaryOp(_ op: BinaryOp, _ name: String, _ a: Tensor, _ b: Tensor,
                                    _ grad: @escaping (Tensor, Tensor, Tensor, Tensor) -> (Tensor?, Tensor?)) -> Tensor {
        let shape = broadcastShape(name, a, b)
        let out = a.backend.binary(op, a, b, shape: shape)
        guard needsGradient(a, b) else { return out }
        let (x, y, z) = (a.detached(), b.detached(), out.detached())
        let (sa, sb) = (a.shape, b.shape)
        return out.recorded(from: [a, b]) { g in
            let (ga, gb) = grad(g, x, y, z)
            return [ga.map { .dense($0.sumToShape(sa)) }, gb.map { .dense($0.sumToShape(sb)) }]
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { binaryOp(.add, "add", a, b) { g, _, _, _ in (g, g) } }
    public static func - (a: Tensor, b: Tensor) -> Tensor { binaryOp(.subtract, "subtract", a, b) { g, _, _, _ in (g, -g) } }
    public static func * (a: Tensor, b: Tensor) -> Tensor { binaryOp(.multiply, "multiply", a, b) { g, x, y, _ in (g * y, g * x) } }
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        binaryOp(.divide, "divide", a, b) { g, x, y, _ in (g / y, -(g * x) / (y * y)) }
    }

    public static func + (a: Tensor, b: Double) -> Tensor { a + a.scalar(b) }
    public static func - (a: Tensor, b: Double) -> Tensor { a - a.scalar(b) }
    public static func * (a: Tensor, b: Double) -> Tensor { a * a.scalar(b) }
    public static func / (a: Tensor, b: Double) -> Tensor { a / a.scalar(b) }
    public static func + (a: Double, b: Tensor) -> Tensor { b.scalar(a) + b }
    public static func - (a: Double, b: Tensor) -> Tensor { b.scalar(a) - b }
    public static func * (a: Double, b: Tensor) -> Tensor { b.scalar(a) * b }
    public static func / (a: Double, b: Tensor) -> Tensor { b.scalar(a) / b }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }

    public static prefix func - (x: Tensor) -> Tensor { x.unaryOp(.negate) { g, _, _ in -g } }

    /// `a^b` elementwise.
    public static func pow(_ a: Tensor, _ b: Tensor) -> Tensor {
        binaryOp(.pow, "pow", a, b) { g, x, y, z in
            // d/dx = y·x^(y-1); d/dy = z·log(x) (0 where x ≤ 0, as TF does).
            let dx = g * y * Tensor.pow(x, y - 1)
            let positive = x .> x.scalar(0)
            let logx = Tensor.select(positive, x.log(), x.scalar(0).broadcast(to: x.shape))
            return (dx, g * z * logx)
        }
    }

    /// `a^b` for a scalar exponent.
    public static func pow(_ a: Tensor, _ b: Double) -> Tensor { pow(a, a.scalar(b)) }

    /// The larger of two tensors elementwise (the gradient goes to `a` on ties).
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
        binaryOp(.maximum, "maximum", a, b) { g, x, y, _ in
            let m = x .>= y
            let zero = g.scalar(0)
            return (select(m, g, zero), select(m, zero, g))
        }
    }

    /// The smaller of two tensors elementwise (the gradient goes to `a` on ties).
    public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
        binaryOp(.minimum, "minimum", a, b) { g, x, y, _ in
            let m = x .<= y
            let zero = g.scalar(0)
            return (select(m, g, zero), select(m, zero, g))
        }
    }

    // MARK: Unary

    /// Applies a unary kernel and records `grad(g, x, y)` as its backward.
    @inlinable public func unaryOp(_ op: UnaryOp, _ grad: @escaping (_ g: Tensor, _ x: Tensor, _ y: Tensor) -> Tensor?) -> Tensor {
        let out = backend.unary(op, self)
        guard node != nil else { return out }
        let (x, y) = (detached(), out.detached())
        return out.recorded(from: [self]) { g in [grad(g, x, y).map { .dense($0) }] }
    }

    public func exp() -> Tensor { unaryOp(.exp) { g, _, y in g * y } }
    public func expm1() -> Tensor { unaryOp(.expm1) { g, _, y in g * (y + 1) } }
    public func log() -> Tensor { unaryOp(.log) { g, x, _ in g / x } }
    public func log1p() -> Tensor { unaryOp(.log1p) { g, x, _ in g / (x + 1) } }
    public func sqrt() -> Tensor { unaryOp(.sqrt) { g, _, y in g / (y * 2) } }
    public func rsqrt() -> Tensor { unaryOp(.rsqrt) { g, _, y in g * y * y * y * -0.5 } }
    public func square() -> Tensor { unaryOp(.square) { g, x, _ in g * x * 2 } }
    public func reciprocal() -> Tensor { unaryOp(.reciprocal) { g, _, y in -(g * y * y) } }
    public func abs() -> Tensor { unaryOp(.abs) { g, x, _ in g * x.backend.unary(.sign, x) } }
    public func sign() -> Tensor { unaryOp(.sign) { _, _, _ in nil } }
    public func sin() -> Tensor { unaryOp(.sin) { g, x, _ in g * x.backend.unary(.cos, x) } }
    public func cos() -> Tensor { unaryOp(.cos) { g, x, _ in -(g * x.backend.unary(.sin, x)) } }
    public func erf() -> Tensor {
        unaryOp(.erf) { g, x, _ in g * (x.square() * -1).exp() * (2 / Double.pi.squareRoot()) }
    }
    public func floor() -> Tensor { unaryOp(.floor) { _, _, _ in nil } }
    public func ceil() -> Tensor { unaryOp(.ceil) { _, _, _ in nil } }
    public func rounded() -> Tensor { unaryOp(.round) { _, _, _ in nil } }

    // MARK: Type conversion

    /// The same values as another dtype (floats to integers truncate toward zero).
    ///
    /// Gradients flow between floating-point types only.
    public func cast(to target: DType) -> Tensor {
        if target == dtype { return self }
        let out = backend.cast(self, to: target)
        guard node != nil, dtype.isFloatingPoint, target.isFloatingPoint else { return out }
        let source = dtype
        return out.recorded(from: [self]) { g in [.dense(g.backend.cast(g, to: source))] }
    }
}
