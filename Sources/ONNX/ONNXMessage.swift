import ProtoWire

/// A message of onnx.proto that est encodes to and decodes from protobuf's binary wire format.
///
/// Fields are written in field-number order, as protobuf's own serializers do, so a model est writes has
/// the bytes the `onnx` Python package would write for the same message. Unknown fields are skipped on reading.
public protocol ONNXMessage: Sendable {
    /// Appends this message's fields to `writer`.
    func encode(to writer: inout ProtoWriter)
    /// Decodes a message from its bytes (without a length prefix).
    init(decoding bytes: ArraySlice<UInt8>) throws
}

extension ONNXMessage {
    /// The message in protobuf's binary wire format.
    public func serializedBytes() -> [UInt8] {
        var w = ProtoWriter()
        encode(to: &w)
        return w.bytes
    }

    /// Decodes a message from its binary wire format; throws `ONNXError` naming the message and field that failed.
    public init(serializedBytes bytes: [UInt8]) throws {
        try self.init(decoding: bytes[...])
    }
}

/// Decodes every field of one message with `body`, and names the message and field in any error it throws.
func decodeFields(_ bytes: ArraySlice<UInt8>, _ message: String, _ body: (Int, ProtoValue) throws -> Void) throws {
    var r = ProtoReader(bytes)
    var field = 0
    do {
        while r.i < bytes.endIndex {
            let start = r.i
            field = Int(try r.varint() >> 3)  // named in the error even when the value is what fails
            r.i = start
            guard let (f, v) = try r.next() else { break }
            try body(f, v)
        }
    } catch let e as ONNXError {
        throw ONNXError(reason: "\(message).\(field) > \(e.reason)", hint: e.hint)
    } catch {
        throw ONNXError(reason: "\(message) field \(field): \(error)",
                        hint: "the bytes are not a valid \(message); is the file an ONNX model, complete and not external-data only?")
    }
}

extension ProtoWriter {
    /// Writes `s` unless it is empty (proto2's optional string, left out when unset).
    mutating func optionalString(_ field: Int, _ s: String) { if !s.isEmpty { string(field, s) } }
    /// Writes an embedded ONNX message.
    mutating func message(_ field: Int, _ m: some ONNXMessage) {
        var inner = ProtoWriter()
        m.encode(to: &inner)
        message(field, inner)
    }
}
