/// One field of a decoded message.
public enum ProtoValue: Sendable {
    case varint(UInt64)
    case fixed64(UInt64)
    case fixed32(UInt32)
    case bytes(ArraySlice<UInt8>)
}

/// A malformed message: what was wrong with the bytes.
public struct ProtoError: Error, Sendable, CustomStringConvertible {
    /// What was wrong, e.g. "truncated varint".
    public let reason: String
    /// Makes an error with its reason.
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Reads fields in order; unknown fields are returned too and may be ignored.
public struct ProtoReader {
    /// The message's bytes.
    public let data: ArraySlice<UInt8>
    /// The index of the next byte to read.
    public var i: Int

    /// A reader at the start of `data`.
    public init(_ data: ArraySlice<UInt8>) { self.data = data; i = data.startIndex }

    /// Reads a base-128 varint (no key).
    public mutating func varint() throws -> UInt64 {
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
    public mutating func next() throws -> (Int, ProtoValue)? {
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
