extension HostKernels {
    // MARK: Unary

    /// `out[i] = op(x[i])` for `i` in `range`.
    public static func unary(_ op: UnaryOp, dtype: DType, x: UnsafeRawPointer, out: UnsafeMutableRawPointer, range: Range<Int>) {
        switch dtype {
        case .float32: unaryFloat(op, x.typed(Float.self), out.typed(Float.self), range)
        case .float64: unaryFloat(op, x.typed(Double.self), out.typed(Double.self), range)
        case .int32: unaryInt(op, x.typed(Int32.self), out.typed(Int32.self), range)
        case .int64: unaryInt(op, x.typed(Int64.self), out.typed(Int64.self), range)
        case .bool:
            precondition(op == .logicalNot, "unary \(op) is not defined for bool tensors")
            let xs = x.typed(Bool.self), ys = out.typed(Bool.self)
            for i in range { ys[i] = !xs[i] }
        }
    }

    /// The scalar definition of every floating-point unary op.
    @inlinable public static func apply<T: FloatingTensorScalar>(_ op: UnaryOp, _ v: T) -> T {
        switch op {
        case .negate: return -v
        case .abs: return Swift.abs(v)
        case .sign: return v > 0 ? 1 : (v < 0 ? -1 : 0)
        case .square: return v * v
        case .sqrt: return v.squareRoot()
        case .rsqrt: return 1 / v.squareRoot()
        case .reciprocal: return 1 / v
        case .exp: return T.exp(v)
        case .expm1: return T.expm1(v)
        case .log: return T.log(v)
        case .log1p: return T.log1p(v)
        case .sin: return T.sin(v)
        case .cos: return T.cos(v)
        case .erf: return T.erf(v)
        case .floor: return v.rounded(.down)
        case .ceil: return v.rounded(.up)
        case .round: return v.rounded(.toNearestOrEven)
        case .tanh: return T.tanh(v)
        case .sigmoid:
            // Stable on both tails: never exp of a large positive number.
            if v >= 0 { return 1 / (1 + T.exp(-v)) }
            let e = T.exp(v)
            return e / (1 + e)
        case .relu: return v > 0 ? v : 0
        case .elu: return v > 0 ? v : T.expm1(v)
        case .selu:
            let alpha = T(1.6732632423543772848170429916717)
            let scale = T(1.0507009873554804934193349852946)
            return v > 0 ? scale * v : scale * alpha * T.expm1(v)
        case .gelu:
            // Exact GELU (TF/Keras `approximate=False`): x·Φ(x).
            return v * (1 + T.erf(v * T(0.70710678118654752440))) / 2
        case .softplus:
            // log(1 + e^v) without overflow.
            return (v > 0 ? v : 0) + T.log1p(T.exp(-Swift.abs(v)))
        case let .leakyRelu(alpha): return v > 0 ? v : T(alpha) * v
        case .logicalNot: preconditionFailure("logicalNot needs a bool tensor")
        }
    }

    @inlinable static func unaryFloat<T: FloatingTensorScalar>(_ op: UnaryOp, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ r: Range<Int>) {
        switch op {
        case .negate: for i in r { y[i] = -x[i] }
        case .square: for i in r { y[i] = x[i] * x[i] }
        case .relu: for i in r { y[i] = x[i] > 0 ? x[i] : 0 }
        default: for i in r { y[i] = apply(op, x[i]) }
        }
    }

    @inlinable static func unaryInt<T: NumericTensorScalar & FixedWidthInteger & SignedInteger>(_ op: UnaryOp, _ x: UnsafePointer<T>,
        _ y: UnsafeMutablePointer<T>, _ r: Range<Int>) {
        switch op {
        case .negate: for i in r { y[i] = 0 &- x[i] }
        case .abs: for i in r { y[i] = x[i] < 0 ? 0 &- x[i] : x[i] }
        case .sign: for i in r { y[i] = x[i] > 0 ? 1 : (x[i] < 0 ? -1 : 0) }
        case .square: for i in r { y[i] = x[i] &* x[i] }
        case .relu: for i in r { y[i] = x[i] > 0 ? x[i] : 0 }
        default: preconditionFailure("unary \(op) is not defined for \(T.dtype) tensors")
        }
    }

    // MARK: Binary

    /// `out[i] = op(a[…], b[…])` over `shape` with broadcast strides `sa`, `sb`.
    public static func binary(_ op: BinaryOp, dtype: DType, a: UnsafeRawPointer, sa: [Int], b: UnsafeRawPointer, sb: [Int],
                              out: UnsafeMutableRawPointer, shape: [Int], range: Range<Int>) {
        switch dtype {
        case .float32: binaryNumeric(op, a.typed(Float.self), sa, b.typed(Float.self), sb, out.typed(Float.self), shape, range)
        case .float64: binaryNumeric(op, a.typed(Double.self), sa, b.typed(Double.self), sb, out.typed(Double.self), shape, range)
        case .int32: binaryNumeric(op, a.typed(Int32.self), sa, b.typed(Int32.self), sb, out.typed(Int32.self), shape, range)
        case .int64: binaryNumeric(op, a.typed(Int64.self), sa, b.typed(Int64.self), sb, out.typed(Int64.self), shape, range)
        case .bool:
            let x = a.typed(Bool.self), y = b.typed(Bool.self), z = out.typed(Bool.self)
            let sc = zeros(shape.count)
            walk(shape: shape, sa, sb, sc, range: range) { o, ia, ib, _, n, da, db, _ in
                for j in 0..<n {
                    let p = x[ia + j * da], q = y[ib + j * db]
                    switch op {
                    case .logicalAnd: z[o + j] = p && q
                    case .logicalOr: z[o + j] = p || q
                    default: preconditionFailure("binary \(op) is not defined for bool tensors")
                    }
                }
            }
        }
    }

