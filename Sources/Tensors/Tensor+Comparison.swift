infix operator .== : ComparisonPrecedence
infix operator .!= : ComparisonPrecedence
infix operator .< : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence
infix operator .> : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence
infix operator .&& : LogicalConjunctionPrecedence
infix operator .|| : LogicalDisjunctionPrecedence

extension Tensor {
    @inlinable static func compareOp(_ op: ComparisonOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        a.backend.compare(op, a, b, shape: broadcastShape("\(op)", a, b))
    }

    /// Elementwise comparisons; the result is a `bool` tensor and carries no gradient.
    public static func .== (a: Tensor, b: Tensor) -> Tensor { compareOp(.equal, a, b) }
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { compareOp(.notEqual, a, b) }
    public static func .< (a: Tensor, b: Tensor) -> Tensor { compareOp(.less, a, b) }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { compareOp(.lessEqual, a, b) }
    public static func .> (a: Tensor, b: Tensor) -> Tensor { compareOp(.greater, a, b) }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { compareOp(.greaterEqual, a, b) }
    public static func .== (a: Tensor, b: Double) -> Tensor { a .== a.scalar(b) }
    public static func .< (a: Tensor, b: Double) -> Tensor { a .< a.scalar(b) }
    public static func .> (a: Tensor, b: Double) -> Tensor { a .> a.scalar(b) }
    public static func .<= (a: Tensor, b: Double) -> Tensor { a .<= a.scalar(b) }
    public static func .>= (a: Tensor, b: Double) -> Tensor { a .>= a.scalar(b) }

    /// Logical operations on `bool` tensors.
    public static func .&& (a: Tensor, b: Tensor) -> Tensor {
        precondition(a.dtype == .bool, "logicalAnd: needs bool tensors, got \(a.dtype)")
        return a.backend.binary(.logicalAnd, a, b, shape: broadcastShape("logicalAnd", a, b))
    }
    public static func .|| (a: Tensor, b: Tensor) -> Tensor {
        precondition(a.dtype == .bool, "logicalOr: needs bool tensors, got \(a.dtype)")
        return a.backend.binary(.logicalOr, a, b, shape: broadcastShape("logicalOr", a, b))
    }
    public static prefix func ! (a: Tensor) -> Tensor {
        precondition(a.dtype == .bool, "logicalNot: needs a bool tensor, got \(a.dtype)")
        return a.backend.unary(.logicalNot, a)
    }

    /// `condition ? a : b` elementwise, with broadcasting; gradients flow to the chosen side.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(condition.dtype == .bool, "select: condition must be bool, got \(condition.dtype)")
        let ab = broadcastShape("select", a, b)
        guard let shape = Shape.broadcast(condition.shape, ab) else {
            preconditionFailure("select: condition shape \(condition.shape) cannot broadcast with \(ab)")
        }
        let out = a.backend.select(condition, a, b, shape: shape)
        guard needsGradient(a, b) else { return out }
        let (c, sa, sb) = (condition, a.shape, b.shape)
        return out.recorded(from: [a, b]) { g in
            let zero = g.scalar(0)
            return [.dense(select(c, g, zero).sumToShape(sa)), .dense(select(c, zero, g).sumToShape(sb))]
        }
    }
}
