/// Parses TOML 1.0 as workspaces use it, keeping the line of every key so errors can point at it.
///
/// Supported: tables and arrays of tables (dotted names too), dotted keys, bare, basic and literal
/// keys, basic and literal strings (single- and multi-line, every escape), decimal, hex, octal and
/// binary integers, floats (with `inf` and `nan`), booleans, arrays (across lines, trailing comma)
/// and inline tables. Dates and times are refused with an error saying so: no workspace key takes one.
/// The valid and invalid cases of `Tests/WorkspacesTests/TOMLTests.swift` follow the categories of
/// the public TOML test suite (toml-test).
///
/// est parses TOML itself rather than through TOMLKit: the errors need the line of every key,
/// and the C++ library behind TOMLKit would add minutes to each CI build (docs/dependencies.md).
public struct TOMLParser {
    let file: String
    let chars: [Unicode.Scalar]
    var i = 0
    var line = 1
    var lineStart = 0
    /// Tables by identity (dotted path, `[n]` for an element of an array of tables) and how they came to be.
    var origins: [String: Origin] = [:]

    enum Origin { case header, implicit, dotted, inline, arrayOfTables, staticArray }

    /// Parses `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(TOMLError) -> TOMLTable {
        var p = TOMLParser(file: file, chars: Array(text.unicodeScalars))
        return try p.document()
    }

    func fail(_ problem: String) -> TOMLError { TOMLError(file: file, line: line, column: i - lineStart + 1, problem: problem) }

    var atEnd: Bool { i >= chars.count }
    func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < chars.count ? chars[i + offset] : nil }

    mutating func skipSpaces() { while let c = peek(), c == " " || c == "\t" { i += 1 } }

    mutating func skipComment() throws(TOMLError) {
        guard peek() == "#" else { return }
        while let c = peek(), c != "\n", !(c == "\r" && peek(1) == "\n") {
            if isControl(c) && c != "\t" { throw fail("control character U+\(hex(c)) in a comment") }
            i += 1
        }
    }

    /// Consumes a newline (`\n` or `\r\n`); false if there is none here.
    mutating func newline() -> Bool {
        if peek() == "\r", peek(1) == "\n" { i += 1 }
        guard peek() == "\n" else { return false }
        i += 1
        line += 1
        lineStart = i
        return true
    }

    /// Spaces, comments and newlines (between lines, inside arrays).
    mutating func skipBlank() throws(TOMLError) {
        while true {
            skipSpaces()
            try skipComment()
            if !newline() { return }
        }
    }

    mutating func document() throws(TOMLError) -> TOMLTable {
        var root = TOMLTable()
        var current: [String] = []
        while true {
            try skipBlank()
            guard !atEnd else { return root }
            if peek() == "[" {
                current = try header(&root)
            } else {
                try keyValue(into: &root, at: current)
            }
            skipSpaces()
            try skipComment()
            if !atEnd && !newline() {
                throw fail("unexpected '\(String(peek()!))' after the value: one key = value per line")
            }
        }
    }

    /// `[a.b]` or `[[a.b]]`; returns the path of the table that the following keys go into.
    mutating func header(_ root: inout TOMLTable) throws(TOMLError) -> [String] {
        let headerLine = line
        let isArray = peek(1) == "["
        i += isArray ? 2 : 1
        skipSpaces()
        let path = try dottedKey()
        skipSpaces()
        guard peek() == "]", !isArray || peek(1) == "]" else {
            throw fail(isArray ? "expected ']]' after the table name" : "expected ']' after the table name")
        }
        i += isArray ? 2 : 1
        let name = path.joined(separator: ".")
        var resolved: [String] = []
        try descend(&root, path: path.dropLast(), resolved: &resolved, line: headerLine)
        let last = path.last!
        let id = (resolved + [last]).joined(separator: ".")
        if isArray {
            switch origins[id] {
            case nil, .arrayOfTables?: break
            case .staticArray?: throw fail("[[\(name)]] appends to an array of tables, but '\(name)' is an array value")
            default: throw fail("[[\(name)]] after [\(name)]: a name is either a table or an array of tables")
            }
            origins[id] = .arrayOfTables
            var count = 0
            try update(&root, resolved) { (t: inout TOMLTable) throws(TOMLError) in
                var items: [TOMLValue] = []
                if case let .array(a)? = t[last] { items = a }
                var fresh = TOMLTable()
                fresh.line = headerLine
                items.append(.table(fresh))
                count = items.count
                t.set(last, .array(items), line: t.lines[last] ?? headerLine)
            }
            let element = id + "[\(count - 1)]"
            origins[element] = .header
            return resolved + [last + "[\(count - 1)]"]
        }
        switch origins[id] {
        case nil: break
        case .implicit?: break
        case .header?: throw fail("table [\(name)] appears twice")
        case .arrayOfTables?: throw fail("[\(name)] after [[\(name)]]: a name is either a table or an array of tables")
        case .dotted?: throw fail("table [\(name)] was already defined by dotted keys")
        case .inline?: throw fail("table [\(name)] was already defined as an inline table")
        case .staticArray?: throw fail("'\(name)' is already an array, not a table")
        }
        if origins[id] == nil {
            try update(&root, resolved) { (t: inout TOMLTable) throws(TOMLError) in
                if let existing = t[last], case .table = existing {} else if t[last] != nil {
                    throw fail("'\(name)' already has a value; it cannot also be a table")
                }
                var fresh = TOMLTable()
                fresh.line = headerLine
                t.set(last, .table(fresh), line: headerLine)
            }
        } else {
            try update(&root, resolved + [last]) { (t: inout TOMLTable) throws(TOMLError) in t.line = headerLine }
        }
        origins[id] = .header
        return resolved + [last]
    }

    /// Walks `path` from the root, creating implicit tables; `resolved` gets the identities
    /// (an array of tables resolves to its last element).
    mutating func descend(_ root: inout TOMLTable, path: ArraySlice<String>, resolved: inout [String], line: Int) throws(TOMLError) {
        for key in path {
            let id = (resolved + [key]).joined(separator: ".")
            switch origins[id] {
            case nil:
                try update(&root, resolved) { (t: inout TOMLTable) throws(TOMLError) in
                    guard t[key] == nil else { throw fail("'\(key)' already has a value; it cannot also be a table") }
                    t.set(key, .table(TOMLTable()), line: line)
                }
                origins[id] = .implicit
                resolved.append(key)
            case .arrayOfTables?:
                var n = 0
                try update(&root, resolved) { (t: inout TOMLTable) throws(TOMLError) in if case let .array(a)? = t[key] { n = a.count } }
                resolved.append(key + "[\(n - 1)]")
            case .staticArray?: throw fail("'\(key)' is an array value, not a table")
            case .inline?: throw fail("'\(key)' is an inline table; it cannot be extended")
            default: resolved.append(key)
            }
        }
    }

    /// Runs `body` on the table at `path` (identities from ``descend``).
    func update(_ table: inout TOMLTable, _ path: [String], _ body: (inout TOMLTable) throws(TOMLError) -> Void) throws(TOMLError) {
        guard let first = path.first else { return try body(&table) }
        let rest = Array(path.dropFirst())
        if let open = first.firstIndex(of: "["), first.hasSuffix("]") {
            let key = String(first[..<open])
            let index = Int(first[first.index(after: open)..<first.index(before: first.endIndex)])!
            guard case var .array(items)? = table[key], case var .table(t) = items[index] else { throw fail("internal: no array of tables '\(key)'") }
            try update(&t, rest, body)
            items[index] = .table(t)
            table.set(key, .array(items), line: table.lines[key] ?? 0)
        } else {
            guard case var .table(t)? = table[first] else { throw fail("internal: no table '\(first)'") }
            try update(&t, rest, body)
            table.set(first, .table(t), line: table.lines[first] ?? 0)
        }
    }

    /// `a.b.c = value` into the table at `current`.
    mutating func keyValue(into root: inout TOMLTable, at current: [String]) throws(TOMLError) {
        let keyLine = line
        let keyColumn = i - lineStart + 1
        let path = try dottedKey()
        skipSpaces()
        guard peek() == "=" else { throw fail("expected '=' after the key '\(path.joined(separator: "."))'") }
        i += 1
        skipSpaces()
        let v = try value()
        var resolved = current
        for key in path.dropLast() {
            let id = (resolved + [key]).joined(separator: ".")
            switch origins[id] {
            case nil:
                try update(&root, resolved) { (t: inout TOMLTable) throws(TOMLError) in
                    guard t[key] == nil else {
                        throw TOMLError(file: file, line: keyLine, column: keyColumn, problem: "'\(key)' already has a value")
                    }
                    t.set(key, .table(TOMLTable()), line: keyLine)
                }
                origins[id] = .dotted
            case .dotted?: break
            default:
                let dotted = path.joined(separator: ".")
                throw TOMLError(file: file, line: keyLine, column: keyColumn, problem: "dotted key '\(dotted)' extends '\(key)', defined elsewhere")
            }
            resolved.append(key)
        }
        let last = path.last!
        try update(&root, resolved) { (t: inout TOMLTable) throws(TOMLError) in
            if t[last] != nil { throw TOMLError(file: file, line: keyLine, column: keyColumn, problem: "the key '\(last)' appears twice") }
            t.set(last, v, line: keyLine)
        }
        let id = (resolved + [last]).joined(separator: ".")
        if case .table = v { origins[id] = .inline }
        if case .array = v { origins[id] = .staticArray }
    }

    /// `a`, `"a b"`, `'a'`, and dotted `a . b`.
    mutating func dottedKey() throws(TOMLError) -> [String] {
        var parts = [try simpleKey()]
        while true {
            let save = i
            skipSpaces()
            guard peek() == "." else { i = save; return parts }
            i += 1
            skipSpaces()
            parts.append(try simpleKey())
        }
    }

    mutating func simpleKey() throws(TOMLError) -> String {
        switch peek() {
        case "\""?:
            if peek(1) == "\"", peek(2) == "\"" { throw fail("a key cannot be a multi-line string") }
            return try basicString()
        case "'"?:
            if peek(1) == "'", peek(2) == "'" { throw fail("a key cannot be a multi-line string") }
            return try literalString()
        default:
            let start = i
            while let c = peek(), isBareKeyScalar(c) { i += 1 }
            guard i > start else {
                throw fail(peek().map { "'\(String($0))' cannot start a key (bare keys are A-Z a-z 0-9 _ -)" } ?? "expected a key")
            }
            return String(String.UnicodeScalarView(chars[start..<i]))
        }
    }

    func isBareKeyScalar(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }
    func isControl(_ c: Unicode.Scalar) -> Bool { c.value < 0x20 || c.value == 0x7F }
    func hex(_ c: Unicode.Scalar) -> String {
        let h = String(c.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
