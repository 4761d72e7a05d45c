import Synchronization

/// One recorded op: its parents and how to turn the output's gradient into theirs.
///
/// Nodes are ordered by creation (`id`); a parent always has a smaller id than its child,
/// so visiting reachable nodes by decreasing id is a valid reverse topological order.
public final class TapeNode: @unchecked Sendable {
    private static let counter = Atomic<Int>(0)

    /// Creation order, unique within the process.
    public let id: Int
    /// The nodes of the op's inputs (`nil` for inputs that need no gradient).
    let parents: [TapeNode?]
    /// Maps the gradient of this node's output to one gradient per parent.
    /// `nil` for a leaf (a watched tensor).
    let backward: ((Tensor) -> [Gradient?])?

    init(parents: [TapeNode?], backward: ((Tensor) -> [Gradient?])?) {
        self.id = Self.counter.wrappingAdd(1, ordering: .relaxed).oldValue
        self.parents = parents
        self.backward = backward
    }

    /// Whether this node is a watched source rather than an op.
    public var isLeaf: Bool { backward == nil }
}

/// Rows of a gradient: `values[i]` belongs to row `indices[i]` of a `denseShape` tensor.
///
/// This is what the gradient of a gather (an embedding lookup) with respect to its table
/// looks like; optimizers update only these rows. Indices may repeat.
public struct IndexedSlices: Sendable {
    /// Row ids, `int32` or `int64`, shape `[k]`.
    public var indices: Tensor
    /// Row values, shape `[k] + denseShape[1...]`.
    public var values: Tensor
    /// The shape of the tensor the rows belong to.
    public var denseShape: Shape

    public init(indices: Tensor, values: Tensor, denseShape: Shape) {
        precondition(indices.rank == 1 && values.rank >= 1 && values.shape[0] == indices.count,
                     "IndexedSlices: indices \(indices.shape) do not match values \(values.shape)")
        self.indices = indices
        self.values = values
        self.denseShape = denseShape
    }

    /// The equivalent dense tensor (rows that repeat are summed).
    public func densified() -> Tensor {
        var t = Tensor.zeros(denseShape, dtype: values.dtype, on: values.backend)
        t.scatter(.add, indices: indices, values: values.reshaped(to: Shape([indices.count] + Array(denseShape.dims.dropFirst()))))
        return t
    }

    /// The same gradient with each row id once, sorted, and repeated rows summed (TF's
    /// `_deduplicate_indexed_slices`); rows of one id are added in their order here.
    public func deduplicated() -> IndexedSlices {
        let ids: [Int64] = indices.dtype == .int64 ? indices.scalars(as: Int64.self) : indices.cast(to: .int64).scalars(as: Int64.self)
        var increasing = true
        for i in ids.indices.dropFirst() where ids[i] <= ids[i - 1] { increasing = false; break }
        if increasing { return self }
        let unique = Array(Set(ids)).sorted()
        var position = [Int64: Int64](minimumCapacity: unique.count)
        for (i, u) in unique.enumerated() { position[u] = Int64(i) }
        let segments = ids.map { position[$0]! }
        var summed = Tensor.zeros(Shape([unique.count] + Array(values.shape.dims.dropFirst())), dtype: values.dtype, on: values.backend)
        if values.dtype == .float32 && values.isOnHost {
            // The scatter-add below, without uploading the segments.
            let width = values.count / Swift.max(ids.count, 1)
            let src = UnsafePointer(values.hostPointer.assumingMemoryBound(to: Float.self))
            summed.withUniqueHostMemory { raw in
                let dst = raw.assumingMemoryBound(to: Float.self)
                for (k, s) in segments.enumerated() {
                    let d = dst + Int(s) * width, v = src + k * width
                    for j in 0..<width { d[j] += v[j] }
                }
            }
        } else {
            summed.scatter(.add, indices: Tensor(segments, on: values.backend), values: values)
        }
        return IndexedSlices(indices: Tensor(unique, on: values.backend), values: summed, denseShape: denseShape)
    }
}

/// A gradient: a dense tensor, or rows of one.
public enum Gradient: Sendable {
    case dense(Tensor)
    case sparse(IndexedSlices)

    /// The gradient as a dense tensor.
    public var denseValue: Tensor {
        switch self {
        case let .dense(t): t
        case let .sparse(s): s.densified()
        }
    }

