/// Memory owned by one backend: host memory, device memory, or anything else.
///
/// Only the backend that made a buffer may read or write it. Data crosses backends
/// only through ``Backend/upload(_:shape:dtype:)`` and ``Backend/download(_:into:)``.
///
/// A class rather than a protocol so that copy-on-write can ask `isKnownUniquelyReferenced`
/// about a concrete reference (through an existential the answer was always "shared").
open class DeviceBuffer: @unchecked Sendable {
    /// The size of the allocation in bytes.
    open var byteCount: Int { 0 }
    public init() {}
}

/// An elementwise function of one tensor.
public enum UnaryOp: Hashable, Sendable {
    case negate, abs, sign, square, sqrt, rsqrt, reciprocal
    case exp, expm1, log, log1p, sin, cos, erf
    case floor, ceil, round
    case tanh, sigmoid, relu, elu, selu, gelu, softplus
    /// `x` where `x > 0`, else `alpha·x`.
    case leakyRelu(alpha: Double)
    /// Logical negation of a `bool` tensor.
    case logicalNot
}

/// An elementwise function of two broadcast tensors.
public enum BinaryOp: Hashable, Sendable {
    case add, subtract, multiply, divide, pow, maximum, minimum
    /// Logical operations on `bool` tensors.
    case logicalAnd, logicalOr
}

/// An elementwise comparison; the result is a `bool` tensor.
public enum ComparisonOp: Hashable, Sendable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual
}

/// A reduction over one or more axes.
public enum ReductionOp: Hashable, Sendable {
    case sum, product, max, min
}

/// How ``Backend/scatter(_:indices:values:into:)`` combines rows with the target.
public enum ScatterMode: Hashable, Sendable {
    /// `target[indices[i]] += values[i]` (duplicates accumulate).
    case add
    /// `target[indices[i]] = values[i]` (the last duplicate wins).
    case set
}

/// A distribution for ``Backend/random(_:shape:dtype:seed:offset:)``.
public enum RandomDistribution: Hashable, Sendable {
    case uniform(low: Double, high: Double)
    case normal(mean: Double, stddev: Double)
    /// Normal values redrawn until they fall within two standard deviations (TF's rule).
    case truncatedNormal(mean: Double, stddev: Double)
    /// 1 with probability `p`, else 0.
    case bernoulli(p: Double)
}

/// The kernels a compute device provides; everything else in `Tensors` is built from them.
///
/// Every kernel takes tensors that live on this backend (checked with a precondition)
/// and returns a new tensor on this backend, except ``scatter(_:indices:values:into:)``
/// and ``write(_:into:offset:strides:)``, which mutate a target the caller owns uniquely.
/// Kernels never record gradients; the ops in `Tensor+*.swift` do that.
///
/// The ``ReferenceBackend`` defines what every kernel computes; faster backends must
/// agree with it within tolerance (see the conformance suite in `TestSupport`).
public protocol Backend: AnyObject, Sendable {
    /// The registry name: `"reference"`, `"cpu"`, `"cuda:0"`.
    var name: String { get }

    // MARK: Memory
    /// Copies host bytes (row-major, `shape.count × dtype.byteSize` of them) into a new tensor.
    func upload(_ bytes: UnsafeRawBufferPointer, shape: Shape, dtype: DType) -> Tensor
    /// Copies a tensor's elements to host memory (row-major).
    func download(_ x: Tensor, into bytes: UnsafeMutableRawBufferPointer)

    // MARK: Creation
    /// A tensor with every element equal to `value` (converted to `dtype`).
    func fill(_ value: Double, shape: Shape, dtype: DType) -> Tensor
    /// The rank-1 tensor `[0, 1, …, count-1]`.
    func iota(_ count: Int, dtype: DType) -> Tensor
    /// Random numbers from a counter-based Philox4x32-10 stream.
    ///
    /// Element `i` depends only on `seed` and `offset + i`, so results are identical for
    /// every thread count and every backend that follows ``Philox``.
    func random(_ distribution: RandomDistribution, shape: Shape, dtype: DType, seed: UInt64, offset: UInt64) -> Tensor

    // MARK: Elementwise
    func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor
    /// `op(a, b)` broadcast to `shape` (the caller has already computed the broadcast shape).
    func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor
    func compare(_ op: ComparisonOp, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor
    /// `condition ? a : b`, all three broadcast to `shape`.
    func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor
    func cast(_ x: Tensor, to dtype: DType) -> Tensor

    // MARK: Reductions
    /// Reduces `axes` (sorted, unique), keeping them as size-1 dimensions.
    func reduce(_ op: ReductionOp, _ x: Tensor, axes: [Int]) -> Tensor
    /// The `int64` index of the first maximum (or minimum) along `axis`, which is removed.
    func argReduce(_ op: ReductionOp, _ x: Tensor, axis: Int) -> Tensor

    // MARK: Linear algebra
    /// `op(a) · op(b)` for rank-2 tensors, where `op` transposes when asked.
    func matmul(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool) -> Tensor

    // MARK: Data movement
    /// A new contiguous tensor of `shape` whose element at index `i` is
    /// `x.flat[offset + Σ i[d]·strides[d]]` (transpose, slice and broadcast are all this).
    func read(_ x: Tensor, offset: Int, strides: [Int], shape: Shape) -> Tensor
    /// Writes `x` into `target` at `offset` with `strides` (in target elements), in place.
    func write(_ x: Tensor, into target: Tensor, offset: Int, strides: [Int])
    /// Rows of `x` along `axis` picked by integer `indices` (any rank).
    func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor
    /// Combines rows of `values` into rows `indices` of `target` (axis 0), in place.
    func scatter(_ mode: ScatterMode, indices: Tensor, values: Tensor, into target: Tensor)

    // MARK: Embedding bags (defaults in `Backend+EmbeddingBag.swift`)
    /// Per-segment sums of table rows (TF's `embedding_lookup_sparse`): `[segmentCount, width]`
    /// from zero, `out[segments[k]] += table[ids[k]]·weights[k]` for `k = 0, 1, …` in order (no
    /// product without `weights`), then row `r` divided by `divisors[r]` when given.
    func embeddingBagSum(_ table: Tensor, ids: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?, segmentCount: Int) -> Tensor
    /// The table gradient of ``embeddingBagSum(_:ids:segments:weights:divisors:segmentCount:)`` as rows:
    /// `[rowCount, width]` from zero, `out[positions[k]] += gradient[segments[k]] / divisors[segments[k]] · weights[k]`
    /// for `k` in order (`positions[k]`: the row of `ids[k]` among the gradient's rows).
    func embeddingBagSumGradient(_ gradient: Tensor, positions: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?,
                                 rowCount: Int) -> Tensor
}

extension Backend {
    /// Stops with a message that names both backends when `x` does not live here.
    @inlinable public func checkOwned(_ x: Tensor, _ what: StaticString = "operand") {
        precondition(x.backend === self, "\(what) lives on backend '\(x.backend.name)', not '\(name)': copy it with `.to(_:)` first")
    }
}
