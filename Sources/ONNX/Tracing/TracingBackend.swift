import Tensors

/// A backend that records every op as ONNX nodes while a real backend computes it.
///
/// Tensors made on it carry ``TracedBuffer``s: the inner backend's result (so shapes, dtypes and values are real)
/// and the name of the ONNX value it stands for. Each kernel call appends the node(s) that compute the same thing
/// from the names its operands carry. Use it through ``Trace``, which declares inputs and outputs.
///
/// Not thread-safe: trace on one thread. An op with no mapping is recorded as a ``TraceError`` (the first one wins)
/// and the trace carries on with the real values, so the caller's code runs to the end; ``Trace/builder()`` throws it.
public final class TracingBackend: Backend, @unchecked Sendable {
    /// `"trace(<inner>)"`.
    public let name: String
    /// The backend that computes the values.
    public let inner: any Backend
    /// The graph so far.
    var builder: ModelBuilder
    /// The standard operator set the nodes are written for.
    let opset: Int64
    /// The scope stack ``Trace/scope(_:_:)`` pushes.
    var scopes: [String] = []
    /// The first op that could not be mapped.
    var failure: TraceError?
    /// Every graph value name given out (inputs, initializers, node outputs).
    var usedNames: Set<String> = []
    /// The number of constants made, for their generated names.
    var constantCount = 0
    /// The batch size of the first declared input (its first dimension becomes dynamic).
    var batchSize: Int?

    init(inner: any Backend, builder: ModelBuilder, opset: Int64) {
        self.inner = inner
        self.builder = builder
        self.opset = opset
        self.name = "trace(\(inner.name))"
    }

    // MARK: Values

    /// The traced buffer of `x`, which must live on this backend.
    func buffer(_ x: Tensor) -> TracedBuffer {
        checkOwned(x)
        guard let b = x.storage as? TracedBuffer else { preconditionFailure("TracingBackend: tensor \(x.shape) has a foreign buffer") }
        return b
    }

    /// `x`'s values on the inner backend, in `x`'s shape.
    func unwrap(_ x: Tensor) -> Tensor {
        let b = buffer(x)
        return b.inner.shape == x.shape ? b.inner : b.inner.reshaped(to: x.shape)
    }

    /// A tensor on this backend for an inner result; `name` is its graph value (nil: a constant not yet in the graph).
    func wrap(_ inner: Tensor, name: String?) -> Tensor {
        constantCount += name == nil ? 1 : 0
        let b = TracedBuffer(inner, name: name, suggestedName: "const_\(constantCount)")
        return Tensor(shape: inner.shape, dtype: inner.dtype, storage: b, backend: self)
    }

    /// The scope stack joined with `/`.
    var scope: String { scopes.joined(separator: "/") }

    /// A graph value name not used yet, based on `base`.
    func uniqueName(_ base: String) -> String {
        var candidate = base
        var n = 1
        while usedNames.contains(candidate) {
            candidate = "\(base)_\(n)"
            n += 1
        }
        usedNames.insert(candidate)
        return candidate
    }

    /// The graph value holding `x` in `x`'s shape, adding its initializer, concatenation or reshape when needed.
    func value(_ x: Tensor) -> String {
        let b = buffer(x)
        let base = b.name ?? materialize(b)
        if b.inner.shape == x.shape { return base }
        if let r = b.reshapes[x.shape] { return r }
        // 0 copies the input's dimension, so a reshape that keeps the batch dimension stays dynamic.
        let dims = x.shape.dims.enumerated().map { i, d in i == 0 && b.inner.rank > 0 && b.inner.shape[0] == d ? 0 : Int64(d) }
        let r = node("Reshape", [base, constant(dims, dims: [dims.count])])
        b.reshapes[x.shape] = r
        return r
    }

    /// Puts a constant buffer into the graph: its pieces' `Concat`, or an initializer.
    func materialize(_ b: TracedBuffer) -> String {
        if !b.pieces.isEmpty {
            let n = concatenation(b)
            b.name = n
            return n
        }
        let n = uniqueName(b.suggestedName)
        builder.addInitializer(n, b.inner)
        b.name = n
        return n
    }

    /// An int64 or float initializer holding `values`, named after the current scope.
    func constant<T: TensorScalar>(_ values: [T], dims: [Int]) -> String {
        let n = uniqueName(scope.isEmpty ? "const" : "\(scope)/const")
        builder.addInitializer(n, values: values, dims: dims)
        return n
    }

    /// A rank-0 constant `value` of `dtype`.
    func scalar(_ value: Double, _ dtype: DType) -> String {
        let n = uniqueName(scope.isEmpty ? "const" : "\(scope)/const")
        builder.addInitializer(n, inner.fill(value, shape: .scalar, dtype: dtype))
        return n
    }

    /// Appends `outputs = opType(inputs)` and returns the output's name (`<scope>/<opType>_<node number>`).
    @discardableResult
    func node(_ opType: String, _ inputs: [String], _ attributes: [AttributeProto] = []) -> String {
        let base = "\(opType)_\(builder.graph.node.count)"
        let out = uniqueName(scope.isEmpty ? base : "\(scope)/\(base)")
        builder.addNode(opType, inputs: inputs, outputs: [out], attributes: attributes, name: out)
        return out
    }

    /// Records that `op` has no mapping (the first failure is kept) and wraps the real result under a placeholder name.
    func unmapped(_ op: String, _ reason: String, result: Tensor, scope recorded: String? = nil) -> Tensor {
        if failure == nil { failure = TraceError(op: op, scope: recorded ?? scope, node: builder.graph.node.count, reason: reason) }
        return wrap(result, name: "<unmapped \(op)>")
    }

    // MARK: Memory and creation

    public func upload(_ bytes: UnsafeRawBufferPointer, shape: Shape, dtype: DType) -> Tensor {
        wrap(inner.upload(bytes, shape: shape, dtype: dtype), name: nil)
    }

    public func download(_ x: Tensor, into bytes: UnsafeMutableRawBufferPointer) {
        inner.download(unwrap(x), into: bytes)
    }

    /// A constant: becomes an initializer when a node reads it (its shape is fixed, batch included).
    public func fill(_ value: Double, shape: Shape, dtype: DType) -> Tensor {
        wrap(inner.fill(value, shape: shape, dtype: dtype), name: nil)
    }

    /// A constant, like ``fill(_:shape:dtype:)``.
    public func iota(_ count: Int, dtype: DType) -> Tensor { wrap(inner.iota(count, dtype: dtype), name: nil) }

    /// Not exported: a served model draws no random numbers.
    public func random(_ distribution: RandomDistribution, shape: Shape, dtype: DType, seed: UInt64, offset: UInt64) -> Tensor {
        unmapped("random", "random numbers have no place in an exported (predict-mode) graph",
                 result: inner.random(distribution, shape: shape, dtype: dtype, seed: seed, offset: offset))
    }
}
