/// The backend that defines every op: plain, single-threaded Swift loops on host memory.
///
/// It is slow and obvious on purpose. Every other backend is tested against it.
public final class ReferenceBackend: Backend {
    /// The one instance, registered as `"reference"`.
    public static let shared = ReferenceBackend()

    public let name = "reference"

    init() {}

    func make(_ shape: Shape, _ dtype: DType) -> Tensor {
        Tensor(shape: shape, dtype: dtype, storage: HostBuffer(byteCount: shape.count * dtype.byteSize), backend: self)
    }

    public func upload(_ bytes: UnsafeRawBufferPointer, shape: Shape, dtype: DType) -> Tensor {
        precondition(bytes.count == shape.count * dtype.byteSize, "upload: \(bytes.count) bytes for \(shape) of \(dtype)")
        let t = make(shape, dtype)
        if bytes.count > 0 { t.hostPointer.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        return t
    }

    public func download(_ x: Tensor, into bytes: UnsafeMutableRawBufferPointer) {
        checkOwned(x)
        precondition(bytes.count == x.count * x.dtype.byteSize, "download: \(bytes.count) bytes for \(x.shape) of \(x.dtype)")
        if bytes.count > 0 { bytes.baseAddress!.copyMemory(from: x.hostPointer, byteCount: bytes.count) }
    }

    public func fill(_ value: Double, shape: Shape, dtype: DType) -> Tensor {
        let t = make(shape, dtype)
        HostKernels.fill(value, dtype: dtype, out: t.hostPointer, range: 0..<shape.count)
        return t
    }

    public func iota(_ count: Int, dtype: DType) -> Tensor {
        let t = make([count], dtype)
        HostKernels.iota(dtype: dtype, out: t.hostPointer, range: 0..<count)
        return t
    }

    public func random(_ distribution: RandomDistribution, shape: Shape, dtype: DType, seed: UInt64, offset: UInt64) -> Tensor {
        let t = make(shape, dtype)
        HostKernels.random(distribution, dtype: dtype, seed: seed, offset: offset, out: t.hostPointer, range: 0..<shape.count)
        return t
    }

    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        checkOwned(x)
        let t = make(x.shape, x.dtype)
        HostKernels.unary(op, dtype: x.dtype, x: x.hostPointer, out: t.hostPointer, range: 0..<x.count)
        return t
    }

    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        checkOwned(a); checkOwned(b)
        let t = make(shape, a.dtype)
        HostKernels.binary(op, dtype: a.dtype, a: a.hostPointer, sa: a.shape.broadcastStrides(to: shape), b: b.hostPointer,
                           sb: b.shape.broadcastStrides(to: shape), out: t.hostPointer, shape: shape.dims, range: 0..<shape.count)
        return t
    }

    public func compare(_ op: ComparisonOp, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        checkOwned(a); checkOwned(b)
        let t = make(shape, .bool)
        HostKernels.compare(op, dtype: a.dtype, a: a.hostPointer, sa: a.shape.broadcastStrides(to: shape), b: b.hostPointer,
                            sb: b.shape.broadcastStrides(to: shape), out: t.hostPointer, shape: shape.dims, range: 0..<shape.count)
        return t
    }

    public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        checkOwned(condition); checkOwned(a); checkOwned(b)
        let t = make(shape, a.dtype)
        HostKernels.select(dtype: a.dtype, cond: condition.hostPointer, sc: condition.shape.broadcastStrides(to: shape),
                           a: a.hostPointer, sa: a.shape.broadcastStrides(to: shape), b: b.hostPointer, sb: b.shape.broadcastStrides(to: shape),
                           out: t.hostPointer, shape: shape.dims, range: 0..<shape.count)
        return t
    }

    public func cast(_ x: Tensor, to dtype: DType) -> Tensor {
        checkOwned(x)
        let t = make(x.shape, dtype)
        HostKernels.cast(from: x.dtype, x: x.hostPointer, to: dtype, out: t.hostPointer, range: 0..<x.count)
        return t
    }

    public func reduce(_ op: ReductionOp, _ x: Tensor, axes: [Int]) -> Tensor {
        checkOwned(x)
        var dims = x.shape.dims
        for a in axes { dims[a] = 1 }
        let t = make(Shape(dims), x.dtype)
        HostKernels.reduce(op, dtype: x.dtype, x: x.hostPointer, shape: x.shape.dims, axes: axes, out: t.hostPointer)
        return t
    }

    public func argReduce(_ op: ReductionOp, _ x: Tensor, axis: Int) -> Tensor {
        checkOwned(x)
        var dims = x.shape.dims
        let n = dims.remove(at: axis)
        let t = make(Shape(dims), .int64)
        HostKernels.argReduce(op, dtype: x.dtype, x: x.hostPointer, outer: x.shape.dims[..<axis].reduce(1, *), n: n,
                              inner: x.shape.dims[(axis + 1)...].reduce(1, *), out: t.hostPointer.typed(Int64.self))
        return t
    }

    public func matmul(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool) -> Tensor {
        checkOwned(a); checkOwned(b)
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let n = transposeB ? b.shape[0] : b.shape[1]
        let t = make([m, n], a.dtype)
        HostKernels.matmul(dtype: a.dtype, a: a.hostPointer, aRow: transposeA ? 1 : a.shape[1], aCol: transposeA ? a.shape[1] : 1,
                           b: b.hostPointer, bRow: transposeB ? 1 : b.shape[1], bCol: transposeB ? b.shape[1] : 1,
                           out: t.hostPointer, m: m, n: n, k: k, rows: 0..<m)
        return t
    }

    public func read(_ x: Tensor, offset: Int, strides: [Int], shape: Shape) -> Tensor {
        checkOwned(x)
        let t = make(shape, x.dtype)
        HostKernels.read(elementSize: x.dtype.byteSize, x: x.hostPointer, offset: offset, strides: strides, out: t.hostPointer,
                         shape: shape.dims, range: 0..<shape.count)
        return t
    }

    public func write(_ x: Tensor, into target: Tensor, offset: Int, strides: [Int]) {
        checkOwned(x); checkOwned(target)
        HostKernels.write(elementSize: x.dtype.byteSize, x: x.hostPointer, shape: x.shape.dims, target: target.hostPointer, offset: offset,
            strides: strides)
    }

    public func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor {
        checkOwned(x); checkOwned(indices)
        let outShape = Shape(Array(x.shape.dims[..<axis]) + indices.shape.dims + Array(x.shape.dims[(axis + 1)...]))
        let t = make(outShape, x.dtype)
        HostKernels.gather(elementSize: x.dtype.byteSize, x: x.hostPointer, outer: x.shape.dims[..<axis].reduce(1, *), n: x.shape[axis],
                           inner: x.shape.dims[(axis + 1)...].reduce(1, *), indices: indices.hostPointer, indexType: indices.dtype,
                           count: indices.count, out: t.hostPointer)
        return t
    }

    public func scatter(_ mode: ScatterMode, indices: Tensor, values: Tensor, into target: Tensor) {
        checkOwned(indices); checkOwned(values); checkOwned(target)
        HostKernels.scatter(mode, dtype: target.dtype, indices: indices.hostPointer, indexType: indices.dtype, count: indices.count,
                            values: values.hostPointer, inner: target.count / Swift.max(target.shape[0], 1),
                            target: target.hostPointer, rows: target.shape[0])
    }
}

