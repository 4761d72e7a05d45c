extension TOMLDocument {
    /// The text with every `[[name]]` table (and its sub-tables) removed and `tables` appended at the end as
    /// `[[name]]` tables, everything else kept byte for byte.
    ///
    /// ``set(_:at:)`` edits keys in place but cannot add elements to an array of tables; the Input screen rewrites
    /// all `[[features]]` at once with this. A removed table takes its header and its keys; comment and blank lines
    /// after its last key stay (they usually introduce the next table); blank lines after it go. Keys of each new table are written in
    /// ``TOMLTable/order``.
    public func replacingArrayOfTables(named name: String, with tables: [TOMLTable]) -> String {
        let scalars = Array(text.unicodeScalars)
        var lineStarts = [0]
        for (n, c) in scalars.enumerated() where c == "\n" { lineStarts.append(n + 1) }
        func offset(ofLine line: Int) -> Int { line - 1 < lineStarts.count ? lineStarts[line - 1] : scalars.count }
        func belongs(_ s: Section) -> Bool { s.table.first.map { $0.hasPrefix(name + "[") } ?? false }
        var cuts: [Range<Int>] = []
        for (i, s) in sections.enumerated() where s.line > 0 && belongs(s) {
            let start = offset(ofLine: s.line)
            // The section ends after its last key (or its header line when it has none).
            let keys = entries.filter { $0.table == s.table }
            var end = keys.map(\.lineEnd).max() ?? s.bodyStart
            let limit = i + 1 < sections.count ? offset(ofLine: sections[i + 1].line) : scalars.count
            end = Swift.min(end, limit)
            // Blank lines after it go with it, so removing tables leaves no growing gap.
            while end < limit, let nl = scalars[end...].firstIndex(of: "\n"),
                  scalars[end..<nl].allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { end = nl + 1 }
            cuts.append(start..<Swift.max(start, end))
        }
        var out = String.UnicodeScalarView()
        var cursor = 0
        for c in cuts {
            out.append(contentsOf: scalars[cursor..<c.lowerBound])
            cursor = c.upperBound
        }
        out.append(contentsOf: scalars[cursor...])
        var result = String(out)
        guard !tables.isEmpty else { return result }
        if !result.isEmpty && !result.hasSuffix("\n") { result += "\n" }
        for t in tables {
            if !result.isEmpty && !result.hasSuffix("\n\n") { result += "\n" }
            result += "[[\(Self.renderKey(name))]]\n"
            for k in t.order { result += "\(Self.renderKey(k)) = \(Self.render(t[k]!))\n" }
        }
        return result
    }
}
