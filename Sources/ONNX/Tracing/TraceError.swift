/// An est op that the tracer cannot express in ONNX: which op, where it was recorded, and what to do.
public struct TraceError: Error, Sendable, CustomStringConvertible {
    /// The backend op, e.g. `embeddingBagSum` or `write`.
    public let op: String
    /// The scope stack when the op ran, joined with `/` (`""` at the top level).
    public let scope: String
    /// The number of ONNX nodes traced before the op (its position in the trace).
    public let node: Int
    /// Why it has no mapping.
    public let reason: String

    /// An error for `op` recorded in `scope` after `node` nodes.
    public init(op: String, scope: String, node: Int, reason: String) {
        self.op = op
        self.scope = scope
        self.node = node
        self.reason = reason
    }

    public var description: String {
        let place = scope.isEmpty ? "at the top level" : "in scope '\(scope)'"
        return "error: cannot export op '\(op)' recorded \(place) (trace node \(node)): \(reason)\n"
            + "hint: compute it outside the traced function, or add an ONNX mapping in Sources/ONNX/Tracing"
    }
}