extension ReferenceBackend {
    public func embeddingBagSum(_ table: Tensor, ids: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?, segmentCount: Int) -> Tensor {
        for x in [table, ids, segments] + [weights, divisors].compactMap({ $0 }) { checkOwned(x) }
        let width = checkBag("embeddingBagSum", table, ids: ids, segments: segments, weights: weights, divisors: divisors, segmentCount: segmentCount)
        let t = make([segmentCount, width], table.dtype)
        HostKernels.embeddingBagSum(dtype: table.dtype, table: table.hostPointer, tableRows: table.shape[0], width: width, ids: ids.hostPointer,
                                    idType: ids.dtype, segments: segments.hostPointer, segmentType: segments.dtype, count: ids.count,
                                    weights: weights.map { UnsafeRawPointer($0.hostPointer) },
                                    divisors: divisors.map { UnsafeRawPointer($0.hostPointer) }, out: t.hostPointer, segmentCount: segmentCount)
        return t
    }

    public func embeddingBagSumGradient(_ gradient: Tensor, positions: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?,
                                        rowCount: Int) -> Tensor {
        for x in [gradient, positions, segments] + [weights, divisors].compactMap({ $0 }) { checkOwned(x) }
        let width = checkBag("embeddingBagSumGradient", gradient, ids: positions, segments: segments, weights: weights, divisors: divisors,
                             segmentCount: gradient.shape[0])
        let t = make([rowCount, width], gradient.dtype)
        HostKernels.embeddingBagSumGradient(dtype: gradient.dtype, gradient: gradient.hostPointer, segmentCount: gradient.shape[0], width: width,
                                            positions: positions.hostPointer, positionType: positions.dtype, segments: segments.hostPointer,
                                            segmentType: segments.dtype, count: positions.count,
                                            weights: weights.map { UnsafeRawPointer($0.hostPointer) },
                                            divisors: divisors.map { UnsafeRawPointer($0.hostPointer) }, out: t.hostPointer, rowCount: rowCount)
        return t
    }
}
