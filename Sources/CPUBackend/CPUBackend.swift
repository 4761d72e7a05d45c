import CBLAS
import Synchronization
import Tensors

/// The fast CPU backend: OpenBLAS GEMM, vectorised and multi-threaded loops, pooled buffers.
///
/// It computes what ``ReferenceBackend`` defines; the conformance suite checks every kernel
/// against it. Loops split across ``threads`` threads above a size threshold, and
/// OpenBLAS is set to the same thread count so the two never oversubscribe the machine
/// (they never run at the same time: each op finishes before the next starts).
///
/// ```swift
/// let cpu = CPUBackend(threads: 2)
/// Backends.register(cpu)
/// Backends.setDefault("cpu")
/// ```
public final class CPUBackend: Backend {
    public let name: String
    /// Worker threads for loops and for OpenBLAS.
    public let threads: Int
    /// Where tensor memory comes from and returns to.
    public let pool: BufferPool
    /// The OpenBLAS thread count last set (see `useBLASThreads(for:)`).
    let blasThreads: Atomic<Int>

    /// Creates a backend using `threads` threads (default: every core).
    public init(threads: Int? = nil, name: String = "cpu", pool: BufferPool = BufferPool()) {
        let n = Swift.max(1, threads ?? ProcessInfoCores.count)
        self.threads = n
        self.name = name
        self.pool = pool
        blasThreads = Atomic(n)
        openblas_set_num_threads(Int32(n))
    }

    /// The OpenBLAS kernel in use (for logs and benchmarks), e.g. `"Cooperlake"`.
    public static var blasCore: String { String(cString: openblas_get_corename()) }

    @inline(__always) func make(_ shape: Shape, _ dtype: DType) -> Tensor {
        Tensor(shape: shape, dtype: dtype, storage: HostBuffer(byteCount: shape.count * dtype.byteSize, allocator: pool), backend: self)
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
        let p = t.hostPointer
        parallelFor(shape.count, threads: threads, grain: 1 << 18) { HostKernels.fill(value, dtype: dtype, out: p, range: $0) }
        return t
    }

    public func iota(_ count: Int, dtype: DType) -> Tensor {
        let t = make([count], dtype)
        HostKernels.iota(dtype: dtype, out: t.hostPointer, range: 0..<count)
        return t
    }

    public func random(_ distribution: RandomDistribution, shape: Shape, dtype: DType, seed: UInt64, offset: UInt64) -> Tensor {
        let t = make(shape, dtype)
        let p = t.hostPointer
        parallelFor(shape.count, threads: threads, grain: 4096) {
            HostKernels.random(distribution, dtype: dtype, seed: seed, offset: offset, out: p, range: $0)
        }
        return t
    }

    public func cast(_ x: Tensor, to dtype: DType) -> Tensor {
        checkOwned(x)
        let t = make(x.shape, dtype)
        let (src, dst) = (UnsafeRawPointer(x.hostPointer), t.hostPointer)
        parallelFor(x.count, threads: threads) { HostKernels.cast(from: x.dtype, x: src, to: dtype, out: dst, range: $0) }
        return t
    }

    public func read(_ x: Tensor, offset: Int, strides: [Int], shape: Shape) -> Tensor {
        checkOwned(x)
        let t = make(shape, x.dtype)
        let (src, dst) = (UnsafeRawPointer(x.hostPointer), t.hostPointer)
        parallelFor(shape.count, threads: threads) {
            HostKernels.read(elementSize: x.dtype.byteSize, x: src, offset: offset, strides: strides, out: dst, shape: shape.dims, range: $0)
        }
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
        let outer = x.shape.dims[..<axis].reduce(1, *), inner = x.shape.dims[(axis + 1)...].reduce(1, *)
        let (src, ids, dst) = (UnsafeRawPointer(x.hostPointer), UnsafeRawPointer(indices.hostPointer), t.hostPointer)
        parallelFor(indices.count, threads: outer == 1 ? threads : 1, grain: Swift.max(1, 16_384 / Swift.max(inner, 1))) {
            HostKernels.gather(elementSize: x.dtype.byteSize, x: src, outer: outer, n: x.shape[axis], inner: inner,
                               indices: ids, indexType: indices.dtype, count: indices.count, out: dst, range: $0)
        }
        return t
    }

    public func scatter(_ mode: ScatterMode, indices: Tensor, values: Tensor, into target: Tensor) {
        checkOwned(indices); checkOwned(values); checkOwned(target)
        HostKernels.scatter(mode, dtype: target.dtype, indices: indices.hostPointer, indexType: indices.dtype, count: indices.count,
                            values: values.hostPointer, inner: target.count / Swift.max(target.shape[0], 1),
                            target: target.hostPointer, rows: target.shape[0])
    }

    public func argReduce(_ op: ReductionOp, _ x: Tensor, axis: Int) -> Tensor {
        checkOwned(x)
        var dims = x.shape.dims
        let n = dims.remove(at: axis)
        let t = make(Shape(dims), .int64)
        HostKernels.argReduce(op, dtype: x.dtype, x: x.hostPointer, outer: x.shape.dims[..<axis].reduce(1, *), n: n,
                              inner: x.shape.dims[(axis + 1)...].reduce(1, *), out: t.hostPointer.assumingMemoryBound(to: Int64.self))
        return t
    }
}

/// The number of online cores.
enum ProcessInfoCores {
    static var count: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
