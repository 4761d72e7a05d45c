import Foundation

/// A pull reader over the bytes of one JSON document, for decoding requests straight into columns.
///
/// No tree is built: the request decoder asks for the next object key, string or number and writes values
/// where they belong. Errors say where the document went wrong (`malformed JSON at line 1, column 17: …`).
struct JSONReader {
    /// The kinds of value ``peekKind()`` tells apart.
    enum Kind: Equatable { case object, array, string, number, bool, null, end, invalid }

    /// A number as written: an integer when it has no fraction or exponent and fits in Int64.
    enum Number: Equatable {
        case int(Int64)
        case double(Double)

        var double: Double {
            switch self {
            case let .int(v): Double(v)
            case let .double(v): v
            }
        }
    }

    let bytes: UnsafeRawBufferPointer
    var offset = 0
    /// Nesting deeper than this is refused (``skipValue()`` recurses).
    static let maxDepth = 64

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// A 400 error at the current offset, with its line and column.
    func malformed(_ what: String) -> ServingError {
        var line = 1, column = 1
        for i in 0..<min(offset, bytes.count) {
            if bytes[i] == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        let at = offset >= bytes.count ? "at the end (byte \(offset))" : "at line \(line), column \(column)"
        return .badRequest("malformed JSON \(at): \(what)")
    }

    mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// The kind of the next value, after white space.
    mutating func peekKind() -> Kind {
        skipSpace()
        guard offset < bytes.count else { return .end }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .invalid
        }
    }

    /// Consumes `byte` (after white space) when it comes next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(ServingError) {
        guard consume(byte) else { throw malformed("expected \(what)") }
    }

    /// After a member or element: true after a comma, false after `close`.
    mutating func commaOr(_ close: UInt8) throws(ServingError) -> Bool {
        if consume(UInt8(ascii: ",")) { return true }
        if consume(close) { return false }
        throw malformed("expected ',' or '\(Character(Unicode.Scalar(close)))'")
    }

    /// Starts an object: true when it has members (the reader is then at the first key).
    mutating func beginObject() throws(ServingError) -> Bool {
        try expect(UInt8(ascii: "{"), "'{'")
        return !consume(UInt8(ascii: "}"))
    }

    /// Starts an array: true when it has elements.
    mutating func beginArray() throws(ServingError) -> Bool {
        try expect(UInt8(ascii: "["), "'['")
        return !consume(UInt8(ascii: "]"))
    }

    /// A member's key and the colon after it.
    mutating func readKey() throws(ServingError) -> String {
        guard peekKind() == .string else { throw malformed("expected a member name in double quotes") }
        let key = try readString()
        try expect(UInt8(ascii: ":"), "':' after the member name")
        try expectValue()
        return key
    }

    /// Checks that a value starts here (so a type error is never reported for what is a syntax error).
    mutating func expectValue() throws(ServingError) {
        let kind = peekKind()
        if kind == .invalid || kind == .end { throw malformed("expected a value") }
    }

    /// Checks that nothing but white space follows the document.
    mutating func expectEnd() throws(ServingError) {
        skipSpace()
        guard offset == bytes.count else { throw malformed("unexpected text after the JSON value") }
    }

    /// `true`, `false` or `null` (nil).
    mutating func readLiteral() throws(ServingError) -> Bool? {
        skipSpace()
        if matches("true") { offset += 4; return true }
        if matches("false") { offset += 5; return false }
        if matches("null") { offset += 4; return nil }
        throw malformed("expected a value")
    }

    func matches(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard offset + n <= bytes.count else { return false }
        for k in 0..<n where bytes[offset + k] != word.utf8Start[k] { return false }
        return true
    }

    /// Skips one value of any kind.
    mutating func skipValue(depth: Int = 0) throws(ServingError) {
        guard depth < Self.maxDepth else { throw malformed("nested deeper than \(Self.maxDepth) levels") }
        switch peekKind() {
        case .object:
            if try beginObject() {
                repeat { _ = try readKey(); try skipValue(depth: depth + 1) } while try commaOr(UInt8(ascii: "}"))
            }
        case .array:
            if try beginArray() {
                repeat { try skipValue(depth: depth + 1) } while try commaOr(UInt8(ascii: "]"))
            }
        case .string: _ = try readString()
        case .number: _ = try readNumber()
        case .bool, .null: _ = try readLiteral()
        case .end, .invalid: throw malformed("expected a value")
        }
    }
}