    /// The sum of two gradients of the same tensor; stays sparse when both are.
    public static func + (a: Gradient, b: Gradient) -> Gradient {
        switch (a, b) {
        case let (.dense(x), .dense(y)): return .dense(x + y)
        case let (.sparse(x), .sparse(y)):
            return .sparse(IndexedSlices(indices: Tensor.concat([x.indices.cast(to: .int64), y.indices.cast(to: .int64)], axis: 0),
                                         values: Tensor.concat([x.values, y.values], axis: 0), denseShape: x.denseShape))
        default: return .dense(a.denseValue + b.denseValue)
        }
    }
}

/// Records ops on watched tensors so their gradients can be computed (reverse mode).
///
/// Tensors become sources with ``watch(_:)``; every op on a tensor that has a tape node
/// records a node whose backward closure *accumulates* into its parents.
/// ``Variable``s read inside ``record(_:)`` are watched automatically.
///
/// ```swift
/// let tape = GradientTape()
/// let x = tape.watch(Tensor([3] as [Float]))
/// let y = (x * x).sum()
/// tape.gradient(of: y, wrt: x)   // [6]
/// ```
public final class GradientTape: @unchecked Sendable {
    /// The tape that ``Variable/read()`` watches into on this task, if any.
    @TaskLocal public static var current: GradientTape?

    var watchedVariables: [ObjectIdentifier: Tensor] = [:]

    public init() {}

    /// The same tensor as a gradient source.
    public func watch(_ x: Tensor) -> Tensor {
        var t = x.detached()
        t.node = TapeNode(parents: [], backward: nil)
        return t
    }

    /// The watched value of `variable`, the same leaf on every read within this tape.
    public func watch(_ variable: Variable) -> Tensor {
        let key = ObjectIdentifier(variable)
        if let t = watchedVariables[key] { return t }
        let t = watch(variable.value)
        watchedVariables[key] = t
        return t
    }

    /// Runs `body` with this tape as ``current`` so variables read inside it are watched.
    public func record<R>(_ body: () throws -> R) rethrows -> R {
        try Self.$current.withValue(self) { try body() }
    }

    /// The gradient of `target` (summed over its elements) with respect to each source.
    ///
    /// A source that `target` does not depend on gets `nil`.
    public func gradients(of target: Tensor, wrt sources: [Tensor]) -> [Gradient?] {
        guard let root = target.node else { return sources.map { _ in nil } }
        // Collect the reachable nodes, then visit them by decreasing creation id.
        var seen = Set<ObjectIdentifier>()
        var stack = [root]
        var order: [TapeNode] = []
        while let n = stack.popLast() {
            guard seen.insert(ObjectIdentifier(n)).inserted else { continue }
            order.append(n)
            for p in n.parents { if let p { stack.append(p) } }
        }
        order.sort { $0.id > $1.id }
        let wanted = Set(sources.compactMap { $0.node.map(ObjectIdentifier.init) })
        var grads: [ObjectIdentifier: Gradient] = [ObjectIdentifier(root): .dense(Tensor.ones(target.shape, dtype: target.dtype, on: target.backend))]
        for n in order {
            guard let backward = n.backward, let g = grads[ObjectIdentifier(n)] else { continue }
            let parentGrads = backward(g.denseValue)
            for (p, pg) in zip(n.parents, parentGrads) {
                guard let p, let pg else { continue }
                let key = ObjectIdentifier(p)
                grads[key] = grads[key].map { $0 + pg } ?? pg
            }
            if !n.isLeaf && !wanted.contains(ObjectIdentifier(n)) { grads[ObjectIdentifier(n)] = nil }
        }
        return sources.map { s in s.node.flatMap { grads[ObjectIdentifier($0)] } }
    }

    /// The dense gradient of `target` with respect to one source (zeros if unrelated).
    public func gradient(of target: Tensor, wrt source: Tensor) -> Tensor {
        gradients(of: target, wrt: [source])[0]?.denseValue ?? Tensor.zeros(source.shape, dtype: source.dtype, on: source.backend)
    }
}

extension Tensor {
    /// Attaches a tape node to an op's output when any input is being recorded.
    ///
    /// `backward` receives the gradient of the output and returns one gradient per input
    /// (or `nil`). It runs without recording, on detached tensors.
    public func recorded(from inputs: [Tensor], _ backward: @escaping (Tensor) -> [Gradient?]) -> Tensor {
        var t = self
        t.node = TapeNode(parents: inputs.map(\.node), backward: backward)
        return t
    }

    /// Whether any of `inputs` is being recorded (so an op must record a node).
    public static func needsGradient(_ inputs: Tensor...) -> Bool {
        for t in inputs where t.node != nil { return true }
        return false
    }
}
