import Synchronization
import Tensors

/// Memory that only ``IsolatedBackend`` can read: a Swift array, never a host pointer.
public final class IsolatedBuffer: DeviceBuffer, @unchecked Sendable {
    var bytes: [UInt8]
    public override var byteCount: Int { bytes.count }
    init(_ bytes: [UInt8]) { self.bytes = bytes; super.init() }
}

/// A test backend that stands in for a device with its own memory.
///
/// Its storage is private (``IsolatedBuffer``), every kernel refuses tensors that are not
/// its own, and it counts the transfers through ``upload(_:shape:dtype:)`` and
/// ``download(_:into:)``. A test that runs ops on it and sees no new transfers proves the
/// op layer never reads memory across backends. Kernels compute by handing copies of
/// their own bytes to the reference kernels, which is not counted as a transfer.
public final class IsolatedBackend: Backend {
    public let name: String
    private let counters = Mutex((uploads: 0, downloads: 0))
    private let reference = ReferenceBackend.shared

    public init(name: String = "isolated") { self.name = name }

    /// Transfers so far.
    public var transfers: (uploads: Int, downloads: Int) { counters.withLock { $0 } }

    private func own(_ x: Tensor) -> IsolatedBuffer {
        precondition(x.backend === self, "isolated backend got a tensor from '\(x.backend.name)'")
        guard let b = x.storage as? IsolatedBuffer else { preconditionFailure("isolated backend got foreign storage \(type(of: x.storage))") }
        return b
    }

    /// The reference-backend twin of one of our tensors (an internal copy).
    private func lower(_ x: Tensor) -> Tensor {
        own(x).bytes.withUnsafeBytes { reference.upload($0, shape: x.shape, dtype: x.dtype) }
    }

    /// Wraps a reference result as one of ours.
    private func raise(_ r: Tensor) -> Tensor {
        var bytes = [UInt8](repeating: 0, count: r.count * r.dtype.byteSize)
        bytes.withUnsafeMutableBytes { reference.download(r, into: $0) }
        return Tensor(shape: r.shape, dtype: r.dtype, storage: IsolatedBuffer(bytes), backend: self)
    }

    public func upload(_ bytes: UnsafeRawBufferPointer, shape: Shape, dtype: DType) -> Tensor {
        counters.withLock { $0.uploads += 1 }
        return Tensor(shape: shape, dtype: dtype, storage: IsolatedBuffer(Array(bytes)), backend: self)
    }

    public func download(_ x: Tensor, into bytes: UnsafeMutableRawBufferPointer) {
        counters.withLock { $0.downloads += 1 }
        let b = own(x)
        b.bytes.withUnsafeBytes { bytes.copyMemory(from: $0) }
    }

    public func fill(_ value: Double, shape: Shape, dtype: DType) -> Tensor { raise(reference.fill(value, shape: shape, dtype: dtype)) }
    public func iota(_ count: Int, dtype: DType) -> Tensor { raise(reference.iota(count, dtype: dtype)) }
    public func random(_ d: RandomDistribution, shape: Shape, dtype: DType, seed: UInt64, offset: UInt64) -> Tensor {
        raise(reference.random(d, shape: shape, dtype: dtype, seed: seed, offset: offset))
    }
    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor { raise(reference.unary(op, lower(x))) }
    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        raise(reference.binary(op, lower(a), lower(b), shape: shape))
    }
    public func compare(_ op: ComparisonOp, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        raise(reference.compare(op, lower(a), lower(b), shape: shape))
    }
    public func select(_ c: Tensor, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        raise(reference.select(lower(c), lower(a), lower(b), shape: shape))
    }
    public func cast(_ x: Tensor, to dtype: DType) -> Tensor { raise(reference.cast(lower(x), to: dtype)) }
    public func reduce(_ op: ReductionOp, _ x: Tensor, axes: [Int]) -> Tensor { raise(reference.reduce(op, lower(x), axes: axes)) }
    public func argReduce(_ op: ReductionOp, _ x: Tensor, axis: Int) -> Tensor { raise(reference.argReduce(op, lower(x), axis: axis)) }
    public func matmul(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool) -> Tensor {
        raise(reference.matmul(lower(a), transposeA: transposeA, lower(b), transposeB: transposeB))
    }
    public func read(_ x: Tensor, offset: Int, strides: [Int], shape: Shape) -> Tensor {
        raise(reference.read(lower(x), offset: offset, strides: strides, shape: shape))
    }
    public func write(_ x: Tensor, into target: Tensor, offset: Int, strides: [Int]) {
        let t = lower(target)
        reference.write(lower(x), into: t, offset: offset, strides: strides)
        let b = own(target)
        b.bytes.withUnsafeMutableBytes { reference.download(t, into: $0) }
    }
    public func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor { raise(reference.gather(lower(x), indices: lower(indices), axis: axis)) }
    public func scatter(_ mode: ScatterMode, indices: Tensor, values: Tensor, into target: Tensor) {
        let t = lower(target)
        reference.scatter(mode, indices: lower(indices), values: lower(values), into: t)
        let b = own(target)
        b.bytes.withUnsafeMutableBytes { reference.download(t, into: $0) }
    }
}
