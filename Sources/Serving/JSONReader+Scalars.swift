import Foundation

extension JSONReader {
    /// A string (the reader is at its opening quote), with escapes decoded.
    mutating func readString() throws(ServingError) -> String {
        try expect(UInt8(ascii: "\""), "'\"'")
        let start = offset
        // Fast path: no escapes.
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
                offset += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw malformed("control character in a string") }
            offset += 1
        }
        var out = Array(bytes[start..<offset])
        while offset < bytes.count {
            let b = bytes[offset]
            offset += 1
            switch b {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"): try readEscape(into: &out)
            case 0..<0x20: offset -= 1; throw malformed("control character in a string")
            default: out.append(b)
            }
        }
        throw malformed("unterminated string")
    }

    private mutating func readEscape(into out: inout [UInt8]) throws(ServingError) {
        guard offset < bytes.count else { throw malformed("unterminated string") }
        let e = bytes[offset]
        offset += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar), matches("\\u") {
                offset += 2
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw malformed("invalid surrogate pair") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let u = Unicode.Scalar(scalar) else { throw malformed("invalid \\u escape") }
            out.append(contentsOf: Array(String(Character(u)).utf8))
        default:
            offset -= 1
            throw malformed("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
        }
    }

    private mutating func readHex4() throws(ServingError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw malformed("unterminated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[offset]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw malformed("invalid \\u escape")
            }
            v = v << 4 | UInt32(d)
            offset += 1
        }
        return v
    }

    /// A number as JSON writes it: exact integers stay integers; decimals parse correctly rounded.
    mutating func readNumber() throws(ServingError) -> Number {
        skipSpace()
        let start = offset
        var negative = false
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { negative = true; offset += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, dropped = 0, exponent = 0
        let intStart = offset
        while offset < bytes.count, let d = digit(bytes[offset]) {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(d); if mantissa > 0 || d > 0 { digits += 1 } } else { dropped += 1 }
            offset += 1
        }
        guard offset > intStart else { throw malformed("expected a number") }
        if offset - intStart > 1, bytes[intStart] == UInt8(ascii: "0") { offset = intStart + 1; throw malformed("leading zero in a number") }
        var integral = true
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            integral = false
            offset += 1
            let fracStart = offset
            while offset < bytes.count, let d = digit(bytes[offset]) {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(d); exponent -= 1; if mantissa > 0 { digits += 1 } }
                offset += 1
            }
            guard offset > fracStart else { throw malformed("expected a digit after '.'") }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            integral = false
            offset += 1
            var expNegative = false
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                expNegative = bytes[offset] == UInt8(ascii: "-")
                offset += 1
            }
            let expStart = offset
            var e = 0
            while offset < bytes.count, let d = digit(bytes[offset]) { if e < 100_000 { e = e * 10 + d }; offset += 1 }
            guard offset > expStart else { throw malformed("expected a digit in the exponent") }
            exponent += expNegative ? -e : e
        }
        exponent += dropped
        if integral, dropped == 0, mantissa <= UInt64(Int64.max) {
            return .int(negative ? -Int64(mantissa) : Int64(mantissa))
        }
        // Exact when the mantissa and the power of ten are both exact doubles (one rounding).
        if mantissa < 1 << 53, (-22...22).contains(exponent) {
            let m = Double(mantissa)
            let v = exponent < 0 ? m / Self.powersOfTen[-exponent] : m * Self.powersOfTen[exponent]
            return .double(negative ? -v : v)
        }
        return .double(slowDouble(start..<offset))
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    private func digit(_ b: UInt8) -> Int? {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? Int(b - UInt8(ascii: "0")) : nil
    }

    private func slowDouble(_ range: Range<Int>) -> Double {
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return strtod(text, nil)
    }
}
