/// Number parsing on raw CSV bytes, without allocating strings.
///
/// Integers are exact. Floats take the exact fast path (Clinger) for up to 15 significant
/// digits and a power of ten within ±22, which covers every bundled dataset; other inputs
/// fall back to `strtod`, so results always equal the correctly rounded value converted to
/// `Float`.
enum FastNumber {
    static let powers: [Double] = (0...22).map { i in (0..<i).reduce(1.0) { a, _ in a * 10 } }

    /// Parses `[+-]digits` (no spaces).
    @inline(__always)
    static func parseInt(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == 0x2D || p[0] == 0x2B { negative = p[0] == 0x2D; i = 1 }
        guard i < n else { return nil }
        var v: Int64 = 0
        while i < n {
            let d = Int64(p[i]) &- 48
            guard d >= 0 && d <= 9 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(d)
            guard !o1 && !o2 else { return nil }
            v = a
            i += 1
        }
        return negative ? -v : v
    }

    /// Parses a decimal float (`1`, `-0.5`, `1e-3`, `.5`, `inf`, `nan`).
    @inline(__always)
    static func parseDouble(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == 0x2D || p[0] == 0x2B { negative = p[0] == 0x2D; i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0, exponent = 0
        var sawDigit = false
        while i < n, p[i] &- 48 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); if mantissa > 0 { digits += 1 } } else { exponent += 1 }
            sawDigit = true
            i += 1
        }
        if i < n, p[i] == 0x2E {
            i += 1
            while i < n, p[i] &- 48 < 10 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); if mantissa > 0 { digits += 1 }; exponent -= 1 }
                sawDigit = true
                i += 1
            }
        }
        if !sawDigit { return special(p, n) }
        if i < n, p[i] | 0x20 == 0x65 {   // e or E
            i += 1
            var expNegative = false
            if i < n, p[i] == 0x2D || p[i] == 0x2B { expNegative = p[i] == 0x2D; i += 1 }
            var e = 0
            var any = false
            while i < n, p[i] &- 48 < 10 { if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }; any = true; i += 1 }
            guard any else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == n else { return nil }
        if digits <= 15 && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            v = exponent < 0 ? v / powers[-exponent] : v * powers[exponent]
            return negative ? -v : v
        }
        return slow(p, n)
    }

    static func special(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        let s = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self).lowercased()
        switch s {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }

    static func slow(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var buf = [CChar](repeating: 0, count: n + 1)
        for i in 0..<n { buf[i] = CChar(bitPattern: p[i]) }
        return buf.withUnsafeBufferPointer { b -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(b.baseAddress!, &end)
            guard let end, end - UnsafeMutablePointer(mutating: b.baseAddress!) == n else { return nil }
            return v
        }
    }

    /// Parses a plain decimal (`-12.345`) that starts at `start` and ends at a delimiter, a
    /// line break or `end`, in the same pass that finds the end of the field.
    ///
    /// Returns the value and the index of the byte that ended the field, or `nil` for any
    /// other shape (exponents, `nan`, quotes, empty, long mantissas): the caller then scans
    /// the field the general way.
    @inline(__always)
    static func scanDecimal(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ delimiter: UInt8) -> (Double, Int)? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if p[i] == 0x2D { negative = true; i += 1 }
        var mantissa: UInt64 = 0
        let digitsStart = i
        while i < end, p[i] &- 48 < 10 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); i += 1 }
        var intDigits = i - digitsStart
        var fraction = 0
        if i < end, p[i] == 0x2E {
            i += 1
            let f0 = i
            while i < end, p[i] &- 48 < 10 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); i += 1 }
            fraction = i - f0
        }
        intDigits += fraction
        guard intDigits > 0, intDigits <= 15, fraction <= 22 else { return nil }
        if i < end {
            let b = p[i]
            guard b == delimiter || b == 0x0A || (b == 0x0D && (i + 1 == end || p[i + 1] == 0x0A || p[i + 1] == delimiter)) else { return nil }
        }
        var v = Double(mantissa)
        if fraction > 0 { v /= powers[fraction] }
        return (negative ? -v : v, i)
    }

    /// `true`/`false` in any case.
    @inline(__always)
    static func parseBool(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        if n == 4, p[0] | 0x20 == 0x74, p[1] | 0x20 == 0x72, p[2] | 0x20 == 0x75, p[3] | 0x20 == 0x65 { return true }
        if n == 5, p[0] | 0x20 == 0x66, p[1] | 0x20 == 0x61, p[2] | 0x20 == 0x6C, p[3] | 0x20 == 0x73, p[4] | 0x20 == 0x65 { return false }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#endif
