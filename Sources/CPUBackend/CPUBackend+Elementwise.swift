import Tensors

extension CPUBackend {
    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        checkOwned(x)
        let t = make(x.shape, x.dtype)
        let (src, dst) = (UnsafeRawPointer(x.hostPointer), t.hostPointer)
        // Transcendental ops cost ~10-20 ns per element: split them sooner.
        let cheap: Bool = switch op { case .negate, .abs, .square, .relu: true; default: false }
        parallelFor(x.count, threads: threads, grain: cheap ? 65_536 : 8_192) {
            HostKernels.unary(op, dtype: x.dtype, x: src, out: dst, range: $0)
        }
        return t
    }

    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        checkOwned(a); checkOwned(b)
        let t = make(shape, a.dtype)
        let n = shape.count
        let (pa, pb, out) = (UnsafeRawPointer(a.hostPointer), UnsafeRawPointer(b.hostPointer), t.hostPointer)
        if a.dtype == .float32, let layout = FastLayout(a.shape, b.shape, shape) {
            let x = pa.assumingMemoryBound(to: Float.self), y = pb.assumingMemoryBound(to: Float.self)
            let z = out.assumingMemoryBound(to: Float.self)
            switch op {
            case .add: runFast(layout, x, y, z, n) { $0 + $1 }
            case .subtract: runFast(layout, x, y, z, n) { $0 - $1 }
            case .multiply: runFast(layout, x, y, z, n) { $0 * $1 }
            case .divide: runFast(layout, x, y, z, n) { $0 / $1 }
            case .maximum: runFast(layout, x, y, z, n) { $0 >= $1 ? $0 : $1 }
            case .minimum: runFast(layout, x, y, z, n) { $0 <= $1 ? $0 : $1 }
            default: generic(op, a, b, shape, pa, pb, out)
            }
            return t
        }
        generic(op, a, b, shape, pa, pb, out)
        return t
    }

    private func generic(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ shape: Shape, _ pa: UnsafeRawPointer, _ pb: UnsafeRawPointer,
        _ out: UnsafeMutableRawPointer) {
        let sa = a.shape.broadcastStrides(to: shape), sb = b.shape.broadcastStrides(to: shape)
        parallelFor(shape.count, threads: threads) {
            HostKernels.binary(op, dtype: a.dtype, a: pa, sa: sa, b: pb, sb: sb, out: out, shape: shape.dims, range: $0)
        }
    }

    @inline(__always)
    private func runFast(_ layout: FastLayout, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, _ n: Int,
                         _ f: (Float, Float) -> Float) {
        switch layout {
        case .same:
            parallelFor(n, threads: threads) { r in for i in r { z[i] = f(x[i], y[i]) } }
        case .scalarB:
            let s = y[0]
            parallelFor(n, threads: threads) { r in for i in r { z[i] = f(x[i], s) } }
        case .scalarA:
            let s = x[0]
            parallelFor(n, threads: threads) { r in for i in r { z[i] = f(s, y[i]) } }
        case let .rowB(cols):
            parallelFor(n / cols, threads: threads, grain: Swift.max(1, 32_768 / cols)) { rows in
                for r in rows {
                    let xr = x + r * cols, zr = z + r * cols
                    for j in 0..<cols { zr[j] = f(xr[j], y[j]) }
                }
            }
        case let .rowA(cols):
            parallelFor(n / cols, threads: threads, grain: Swift.max(1, 32_768 / cols)) { rows in
                for r in rows {
                    let yr = y + r * cols, zr = z + r * cols
                    for j in 0..<cols { zr[j] = f(x[j], yr[j]) }
                }
            }
        case let .columnB(cols):
            parallelFor(n / cols, threads: threads, grain: Swift.max(1, 32_768 / cols)) { rows in
                for r in rows {
                    let xr = x + r * cols, zr = z + r * cols, s = y[r]
                    for j in 0..<cols { zr[j] = f(xr[j], s) }
                }
            }
        case let .columnA(cols):
            parallelFor(n / cols, threads: threads, grain: Swift.max(1, 32_768 / cols)) { rows in
                for r in rows {
                    let yr = y + r * cols, zr = z + r * cols, s = x[r]
                    for j in 0..<cols { zr[j] = f(s, yr[j]) }
                }
            }
        }
    }

    public func compare(_ op: ComparisonOp, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        checkOwned(a); checkOwned(b)
        let t = make(shape, .bool)
        if a.dtype == .float32, let layout = FastLayout(a.shape, b.shape, shape), case .scalarB = layout {
            // x ⋚ constant: the relu and threshold masks.
            let x = UnsafePointer(a.hostPointer.assumingMemoryBound(to: Float.self)), s = b.hostPointer.assumingMemoryBound(to: Float.self)[0]
            let z = t.hostPointer.assumingMemoryBound(to: Bool.self)
            parallelFor(shape.count, threads: threads) { r in
                switch op {
                case .greater: for i in r { z[i] = x[i] > s }
                case .less: for i in r { z[i] = x[i] < s }
                case .greaterEqual: for i in r { z[i] = x[i] >= s }
                case .lessEqual: for i in r { z[i] = x[i] <= s }
                case .equal: for i in r { z[i] = x[i] == s }
                case .notEqual: for i in r { z[i] = x[i] != s }
                }
            }
            return t
        }
        let sa = a.shape.broadcastStrides(to: shape), sb = b.shape.broadcastStrides(to: shape)
        let (pa, pb, out) = (UnsafeRawPointer(a.hostPointer), UnsafeRawPointer(b.hostPointer), t.hostPointer)
        parallelFor(shape.count, threads: threads) {
            HostKernels.compare(op, dtype: a.dtype, a: pa, sa: sa, b: pb, sb: sb, out: out, shape: shape.dims, range: $0)
        }
        return t
    }

    public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        checkOwned(condition); checkOwned(a); checkOwned(b)
        let t = make(shape, a.dtype)
        let n = shape.count
        if a.dtype == .float32, condition.count == n, a.count == n || a.count == 1, b.count == n || b.count == 1 {
            // Masks over whole tensors (gradients of relu, maximum, select).
            let c = UnsafePointer(condition.hostPointer.assumingMemoryBound(to: Bool.self))
            let x = UnsafePointer(a.hostPointer.assumingMemoryBound(to: Float.self))
            let y = UnsafePointer(b.hostPointer.assumingMemoryBound(to: Float.self))
            let z = t.hostPointer.assumingMemoryBound(to: Float.self)
            let sa = a.count == n ? 1 : 0, sb = b.count == n ? 1 : 0
            parallelFor(n, threads: threads) { r in for i in r { z[i] = c[i] ? x[i * sa] : y[i * sb] } }
            return t
        }
        let sc = condition.shape.broadcastStrides(to: shape)
        let sa = a.shape.broadcastStrides(to: shape), sb = b.shape.broadcastStrides(to: shape)
        let (pc, pa, pb, out) = (UnsafeRawPointer(condition.hostPointer), UnsafeRawPointer(a.hostPointer), UnsafeRawPointer(b.hostPointer),
            t.hostPointer)
        parallelFor(shape.count, threads: threads) {
            HostKernels.select(dtype: a.dtype, cond: pc, sc: sc, a: pa, sa: sa, b: pb, sb: sb, out: out, shape: shape.dims, range: $0)
        }
        return t
    }
}

/// The broadcast patterns with a dedicated loop.
enum FastLayout {
    case same, scalarA, scalarB
    /// The other operand is one row repeated (a bias add).
    case rowA(Int), rowB(Int)
    /// The other operand is one value per row (`[m, 1]` against `[m, n]`).
    case columnA(Int), columnB(Int)

    init?(_ a: Shape, _ b: Shape, _ out: Shape) {
        let n = out.count
        if a.count == n && b.count == n { self = .same; return }
        if b.count == 1 && a.count == n { self = .scalarB; return }
        if a.count == 1 && b.count == n { self = .scalarA; return }
        guard out.rank >= 1, let cols = out.dims.last, cols > 0 else { return nil }
        let rows = n / cols
        func isRow(_ s: Shape) -> Bool { s.count == cols && s.dims.last == cols }
        func isColumn(_ s: Shape) -> Bool { s.count == rows && s.dims.last == 1 && s.rank == out.rank }
        if a.count == n && isRow(b) { self = .rowB(cols); return }
        if b.count == n && isRow(a) { self = .rowA(cols); return }
        if a.count == n && isColumn(b) { self = .columnB(cols); return }
        if b.count == n && isColumn(a) { self = .columnA(cols); return }
        return nil
    }
}
