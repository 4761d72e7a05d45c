extension TOMLParser {
    mutating func value() throws(TOMLError) -> TOMLValue {
        guard let c = peek() else { throw fail("expected a value") }
        switch c {
        case "\"":
            if peek(1) == "\"", peek(2) == "\"" { return .string(try multilineString(literal: false)) }
            return .string(try basicString())
        case "'":
            if peek(1) == "'", peek(2) == "'" { return .string(try multilineString(literal: true)) }
            return .string(try literalString())
        case "[": return try array()
        case "{": return try inlineTable()
        case "\n", "\r", "#": throw fail("expected a value after '='")
        default: return try scalar()
        }
    }

    mutating func array() throws(TOMLError) -> TOMLValue {
        i += 1
        var items: [TOMLValue] = []
        while true {
            try skipBlank()
            guard !atEnd else { throw fail("unterminated array: expected ']'") }
            if peek() == "]" { i += 1; return .array(items) }
            items.append(try value())
            try skipBlank()
            if peek() == "," { i += 1; continue }
            guard !atEnd else { throw fail("unterminated array: expected ']'") }
            guard peek() == "]" else { throw fail("expected ',' or ']' in the array") }
        }
    }

    /// `{ a = 1, b.c = 2 }`: one line, no trailing comma, no key twice (TOML 1.0).
    mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        i += 1
        var t = TOMLTable()
        t.line = line
        skipSpaces()
        if peek() == "}" { i += 1; return .table(t) }
        while true {
            skipSpaces()
            let (keyLine, keyColumn) = (line, i - lineStart + 1)
            let path = try dottedKey()
            skipSpaces()
            guard peek() == "=" else { throw fail("expected '=' in the inline table") }
            i += 1
            skipSpaces()
            let v = try value()
            do { try insert(v, at: path[...], into: &t, line: keyLine) } catch {
                throw TOMLError(file: file, line: keyLine, column: keyColumn, problem: error.problem)
            }
            skipSpaces()
            if peek() == "}" { i += 1; return .table(t) }
            guard peek() == "," else {
                throw fail(peek() == "\n" || peek() == "\r" ? "an inline table must be on one line" : "expected ',' or '}' in the inline table")
            }
            i += 1
            skipSpaces()
            if peek() == "}" { throw fail("no trailing comma in an inline table") }
        }
    }

    func insert(_ v: TOMLValue, at path: ArraySlice<String>, into t: inout TOMLTable, line: Int) throws(TOMLError) {
        let key = path.first!
        if path.count == 1 {
            if t[key] != nil { throw fail("the key '\(key)' appears twice in the inline table") }
            t.set(key, v, line: line)
            return
        }
        var inner = TOMLTable()
        if let existing = t[key] {
            guard case let .table(e) = existing else { throw fail("'\(key)' already has a value in the inline table") }
            inner = e
        }
        try insert(v, at: path.dropFirst(), into: &inner, line: line)
        t.set(key, .table(inner), line: line)
    }

    mutating func basicString() throws(TOMLError) -> String {
        i += 1
        var s = String.UnicodeScalarView()
        while let c = peek(), c != "\"" {
            if c == "\n" || c == "\r" { throw fail("unterminated string (a basic string ends on its line; use \"\"\" for several lines)") }
            if c == "\\" { s.append(try escape()); continue }
            if isControl(c) && c != "\t" { throw fail("control character U+\(hex(c)) in a string: write it as an escape") }
            s.append(c)
            i += 1
        }
        guard !atEnd else { throw fail("unterminated string") }
        i += 1
        return String(s)
    }

    mutating func literalString() throws(TOMLError) -> String {
        i += 1
        let start = i
        while let c = peek(), c != "'" {
            if c == "\n" || c == "\r" { throw fail("unterminated literal string") }
            if isControl(c) && c != "\t" { throw fail("control character U+\(hex(c)) in a string") }
            i += 1
        }
        guard !atEnd else { throw fail("unterminated literal string") }
        defer { i += 1 }
        return String(String.UnicodeScalarView(chars[start..<i]))
    }

    /// `"""…"""` (escapes, a backslash at a line end trims the break) or `'''…'''` (raw).
    mutating func multilineString(literal: Bool) throws(TOMLError) -> String {
        let quote: Unicode.Scalar = literal ? "'" : "\""
        i += 3
        _ = newline() // a newline right after the opening quotes is not part of the string
        var s = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw fail("unterminated multi-line string") }
            if c == quote, peek(1) == quote, peek(2) == quote {
                // Up to two more quotes belong to the string: """a"""" is `a"`.
                var extra = 0
                while extra < 2, peek(3 + extra) == quote { extra += 1 }
                for _ in 0..<extra { s.append(quote) }
                i += 3 + extra
                return String(s)
            }
            if newline() { s.append("\n"); continue }
            if !literal, c == "\\" {
                // A line-ending backslash: skip the break and the blanks after it.
                var j = i + 1
                while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
                if j < chars.count, chars[j] == "\n" || (chars[j] == "\r" && j + 1 < chars.count && chars[j + 1] == "\n") {
                    i = j
                    while newline() || peek() == " " || peek() == "\t" { if peek() == " " || peek() == "\t" { i += 1 } }
                    continue
                }
                s.append(try escape())
                continue
            }
            if isControl(c) && c != "\t" { throw fail("control character U+\(hex(c)) in a string") }
            s.append(c)
            i += 1
        }
    }

    mutating func escape() throws(TOMLError) -> Unicode.Scalar {
        i += 1
        guard let e = peek() else { throw fail("unterminated string") }
        i += 1
        switch e {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "e": return "\u{1B}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let n = e == "u" ? 4 : 8
            let digits = String(String.UnicodeScalarView(chars[i..<min(chars.count, i + n)]))
            guard digits.count == n, let v = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(v) else {
                i -= 2
                throw fail("'\\\(e)' needs \(n) hex digits of a Unicode scalar value")
            }
            i += n
            return scalar
        default:
            i -= 2
            throw fail("unknown escape '\\\(String(e))' (valid: \\b \\t \\n \\f \\r \\e \\\" \\\\ \\uXXXX \\UXXXXXXXX)")
        }
    }

    /// Booleans, integers and floats; dates and bare words are errors that say what to write.
    mutating func scalar() throws(TOMLError) -> TOMLValue {
        let start = i
        let column = i - lineStart + 1
        while let c = peek(), !" \t\r\n,]}#".unicodeScalars.contains(c) { i += 1 }
        let word = String(String.UnicodeScalarView(chars[start..<i]))
        func bad(_ problem: String) -> TOMLError { TOMLError(file: file, line: line, column: column, problem: problem) }
        if word.isEmpty { throw bad("expected a value") }
        if word == "true" { return .bool(true) }
        if word == "false" { return .bool(false) }
        if let v = TOMLNumber.parse(word) { return v }
        if TOMLNumber.looksLikeDate(word) {
            throw bad("'\(word)': dates and times are not supported in workspaces (no key takes one); quote it to make it a string")
        }
        if let first = word.unicodeScalars.first, "+-0123456789.".unicodeScalars.contains(first) || word.hasSuffix("inf") || word.hasSuffix("nan") {
            throw bad("'\(word)' is not a valid TOML number (underscores only between digits; no leading zeros; 0x, 0o, 0b for other bases)")
        }
        throw bad("'\(word)' is not a TOML value (strings need quotes; booleans are true and false)")
    }
}
