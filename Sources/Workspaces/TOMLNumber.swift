/// TOML's number grammar, checked strictly (Swift's own parsers accept more: `0x10` as a float,
/// `1__0`, leading zeros, `infinity`).
enum TOMLNumber {
    /// An integer or float value, or nil when `word` is not a TOML number (or an integer overflows).
    static func parse(_ word: String) -> TOMLValue? {
        let s = Array(word.unicodeScalars)
        guard !s.isEmpty else { return nil }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where word.hasPrefix(prefix) {
            let body = Array(s.dropFirst(2))
            guard let digits = digitsWithUnderscores(body, radix: radix), let n = Int64(digits, radix: radix) else { return nil }
            return .int(n)
        }
        var rest = s[...]
        var sign = ""
        if let f = rest.first, f == "+" || f == "-" { sign = f == "-" ? "-" : ""; rest = rest.dropFirst() }
        let tail = String(String.UnicodeScalarView(rest))
        if tail == "inf" { return .float(sign == "-" ? -.infinity : .infinity) }
        if tail == "nan" { return .float(.nan) }
        // integer part: 0 or [1-9] digits
        var j = rest.startIndex
        while j < rest.endIndex, isDigit(rest[j]) || rest[j] == "_" { j += 1 }
        let intPart = Array(rest[rest.startIndex..<j])
        guard let intDigits = digitsWithUnderscores(intPart, radix: 10), !(intDigits.count > 1 && intDigits.hasPrefix("0")) else { return nil }
        if j == rest.endIndex {
            return Int64(sign + intDigits).map { .int($0) }
        }
        var text = sign + intDigits
        if rest[j] == "." {
            var k = j + 1
            while k < rest.endIndex, isDigit(rest[k]) || rest[k] == "_" { k += 1 }
            guard let frac = digitsWithUnderscores(Array(rest[(j + 1)..<k]), radix: 10) else { return nil }
            text += "." + frac
            j = k
        }
        if j < rest.endIndex, rest[j] == "e" || rest[j] == "E" {
            var k = j + 1
            var expSign = ""
            if k < rest.endIndex, rest[k] == "+" || rest[k] == "-" { expSign = String(rest[k]); k += 1 }
            let expStart = k
            while k < rest.endIndex, isDigit(rest[k]) || rest[k] == "_" { k += 1 }
            guard let exp = digitsWithUnderscores(Array(rest[expStart..<k]), radix: 10) else { return nil }
            text += "e" + expSign + exp
            j = k
        }
        guard j == rest.endIndex, let d = Double(text) else { return nil }
        return .float(d)
    }

    /// The digits without underscores, if every underscore sits between two digits.
    static func digitsWithUnderscores(_ s: [Unicode.Scalar], radix: Int) -> String? {
        guard let first = s.first, let last = s.last, first != "_", last != "_" else { return nil }
        var out = ""
        var previousUnderscore = false
        for c in s {
            if c == "_" {
                if previousUnderscore { return nil }
                previousUnderscore = true
                continue
            }
            guard Int(String(c), radix: radix) != nil else { return nil }
            previousUnderscore = false
            out.unicodeScalars.append(c)
        }
        return out
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    /// `1979-05-27`, `07:32:00` and their combinations.
    static func looksLikeDate(_ word: String) -> Bool {
        let s = Array(word.unicodeScalars)
        func digits(_ at: Int, _ n: Int) -> Bool { at + n <= s.count && s[at..<(at + n)].allSatisfy(isDigit) }
        return (digits(0, 4) && s.count > 4 && s[4] == "-") || (digits(0, 2) && s.count > 2 && s[2] == ":")
    }
}
