import Tensors

/// Building graph parts by hand next to traced ones: what an exporter needs for work the traced code does on the host
/// (feature columns turning raw values into ids and dense blocks, string lookups, heads computed from logits).
extension Trace {
    /// Declares graph input `name` of `dtype` with shape `[batch, width]` without a tensor (string inputs have none).
    ///
    /// `batch` is the number of rows the trace runs on; it becomes the dynamic first dimension.
    public func declareInput(_ name: String, dtype: DataType, width: Int, batch: Int) {
        precondition(!backend.usedNames.contains(name), "Trace.declareInput '\(name)': the name is already a graph value")
        backend.usedNames.insert(name)
        backend.batchSize = backend.batchSize ?? batch
        backend.builder.addInput(name, dtype, shape: TensorShapeProto([.batch, .value(Int64(width))]))
    }

    /// Declares graph output `name` of `dtype` for value `value` (an `Identity`), shape `[batch, width]`.
    public func declareOutput(_ name: String, value: String, dtype: DataType, width: Int) {
        precondition(!backend.usedNames.contains(name), "Trace.declareOutput '\(name)': the name is already a graph value")
        backend.usedNames.insert(name)
        backend.builder.addNode("Identity", inputs: [value], outputs: [name], name: name)
        backend.builder.addOutput(name, dtype, shape: TensorShapeProto([.batch, .value(Int64(width))]))
    }

    /// Appends `opType(inputs)` (in `domain`, `""` for the standard one) under the current scope; returns its output's name.
    @discardableResult
    public func node(_ opType: String, _ inputs: [String], _ attributes: [AttributeProto] = [], domain: String = "") -> String {
        if domain.isEmpty { return backend.node(opType, inputs, attributes) }
        let base = "\(opType)_\(backend.builder.graph.node.count)"
        let out = backend.uniqueName(backend.scope.isEmpty ? base : "\(backend.scope)/\(base)")
        backend.builder.addNode(opType, inputs: inputs, outputs: [out], attributes: attributes, domain: domain, name: out)
        return out
    }

    /// An initializer holding `values` with `dims`, named after `name` (made unique) or the current scope.
    public func constant<T: TensorScalar>(_ values: [T], dims: [Int], name: String? = nil) -> String {
        guard let name else { return backend.constant(values, dims: dims) }
        let n = backend.uniqueName(name)
        backend.builder.addInitializer(n, values: values, dims: dims)
        return n
    }

    /// A string initializer holding `strings` with `dims`, named after the current scope.
    public func constant(strings: [String], dims: [Int]) -> String {
        let n = backend.uniqueName(backend.scope.isEmpty ? "const" : "\(backend.scope)/const")
        backend.builder.addInitializer(TensorProto(name: n, strings: strings, dims: dims))
        return n
    }

    /// An initializer holding `tensor`, named `name` (made unique): how a variable's value enters the graph by hand.
    public func initializer(_ tensor: Tensor, name: String) -> String {
        let n = backend.uniqueName(name)
        backend.builder.addInitializer(n, tensor.to(backend.inner))
        return n
    }

    /// A tensor on ``backend`` standing for graph value `value`, whose real values are `real`: how a part built by
    /// hand hands its result to traced code.
    public func tensor(_ real: Tensor, standingFor value: String) -> Tensor {
        precondition(backend.usedNames.contains(value), "Trace.tensor: '\(value)' is not a graph value")
        return backend.wrap(real.backend is TracingBackend ? backend.unwrap(real) : real.to(backend.inner), name: value)
    }

    /// The graph value a tensor on ``backend`` stands for (its initializer, concatenation or reshape is added when needed).
    public func value(of tensor: Tensor) -> String { backend.value(tensor) }

    /// `tensor`'s real values on the inner backend.
    public func realValues(of tensor: Tensor) -> Tensor { backend.unwrap(tensor) }

    /// Records that `op` has no mapping (the first failure wins; ``builder()`` throws it).
    public func fail(op: String, reason: String) {
        if backend.failure == nil {
            backend.failure = TraceError(op: op, scope: backend.scope, node: backend.builder.graph.node.count, reason: reason)
        }
    }
}

extension Trace {
    /// Runs `body` on the graph being built, for parts written straight into a ``ModelBuilder``; the values its nodes
    /// make become names the trace will not give out again.
    public func withBuilder<R>(_ body: (inout ModelBuilder) throws -> R) rethrows -> R {
        let before = backend.builder.graph.node.count
        defer {
            for node in backend.builder.graph.node[before...] { backend.usedNames.formUnion(node.output) }
            for t in backend.builder.graph.initializer { backend.usedNames.insert(t.name) }
        }
        return try body(&backend.builder)
    }
}
