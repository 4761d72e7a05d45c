/// Writes JSON text into a byte array: the answers' encoder, with no dictionaries or per-row objects.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// A string with JSON's escapes.
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                bytes.append(Self.hex[Int(b >> 4)])
                bytes.append(Self.hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A float as its shortest round-trip text; NaN and infinities (not JSON) as `null`.
    mutating func float(_ v: Float) {
        guard v.isFinite else { raw("null"); return }
        var s = v.description
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func int(_ v: Int64) {
        if v >= 0 && v < 10 { bytes.append(UInt8(ascii: "0") + UInt8(v)); return }
        var s = String(v)
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A member name and its colon.
    mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// `{"error": message}`.
    static func error(_ message: String) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"error\":")
        w.string(message)
        w.raw("}")
        return w.bytes
    }
}

extension JSONWriter {
    /// Bytes that are already JSON.
    mutating func append(contentsOf json: some Sequence<UInt8>) { bytes.append(contentsOf: json) }
}
