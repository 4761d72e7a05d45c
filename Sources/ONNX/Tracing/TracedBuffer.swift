import Tensors

/// A tracing backend's buffer: the real tensor computed by the inner backend, and the ONNX value it stands for.
///
/// A buffer is either already a graph value (an input or a node's output: ``name`` is set) or a constant made by
/// `upload`/`fill`/`iota`, which becomes an initializer the first time a node reads it (named ``suggestedName``,
/// which ``Trace/name(_:)`` sets to a variable's name). Writes into a filled constant are kept as ``pieces`` and
/// become a `Concat` when the pieces tile it along one axis.
final class TracedBuffer: DeviceBuffer, @unchecked Sendable {
    /// The values, on the inner backend, in the shape the buffer was made with.
    let inner: Tensor
    /// The ONNX value name, once the value is in the graph.
    var name: String?
    /// The name an initializer made from this constant gets.
    var suggestedName: String
    /// Blocks written into this (filled) constant: the written tensor and the block's lower corner.
    var pieces: [(tensor: Tensor, lower: [Int])] = []
    /// The scope of the first write into this constant, for an error when the writes are no concatenation.
    var writeScope = ""
    /// Names of `Reshape`s of this value already in the graph, by target shape.
    var reshapes: [Shape: String] = [:]

    init(_ inner: Tensor, name: String?, suggestedName: String) {
        self.inner = inner
        self.name = name
        self.suggestedName = suggestedName
    }

    override var byteCount: Int { inner.storage.byteCount }
}
