/// A small protobuf wire-format writer: enough for TensorBoard's `Event` messages and ONNX's `ModelProto`.
///
/// est writes its own codec instead of depending on swift-protobuf: the messages are a
/// handful of fields, and the dependency would cost CI minutes (see `docs/dependencies.md`).
/// Each method appends one field (key, then value) to `bytes`; fields are written in the order called.
public struct ProtoWriter: Sendable {
    /// The encoded message so far.
    public var bytes: [UInt8] = []

    /// An empty message.
    public init() {}

    /// Appends a base-128 varint (no key).
    public mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
    /// Appends a field key: `field << 3 | wire` (wire 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    public mutating func key(_ field: Int, _ wire: Int) { varint(UInt64(field << 3 | wire)) }
    /// A `double` field (wire type 1, little-endian).
    public mutating func double(_ field: Int, _ v: Double) {
        key(field, 1)
        withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }
    /// A `float` field (wire type 5, little-endian).
    public mutating func float(_ field: Int, _ v: Float) {
        key(field, 5)
        withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }
    /// An `int64` (or `int32`, `enum`) field: a varint of the two's complement, so negatives take ten bytes as protobuf says.
    public mutating func int64(_ field: Int, _ v: Int64) { key(field, 0); varint(UInt64(bitPattern: v)) }
    /// A `bytes` field (wire type 2).
    public mutating func bytes(_ field: Int, _ b: [UInt8]) { key(field, 2); varint(UInt64(b.count)); bytes.append(contentsOf: b) }
    /// A `string` field: its UTF-8 bytes.
    public mutating func string(_ field: Int, _ s: String) { self.bytes(field, Array(s.utf8)) }
    /// An embedded message field.
    public mutating func message(_ field: Int, _ m: ProtoWriter) { self.bytes(field, m.bytes) }
    /// A packed `repeated double` field (one length-delimited field of little-endian doubles).
    public mutating func packedDoubles(_ field: Int, _ v: [Double]) {
        var inner: [UInt8] = []
        for d in v { withUnsafeBytes(of: d.bitPattern.littleEndian) { inner.append(contentsOf: $0) } }
        self.bytes(field, inner)
    }
    /// A packed `repeated float` field.
    public mutating func packedFloats(_ field: Int, _ v: [Float]) {
        var inner: [UInt8] = []
        for f in v { withUnsafeBytes(of: f.bitPattern.littleEndian) { inner.append(contentsOf: $0) } }
        self.bytes(field, inner)
    }
    /// A packed `repeated int64` (or `int32`) field: one length-delimited field of varints.
    public mutating func packedInt64s(_ field: Int, _ v: [Int64]) {
        var inner = ProtoWriter()
        for x in v { inner.varint(UInt64(bitPattern: x)) }
        self.bytes(field, inner.bytes)
    }
}
