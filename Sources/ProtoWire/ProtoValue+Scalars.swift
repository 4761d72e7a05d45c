/// Typed readings of one field's value, accepting both encodings protobuf allows for repeated scalars.
///
/// A parser must accept a `repeated` scalar field packed (one length-delimited field) or unpacked (one field per
/// element), whatever the `.proto` declares; proto2 files such as onnx.proto leave most of them unpacked.
extension ProtoValue {
    /// The value as a varint-encoded integer (`int64`, `int32`, `enum`, `bool`).
    public func int64() throws -> Int64 {
        guard case .varint(let v) = self else { throw ProtoError(reason: "expected a varint, found \(kind)") }
        return Int64(bitPattern: v)
    }
    /// The value as a `float` (wire type 5).
    public func float() throws -> Float {
        guard case .fixed32(let v) = self else { throw ProtoError(reason: "expected a fixed32 float, found \(kind)") }
        return Float(bitPattern: v)
    }
    /// The value as a `double` (wire type 1).
    public func double() throws -> Double {
        guard case .fixed64(let v) = self else { throw ProtoError(reason: "expected a fixed64 double, found \(kind)") }
        return Double(bitPattern: v)
    }
    /// The value as length-delimited bytes (`bytes`, `string`, an embedded message).
    public func bytes() throws -> ArraySlice<UInt8> {
        guard case .bytes(let b) = self else { throw ProtoError(reason: "expected length-delimited bytes, found \(kind)") }
        return b
    }
    /// The value as a UTF-8 `string`.
    public func string() throws -> String {
        let b = try bytes()
        guard let s = String(validating: b, as: UTF8.self) else { throw ProtoError(reason: "string field is not valid UTF-8") }
        return s
    }
    /// The elements of a `repeated int64`/`int32`/`enum` field: one varint, or a packed run of them.
    public func int64s() throws -> [Int64] {
        if case .bytes(let b) = self {
            var r = ProtoReader(b)
            var out: [Int64] = []
            while r.i < b.endIndex { out.append(Int64(bitPattern: try r.varint())) }
            return out
        }
        return [try int64()]
    }
    /// The elements of a `repeated float` field: one fixed32, or a packed run of them.
    public func floats() throws -> [Float] {
        if case .bytes(let b) = self {
            guard b.count % 4 == 0 else { throw ProtoError(reason: "packed floats of \(b.count) bytes, not a multiple of 4") }
            return stride(from: b.startIndex, to: b.endIndex, by: 4).map { i in
                Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[i + $1]) << (8 * UInt32($1)) })
            }
        }
        return [try float()]
    }
    /// The elements of a `repeated double` field: one fixed64, or a packed run of them.
    public func doubles() throws -> [Double] {
        if case .bytes(let b) = self {
            guard b.count % 8 == 0 else { throw ProtoError(reason: "packed doubles of \(b.count) bytes, not a multiple of 8") }
            return stride(from: b.startIndex, to: b.endIndex, by: 8).map { i in
                Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[i + $1]) << (8 * UInt64($1)) })
            }
        }
        return [try double()]
    }

    private var kind: String {
        switch self {
        case .varint: "a varint"
        case .fixed64: "a fixed64"
        case .fixed32: "a fixed32"
        case .bytes: "length-delimited bytes"
        }
    }
}