    @inlinable static func combine<T: NumericTensorScalar>(_ op: BinaryOp, _ p: T, _ q: T) -> T {
        switch op {
        case .add: return p + q
        case .subtract: return p - q
        case .multiply: return p * q
        case .maximum: return p >= q ? p : q
        case .minimum: return p <= q ? p : q
        case .divide:
            if let p = p as? Float, let q = q as? Float { return (p / q) as! T }
            if let p = p as? Double, let q = q as? Double { return (p / q) as! T }
            if let p = p as? Int32, let q = q as? Int32 { return (q == 0 ? 0 : p.dividedReportingOverflow(by: q).partialValue) as! T }
            if let p = p as? Int64, let q = q as? Int64 { return (q == 0 ? 0 : p.dividedReportingOverflow(by: q).partialValue) as! T }
            preconditionFailure("divide: unsupported \(T.dtype)")
        case .pow:
            if let p = p as? Float, let q = q as? Float { return Float.pow(p, q) as! T }
            if let p = p as? Double, let q = q as? Double { return Double.pow(p, q) as! T }
            return T(fromDouble: Double.pow(p.doubleValue, q.doubleValue))
        case .logicalAnd, .logicalOr: preconditionFailure("\(op) needs bool tensors")
        }
    }

    @inlinable static func binaryNumeric<T: NumericTensorScalar>(_ op: BinaryOp, _ a: UnsafePointer<T>, _ sa: [Int], _ b: UnsafePointer<T>,
        _ sb: [Int], _ out: UnsafeMutablePointer<T>, _ shape: [Int], _ range: Range<Int>) {
        let sc = zeros(shape.count)
        walk(shape: shape, sa, sb, sc, range: range) { o, ia, ib, _, n, da, db, _ in
            switch op {
            case .add: for j in 0..<n { out[o + j] = a[ia + j * da] + b[ib + j * db] }
            case .subtract: for j in 0..<n { out[o + j] = a[ia + j * da] - b[ib + j * db] }
            case .multiply: for j in 0..<n { out[o + j] = a[ia + j * da] * b[ib + j * db] }
            default: for j in 0..<n { out[o + j] = combine(op, a[ia + j * da], b[ib + j * db]) }
            }
        }
    }

    // MARK: Compare and select

    /// `out[i] = a[…] op b[…]` as `bool`.
    public static func compare(_ op: ComparisonOp, dtype: DType, a: UnsafeRawPointer, sa: [Int], b: UnsafeRawPointer, sb: [Int],
                               out: UnsafeMutableRawPointer, shape: [Int], range: Range<Int>) {
        switch dtype {
        case .float32: compareTyped(op, a.typed(Float.self), sa, b.typed(Float.self), sb, out.typed(Bool.self), shape, range)
        case .float64: compareTyped(op, a.typed(Double.self), sa, b.typed(Double.self), sb, out.typed(Bool.self), shape, range)
        case .int32: compareTyped(op, a.typed(Int32.self), sa, b.typed(Int32.self), sb, out.typed(Bool.self), shape, range)
        case .int64: compareTyped(op, a.typed(Int64.self), sa, b.typed(Int64.self), sb, out.typed(Bool.self), shape, range)
        case .bool:
            let x = a.typed(UInt8.self), y = b.typed(UInt8.self)
            let sc = zeros(shape.count), z = out.typed(Bool.self)
            walk(shape: shape, sa, sb, sc, range: range) { o, ia, ib, _, n, da, db, _ in
                for j in 0..<n { z[o + j] = compareValues(op, x[ia + j * da], y[ib + j * db]) }
            }
        }
    }

    @inlinable static func compareValues<T: Comparable>(_ op: ComparisonOp, _ p: T, _ q: T) -> Bool {
        switch op {
        case .equal: p == q
        case .notEqual: p != q
        case .less: p < q
        case .lessEqual: p <= q
        case .greater: p > q
        case .greaterEqual: p >= q
        }
    }

    @inlinable static func compareTyped<T: NumericTensorScalar>(_ op: ComparisonOp, _ a: UnsafePointer<T>, _ sa: [Int], _ b: UnsafePointer<T>,
        _ sb: [Int], _ out: UnsafeMutablePointer<Bool>, _ shape: [Int], _ range: Range<Int>) {
        let sc = zeros(shape.count)
        walk(shape: shape, sa, sb, sc, range: range) { o, ia, ib, _, n, da, db, _ in
            for j in 0..<n { out[o + j] = compareValues(op, a[ia + j * da], b[ib + j * db]) }
        }
    }

    /// `out[i] = cond[…] ? a[…] : b[…]`.
    public static func select(dtype: DType, cond: UnsafeRawPointer, sc: [Int], a: UnsafeRawPointer, sa: [Int], b: UnsafeRawPointer, sb: [Int],
                              out: UnsafeMutableRawPointer, shape: [Int], range: Range<Int>) {
        let c = cond.typed(Bool.self)
        func run<T>(_: T.Type) {
            let x = a.typed(T.self), y = b.typed(T.self), z = out.typed(T.self)
            walk(shape: shape, sc, sa, sb, range: range) { o, ic, ia, ib, n, dc, da, db in
                for j in 0..<n { z[o + j] = c[ic + j * dc] ? x[ia + j * da] : y[ib + j * db] }
            }
        }
        switch dtype.byteSize {
        case 1: run(UInt8.self)
        case 4: run(UInt32.self)
        default: run(UInt64.self)
        }
    }
}
