extension HostKernels {
    /// Reduces `x` (of `shape`) over `axes` into `out`, whose shape keeps those axes as 1.
    ///
    /// Sums of `float32` accumulate in `Double` per output element so the result does not
    /// depend on how the input is split.
    public static func reduce(_ op: ReductionOp, dtype: DType, x: UnsafeRawPointer, shape: [Int], axes: [Int], out: UnsafeMutableRawPointer) {
        var outShape = shape
        for a in axes { outShape[a] = 1 }
        let os = Shape(outShape).broadcastStrides(to: Shape(shape))
        switch dtype {
        case .float32: reduceTyped(op, x.typed(Float.self), shape, os, out.typed(Float.self), Shape(outShape).count)
        case .float64: reduceTyped(op, x.typed(Double.self), shape, os, out.typed(Double.self), Shape(outShape).count)
        case .int32: reduceInteger(op, x.typed(Int32.self), shape, os, out.typed(Int32.self), Shape(outShape).count)
        case .int64: reduceInteger(op, x.typed(Int64.self), shape, os, out.typed(Int64.self), Shape(outShape).count)
        case .bool: preconditionFailure("reduce \(op) is not defined for bool tensors: cast first")
        }
    }

    @inlinable static func reduceTyped<T: NumericTensorScalar>(_ op: ReductionOp, _ x: UnsafePointer<T>, _ shape: [Int], _ os: [Int],
                                                             _ out: UnsafeMutablePointer<T>, _ outCount: Int) {
        let n = Shape(shape).count
        let contiguous = Shape(shape).strides
        let z = zeros(shape.count)
        switch op {
        case .sum:
            // Accumulate in Double for floating point types (deterministic, accurate).
            var acc = [Double](repeating: 0, count: outCount)
            if T.self == Int64.self || T.self == Int32.self {
                var iacc = [Int64](repeating: 0, count: outCount)
                walk(shape: shape, contiguous, os, z, range: 0..<n) { _, ia, ib, _, len, da, db, _ in
                    for j in 0..<len { iacc[ib + j * db] &+= Int64(x[ia + j * da].doubleValue) }
                }
                for i in 0..<outCount { out[i] = T(fromDouble: Double(iacc[i])) }
                return
            }
            walk(shape: shape, contiguous, os, z, range: 0..<n) { _, ia, ib, _, len, da, db, _ in
                for j in 0..<len { acc[ib + j * db] += x[ia + j * da].doubleValue }
            }
            for i in 0..<outCount { out[i] = T(fromDouble: acc[i]) }
        case .product:
            var acc = [Double](repeating: 1, count: outCount)
            walk(shape: shape, contiguous, os, z, range: 0..<n) { _, ia, ib, _, len, da, db, _ in
                for j in 0..<len { acc[ib + j * db] *= x[ia + j * da].doubleValue }
            }
            for i in 0..<outCount { out[i] = T(fromDouble: acc[i]) }
        case .max, .min:
            var seen = [Bool](repeating: false, count: outCount)
            let isMax = op == .max
            walk(shape: shape, contiguous, os, z, range: 0..<n) { _, ia, ib, _, len, da, db, _ in
                for j in 0..<len {
                    let v = x[ia + j * da], k = ib + j * db
                    if !seen[k] { out[k] = v; seen[k] = true } else if isMax ? (v > out[k] || v != v) : (v < out[k] || v != v) { out[k] = v }
                }
            }
        }
    }

    /// Integer reductions in the type itself; sums and products wrap on overflow, as TF's do.
    @inlinable static func reduceInteger<T: NumericTensorScalar & FixedWidthInteger>(_ op: ReductionOp, _ x: UnsafePointer<T>, _ shape: [Int],
        _ os: [Int],
                                                                                   _ out: UnsafeMutablePointer<T>, _ outCount: Int) {
        let n = Shape(shape).count
        let contiguous = Shape(shape).strides
        let z = zeros(shape.count)
        let initial: T = op == .sum ? 0 : op == .product ? 1 : op == .max ? T.min : T.max
        for i in 0..<outCount { out[i] = initial }
        walk(shape: shape, contiguous, os, z, range: 0..<n) { _, ia, ib, _, len, da, db, _ in
            for j in 0..<len {
                let v = x[ia + j * da], k = ib + j * db
                switch op {
                case .sum: out[k] = out[k] &+ v
                case .product: out[k] = out[k] &* v
                case .max: if v > out[k] { out[k] = v }
                case .min: if v < out[k] { out[k] = v }
                }
            }
        }
    }

    /// The index of the first maximum (or minimum) along the middle axis of `[outer, n, inner]`.
    public static func argReduce(_ op: ReductionOp, dtype: DType, x: UnsafeRawPointer, outer: Int, n: Int, inner: Int,
        out: UnsafeMutablePointer<Int64>) {
        func run<T: NumericTensorScalar>(_: T.Type) {
            let p = x.typed(T.self)
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = 0
                    var bv = p[o * n * inner + i]
                    for k in 1..<Swift.max(n, 1) {
                        let v = p[(o * n + k) * inner + i]
                        if op == .max ? v > bv : v < bv { bv = v; best = k }
                    }
                    out[o * inner + i] = Int64(best)
                }
            }
        }
        switch dtype {
        case .float32: run(Float.self)
        case .float64: run(Double.self)
        case .int32: run(Int32.self)
        case .int64: run(Int64.self)
        case .bool: preconditionFailure("argmax/argmin are not defined for bool tensors")
        }
    }
}
