/// A TOML value with the line it came from.
public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    var typeName: String {
        switch self {
        case .string: "a string"
        case .int: "an integer"
        case .float: "a float"
        case .bool: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A TOML table: keys in file order, each with its value and line.
public struct TOMLTable: Sendable, Equatable {
    public var entries: [String: TOMLValue] = [:]
    public var lines: [String: Int] = [:]
    public var order: [String] = []
    /// The line of the table's header (0 for the root).
    public var line = 0

    public subscript(key: String) -> TOMLValue? { entries[key] }

    mutating func set(_ key: String, _ value: TOMLValue, line: Int) {
        if entries[key] == nil { order.append(key) }
        entries[key] = value
        lines[key] = line
    }
}

/// A syntax error in a TOML file.
public struct TOMLError: Error, CustomStringConvertible, Sendable {
    public var file: String, line: Int, column: Int, problem: String
    public var description: String { "\(file):\(line):\(column): error: \(problem)\nhelp: see https://toml.io for the syntax; est's workspace keys are in docs/workspaces.md" }
}

/// Parses the TOML that workspaces use: tables, arrays of tables, strings, numbers, booleans,
/// arrays (also across lines), inline tables and comments. Keeps line numbers so every
/// error can point at its line.
///
/// est parses TOML itself rather than through TOMLKit: the errors need the line of every key,
/// and the C++ library behind TOMLKit would add minutes to each CI build (docs/dependencies.md).
public struct TOMLParser {
    let file: String
    let chars: [Character]
    var i = 0
    var line = 1
    var lineStart = 0

    public static func parse(_ text: String, file: String) throws(TOMLError) -> TOMLTable {
        // "\r\n" is one Character in Swift: normalise line ends first.
        var p = TOMLParser(file: file, chars: Array(text.replacingOccurrences(of: "\r\n", with: "\n")))
        return try p.document()
    }

    func fail(_ problem: String) -> TOMLError { TOMLError(file: file, line: line, column: i - lineStart + 1, problem: problem) }

    mutating func skipSpaces() { while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\r" { i += 1 } }
    mutating func skipComment() { if i < chars.count, chars[i] == "#" { while i < chars.count, chars[i] != "\n" { i += 1 } } }
    mutating func newline() { line += 1; i += 1; lineStart = i }
    /// Spaces, comments and newlines (inside arrays).
    mutating func skipBlank() {
        while true {
            skipSpaces(); skipComment()
            if i < chars.count, chars[i] == "\n" { newline() } else { return }
        }
    }

    mutating func document() throws(TOMLError) -> TOMLTable {
        var root = TOMLTable()
        var path: [String] = []
        var arrayTable = false
        var current = TOMLTable()
        func commit(_ root: inout TOMLTable, _ path: [String], _ t: TOMLTable, _ isArray: Bool) {
            guard let name = path.first else { root = t; return }
            if isArray {
                var items: [TOMLValue] = []
                if case let .array(a)? = root[name] { items = a }
                items.append(.table(t))
                root.set(name, .array(items), line: root.lines[name] ?? t.line)
            } else {
                root.set(name, .table(t), line: t.line)
            }
        }
        current = root
        while true {
            skipBlank()
            guard i < chars.count else { break }
            if chars[i] == "[" {
                commit(&root, path, current, arrayTable)
                if path.isEmpty { root = current }
                let isArray = i + 1 < chars.count && chars[i + 1] == "["
                i += isArray ? 2 : 1
                skipSpaces()
                let name = try key()
                skipSpaces()
                guard i < chars.count, chars[i] == "]" else { throw fail("expected ']' after the table name") }
                i += isArray ? 2 : 1
                if !isArray, root[name] != nil { throw fail("table [\(name)] appears twice") }
                if isArray, let existing = root[name], case .table = existing { throw fail("[[\(name)]] after [\(name)]: a name is either a table or an array of tables") }
                if !isArray && path.first == name && arrayTable { throw fail("[\(name)] after [[\(name)]]: a name is either a table or an array of tables") }
                path = [name]
                arrayTable = isArray
                current = TOMLTable()
                current.line = line
                try endOfLine()
                continue
            }
            let k = try key()
            let keyLine = line
            skipSpaces()
            guard i < chars.count, chars[i] == "=" else { throw fail("expected '=' after the key '\(k)'") }
            i += 1
            skipSpaces()
            let v = try value()
            if current[k] != nil { throw fail("the key '\(k)' appears twice") }
            current.set(k, v, line: keyLine)
            try endOfLine()
        }
        commit(&root, path, current, arrayTable)
        if path.isEmpty { root = current }
        return root
    }

    mutating func endOfLine() throws(TOMLError) {
        skipSpaces(); skipComment()
        if i < chars.count {
            guard chars[i] == "\n" else { throw fail("unexpected '\(chars[i])' after the value") }
            newline()
        }
    }

    mutating func key() throws(TOMLError) -> String {
        if i < chars.count, chars[i] == "\"" { return try basicString() }
        let start = i
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "-" || chars[i] == "." { i += 1 }
        guard i > start else { throw fail("expected a key") }
        return String(chars[start..<i])
    }

    mutating func basicString() throws(TOMLError) -> String {
        i += 1
        var s = ""
        while i < chars.count, chars[i] != "\"" {
            if chars[i] == "\n" { throw fail("unterminated string") }
            if chars[i] == "\\" {
                i += 1
                guard i < chars.count else { break }
                switch chars[i] {
                case "n": s.append("\n")
                case "t": s.append("\t")
                case "\"": s.append("\"")
                case "\\": s.append("\\")
                case "r": s.append("\r")
                default: throw fail("unknown escape '\\\(chars[i])'")
                }
            } else {
                s.append(chars[i])
            }
            i += 1
        }
        guard i < chars.count else { throw fail("unterminated string") }
        i += 1
        return s
    }

    mutating func value() throws(TOMLError) -> TOMLValue {
        guard i < chars.count else { throw fail("expected a value") }
        switch chars[i] {
        case "\"": return .string(try basicString())
        case "'":
            i += 1
            let start = i
            while i < chars.count, chars[i] != "'", chars[i] != "\n" { i += 1 }
            guard i < chars.count, chars[i] == "'" else { throw fail("unterminated literal string") }
            defer { i += 1 }
            return .string(String(chars[start..<i]))
        case "[":
            i += 1
            var items: [TOMLValue] = []
            while true {
                skipBlank()
                guard i < chars.count else { throw fail("unterminated array") }
                if chars[i] == "]" { i += 1; return .array(items) }
                items.append(try value())
                skipBlank()
                if i < chars.count, chars[i] == "," { i += 1; continue }
                skipBlank()
                guard i < chars.count, chars[i] == "]" else { throw fail("expected ',' or ']' in the array") }
            }
        case "{":
            i += 1
            var t = TOMLTable()
            t.line = line
            while true {
                skipSpaces()
                if i < chars.count, chars[i] == "}" { i += 1; return .table(t) }
                let k = try key()
                skipSpaces()
                guard i < chars.count, chars[i] == "=" else { throw fail("expected '=' in the inline table") }
                i += 1
                skipSpaces()
                t.set(k, try value(), line: line)
                skipSpaces()
                if i < chars.count, chars[i] == "," { i += 1 }
            }
        default:
            let start = i
            let stops: Set<Character> = [" ", "\t", "\r", "\n", ",", "]", "}", "#"]
            while i < chars.count, !stops.contains(chars[i]) { i += 1 }
            let word = String(chars[start..<i]).replacingOccurrences(of: "_", with: "")
            if word == "true" { return .bool(true) }
            if word == "false" { return .bool(false) }
            if let n = Int64(word) { return .int(n) }
            if let d = Double(word), !word.isEmpty { return .float(d) }
            if word == "inf" || word == "+inf" { return .float(.infinity) }
            if word == "-inf" { return .float(-.infinity) }
            if word == "nan" { return .float(.nan) }
            i = start
            throw fail("'\(word)' is not a TOML value (strings need quotes)")
        }
    }
}
