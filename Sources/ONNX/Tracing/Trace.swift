import Tensors

/// Records a forward pass as an ONNX graph: declare inputs, run est ops on ``backend``, declare outputs.
///
/// Every op runs for real on the inner backend, so the traced code sees true values and shapes; each op also
/// appends the ONNX node(s) that compute it. Tensors uploaded on ``backend`` that are not inputs (weights,
/// constants) become initializers, named after their variables when ``name(_:)`` was told them.
///
/// ```swift
/// let trace = Trace(graphName: "dnn")
/// let layer = Dense(kernel: trace.variable(trained.kernel), bias: trained.bias.map(trace.variable), activation: .relu)
/// let x = trace.input("x", Tensor(rows, shape: [5, 4]))       // batch dimension dynamic
/// trace.output("logits", trace.scope("dnn/hiddenlayer_0") { layer(x) })
/// try trace.builder().write(to: url)
/// ```
/// An op with no ONNX mapping makes ``builder()`` throw a ``TraceError`` naming the op, its scope and node number.
public final class Trace {
    /// The backend to make the traced tensors and layers on.
    public let backend: TracingBackend

    /// A trace whose values the `inner` backend computes, writing standard-domain nodes for `opset`.
    public init(graphName: String = "est", over inner: any Backend = ReferenceBackend.shared, opset: Int64 = ModelBuilder.defaultOpset) {
        precondition(!(inner is TracingBackend), "Trace: cannot trace over another trace's backend")
        backend = TracingBackend(inner: inner, builder: ModelBuilder(graphName: graphName, opset: opset), opset: opset)
    }

    /// Declares graph input `name` with `example`'s dtype and shape, its first dimension dynamic (`batch`), and
    /// returns `example`'s values on ``backend`` as that input.
    public func input(_ name: String, _ example: Tensor) -> Tensor {
        precondition(example.rank >= 1, "Trace.input '\(name)': needs a batch dimension, got shape \(example.shape)")
        precondition(!backend.usedNames.contains(name), "Trace.input '\(name)': the name is already a graph value")
        let values = example.backend is TracingBackend ? backend.unwrap(example) : example.to(backend.inner)
        backend.usedNames.insert(name)
        backend.batchSize = backend.batchSize ?? example.shape[0]
        let dims = example.shape.dims.dropFirst().map { TensorShapeProto.Dimension.value(Int64($0)) }
        backend.builder.addInput(name, DataType(example.dtype), shape: TensorShapeProto([.batch] + dims))
        return backend.wrap(values, name: name)
    }

    /// Declares graph input `name` holding `rows` (one row per example).
    public func input<T: TensorScalar>(_ name: String, rows: [[T]]) -> Tensor {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "Trace.input '\(name)': rows of different lengths")
        return input(name, Tensor(rows.flatMap { $0 }, shape: [rows.count, width], on: backend.inner))
    }

    /// Declares graph output `name` as `tensor`'s value; its first dimension is symbolic (`batch` when it equals the
    /// traced batch, else `<name>_rows`) once an input is declared.
    public func output(_ name: String, _ tensor: Tensor) {
        precondition(!backend.usedNames.contains(name), "Trace.output '\(name)': the name is already a graph value")
        let v = backend.value(tensor)
        backend.usedNames.insert(name)
        backend.builder.addNode("Identity", inputs: [v], outputs: [name], name: name)
        // The first dimension follows the rows (batch, or batch minus a slice's rows): it is symbolic whenever there are inputs.
        let dims = tensor.shape.dims.enumerated().map { i, d -> TensorShapeProto.Dimension in
            guard i == 0, let batch = backend.batchSize else { return .value(Int64(d)) }
            return d == batch ? .batch : .param("\(name)_rows")
        }
        backend.builder.addOutput(name, DataType(tensor.dtype), shape: TensorShapeProto(dims))
    }

    /// Runs `body` with `name` pushed on the scope stack: node names and ``TraceError``s say where ops were recorded.
    public func scope<R>(_ name: String, _ body: () throws -> R) rethrows -> R {
        backend.scopes.append(name)
        defer { backend.scopes.removeLast() }
        return try body()
    }

    /// Names the initializers of these variables' current values after the variables (`dnn/hiddenlayer_0/kernel`).
    ///
    /// Call it before the values are first read by an op; the variables must live on ``backend``.
    public func name(_ variables: [Variable]) {
        for v in variables { backend.buffer(v.value).suggestedName = v.name }
    }

    /// A copy of `variable` on ``backend`` (same name, trainability and value), whose value becomes the initializer
    /// named after it: how a checkpoint's weights enter a trace without drawing random numbers on it.
    public func variable(_ variable: Variable) -> Variable {
        let copy = Variable(variable.value.to(backend), name: variable.name, trainable: variable.trainable)
        backend.buffer(copy.value).suggestedName = variable.name
        return copy
    }

    /// The number of nodes traced so far.
    public var nodeCount: Int { backend.builder.graph.node.count }

    /// The graph traced so far, or the first ``TraceError`` (an op with no mapping).
    public func builder() throws -> ModelBuilder {
        if let failure = backend.failure { throw failure }
        return backend.builder
    }
}
