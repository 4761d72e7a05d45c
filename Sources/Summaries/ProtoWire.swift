/// A small protobuf wire-format writer and reader, enough for TensorBoard's `Event` messages.
///
/// est writes its own codec instead of depending on swift-protobuf: the messages are a
/// handful of fields, and the dependency would cost CI minutes (see `docs/dependencies.md`).
struct ProtoWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
    mutating func key(_ field: Int, _ wire: Int) { varint(UInt64(field << 3 | wire)) }
    mutating func double(_ field: Int, _ v: Double) {
        key(field, 1)
        withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func float(_ field: Int, _ v: Float) {
        key(field, 5)
        withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func int64(_ field: Int, _ v: Int64) { key(field, 0); varint(UInt64(bitPattern: v)) }
    mutating func bytes(_ field: Int, _ b: [UInt8]) { key(field, 2); varint(UInt64(b.count)); bytes.append(contentsOf: b) }
    mutating func string(_ field: Int, _ s: String) { self.bytes(field, Array(s.utf8)) }
    mutating func message(_ field: Int, _ m: ProtoWriter) { self.bytes(field, m.bytes) }
    mutating func packedDoubles(_ field: Int, _ v: [Double]) {
        var inner: [UInt8] = []
        for d in v { withUnsafeBytes(of: d.bitPattern.littleEndian) { inner.append(contentsOf: $0) } }
        self.bytes(field, inner)
    }
}

/// One field of a decoded message.
enum ProtoValue {
    case varint(UInt64)
    case fixed64(UInt64)
    case fixed32(UInt32)
    case bytes(ArraySlice<UInt8>)
}

struct ProtoError: Error { let reason: String }

/// Reads fields in order; unknown fields are returned too and may be ignored.
struct ProtoReader {
    let data: ArraySlice<UInt8>
    var i: Int

    init(_ data: ArraySlice<UInt8>) { self.data = data; i = data.startIndex }

    mutating func varint() throws -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard i < data.endIndex, shift < 64 else { throw ProtoError(reason: "truncated varint") }
            let b = data[i]
            i += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    /// The next (field number, value), or nil at the end.
    mutating func next() throws -> (Int, ProtoValue)? {
        guard i < data.endIndex else { return nil }
        let k = try varint()
        let field = Int(k >> 3)
        switch k & 7 {
        case 0: return (field, .varint(try varint()))
        case 1:
            guard i + 8 <= data.endIndex else { throw ProtoError(reason: "truncated fixed64") }
            var v: UInt64 = 0
            for j in 0..<8 { v |= UInt64(data[i + j]) << (8 * UInt64(j)) }
            i += 8
            return (field, .fixed64(v))
        case 5:
            guard i + 4 <= data.endIndex else { throw ProtoError(reason: "truncated fixed32") }
            var v: UInt32 = 0
            for j in 0..<4 { v |= UInt32(data[i + j]) << (8 * UInt32(j)) }
            i += 4
            return (field, .fixed32(v))
        case 2:
            let raw = try varint()
            guard let n = Int(exactly: raw), n <= data.endIndex - i else { throw ProtoError(reason: "length \(raw) runs past the message") }
            defer { i += n }
            return (field, .bytes(data[i..<i + n]))
        default: throw ProtoError(reason: "unsupported wire type \(k & 7)")
        }
    }
}
