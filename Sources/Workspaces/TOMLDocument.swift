/// A TOML file kept as its original text, with the position of every key's value, so that values can be
/// replaced without touching the user's comments, blank lines or key order.
///
/// Tables are named by their path (`["estimator"]`); an element of an array of tables by its name and index
/// (`["features[1]"]`), as ``TOMLParser`` names them. A key is addressed by the table's path followed by the
/// key's parts (`["estimator", "hidden_units"]`; a dotted key `a.b = 1` in `[run]` is `["run", "a", "b"]`).
/// Edits are in `TOMLDocument+Edit.swift`, the line diff in `TOMLDiff.swift`.
public struct TOMLDocument: Sendable, Equatable {
    /// One `key = value` line: its table, its key parts and where its text lies (offsets in Unicode scalars).
    public struct Entry: Sendable, Equatable {
        /// The path of the table the key is in (empty for the root).
        public var table: [String]
        /// The key's parts (more than one for a dotted key).
        public var key: [String]
        /// The 1-based line of the key.
        public var line: Int
        /// Where the key's line starts (its indentation included).
        public var lineStart: Int
        /// The value's text: `valueStart..<valueEnd`.
        public var valueStart: Int, valueEnd: Int
        /// Just past the newline that ends the entry (its trailing comment included).
        public var lineEnd: Int
        /// The full address: the table's path, then the key.
        public var path: [String] { table + key }
    }

    /// A table header (or the root, before the first header) and where its keys may go.
    public struct Section: Sendable, Equatable {
        /// The path of the table (empty for the root).
        public var table: [String]
        /// The 1-based line of the header (0 for the root).
        public var line: Int
        /// Just past the header's line: where a first key goes.
        public var bodyStart: Int
        /// Whether the header is `[[name]]`.
        public var isArrayElement: Bool
    }

    /// The file the text came from (named in errors).
    public let file: String
    /// The document's text, exactly as read or as last edited.
    public internal(set) var text: String
    /// The key lines in file order.
    public internal(set) var entries: [Entry] = []
    /// The root and every table header, in file order.
    public internal(set) var sections: [Section] = []
    /// The parsed document.
    public internal(set) var root = TOMLTable()

    /// Parses `text` and records where each value lies; throws the parser's error for invalid TOML.
    public init(text: String, file: String) throws(TOMLError) {
        self.file = file
        self.text = text
        try reindex()
    }

    /// The entry for `path`, if the document has that key.
    public func entry(at path: [String]) -> Entry? { entries.first { $0.path == path } }

    /// The section for the table at `path`, if the document has a header for it (or it is the root).
    public func section(at path: [String]) -> Section? { sections.first { $0.table == path } }

    /// The parsed value at `path` (`"name[i]"` picks an element of an array of tables).
    public func value(at path: [String]) -> TOMLValue? { Self.lookup(path[...], in: .table(root)) }

    static func lookup(_ path: ArraySlice<String>, in value: TOMLValue) -> TOMLValue? {
        guard let first = path.first else { return value }
        guard case let .table(t) = value else { return nil }
        if let v = t[first] { return lookup(path.dropFirst(), in: v) }
        guard let open = first.lastIndex(of: "["), first.hasSuffix("]"),
              let index = Int(first[first.index(after: open)..<first.index(before: first.endIndex)]),
              case let .array(items)? = t[String(first[..<open])], items.indices.contains(index) else { return nil }
        return lookup(path.dropFirst(), in: items[index])
    }

    /// Re-parses `text` and rebuilds ``entries`` and ``sections``.
    mutating func reindex() throws(TOMLError) {
        root = try TOMLParser.parse(text, file: file)
        let chars = Array(text.unicodeScalars)
        var lineStarts = [0]
        for (n, c) in chars.enumerated() where c == "\n" { lineStarts.append(n + 1) }
        func lineOf(_ offset: Int) -> Int { lineStarts.lastIndex { $0 <= offset }! + 1 }
        var p = TOMLParser(file: file, chars: chars)
        var current: [String] = []
        var arrayCounts: [[String]: Int] = [:]
        entries = []
        sections = [Section(table: [], line: 0, bodyStart: 0, isArrayElement: false)]
        while true {
            try p.skipBlank()
            guard !p.atEnd else { return }
            let start = p.i
            if p.peek() == "[" {
                let isArray = p.peek(1) == "["
                p.i += isArray ? 2 : 1
                p.skipSpaces()
                let names = try p.dottedKey()
                p.skipSpaces()
                p.i += isArray ? 2 : 1
                var resolved: [String] = []
                for name in names.dropLast() {
                    let count = arrayCounts[resolved + [name]] ?? 0
                    resolved.append(count > 0 ? "\(name)[\(count - 1)]" : name)
                }
                if isArray {
                    let count = (arrayCounts[resolved + [names.last!]] ?? 0) + 1
                    arrayCounts[resolved + [names.last!]] = count
                    resolved.append("\(names.last!)[\(count - 1)]")
                } else {
                    resolved.append(names.last!)
                }
                current = resolved
                try endOfLine(&p)
                sections.append(Section(table: resolved, line: lineOf(start), bodyStart: p.i, isArrayElement: isArray))
            } else {
                let key = try p.dottedKey()
                p.skipSpaces()
                p.i += 1 // '=' (the parse above checked it)
                p.skipSpaces()
                let valueStart = p.i
                _ = try p.value()
                let valueEnd = p.i
                try endOfLine(&p)
                let line = lineOf(start)
                entries.append(Entry(table: current, key: key, line: line, lineStart: lineStarts[line - 1],
                                     valueStart: valueStart, valueEnd: valueEnd, lineEnd: p.i))
            }
        }
    }

    /// Skips blanks, a comment and the newline after a header or a value.
    private func endOfLine(_ p: inout TOMLParser) throws(TOMLError) {
        p.skipSpaces()
        try p.skipComment()
        _ = p.newline()
    }
}
