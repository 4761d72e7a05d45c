/// A model file or bytes that est cannot read or write as ONNX: what went wrong, where, and what to do.
public struct ONNXError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; for decoding, the path of message and field numbers that led there, e.g. `ModelProto.7 > GraphProto.1 > …`.
    public let reason: String
    /// What to try.
    public let hint: String
    /// The file concerned, when there is one.
    public var path: String?

    /// An error with its reason and hint.
    public init(reason: String, hint: String, path: String? = nil) {
        self.reason = reason
        self.hint = hint
        self.path = path
    }

    public var description: String {
        (path.map { "\($0): " } ?? "") + "error: \(reason)\nhint: \(hint)"
    }
}
