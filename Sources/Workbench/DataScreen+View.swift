import Datasets

/// The Data screen's table window: keeping the cursor on screen, asking for the page shown, the columns' widths.
extension DataScreen {
    /// Widest and narrowest a column is drawn (its name and the values on the page decide in between).
    static let maxColumnWidth = 24, minColumnWidth = 3

    /// Keeps the cursor inside the view and on screen, and asks for the page of rows shown when the page held does
    /// not cover them (one page at most per call).
    static func refresh(_ t: inout DataTab, app: AppState) -> [Effect] {
        let n = t.count, h = tableRows(app)
        t.row = max(0, min(t.row, n - 1))
        t.column = max(0, min(t.column, t.names.count - 1))
        if t.row < t.top { t.top = t.row }
        if t.row >= t.top + h { t.top = t.row - h + 1 }
        t.top = max(0, min(t.top, n - h))
        keepColumnVisible(&t, width: app.width - 2)
        let needed = t.top..<min(t.top + h, n)
        guard !needed.isEmpty else { return [] }
        if let p = t.page, p.view == t.shown, p.first <= needed.lowerBound, p.first + p.rows.count >= needed.upperBound { return [] }
        return [.data(.page(file: t.file, view: t.shown, rows: t.top..<(t.top + pageRows(app))))]
    }

    /// Scrolls the columns so the cursor's column is shown in `width` cells.
    static func keepColumnVisible(_ t: inout DataTab, width: Int) {
        guard !t.names.isEmpty else { return }
        if t.column < t.left { t.left = t.column }
        let w = columnWidths(t)
        while t.left < t.column && w[t.left...t.column].reduce(0, +) + (t.column - t.left) > width { t.left += 1 }
    }

    /// Each column's width: its name's and its widest value's on the rows shown, within the limits.
    static func columnWidths(_ t: DataTab) -> [Int] {
        // The sorted column's name carries an arrow.
        var w = t.names.map { $0.count + ($0 == t.shown.sort?.column ? 1 : 0) }
        for (c, seen) in t.widest.enumerated() where c < w.count { w[c] = max(w[c], seen) }
        if let p = t.page {
            let from = max(0, t.top - p.first)
            for row in p.rows.dropFirst(from).prefix(64) {
                for (c, v) in row.enumerated() where c < w.count { w[c] = max(w[c], v.count) }
            }
        }
        return w.map { max(minColumnWidth, min(maxColumnWidth, $0)) }
    }

    /// The `/` filter as a row filter (nil without one).
    static func rowFilter(_ app: AppState) -> ColumnFilter? {
        guard var f = app.filter, !f.isEmpty else { return nil }
        let inverted = f.hasPrefix("!")
        if inverted { f.removeFirst() }
        return ColumnFilter(column: nil, pattern: f, inverted: inverted)
    }

    /// The view a tab should show: its sort, the `/` row filter and its own filter.
    static func view(_ t: DataTab, sort: TableSort?, app: AppState) -> TableView {
        TableView(sort: sort, filters: [rowFilter(app), t.filter].compactMap { $0 })
    }

    /// Asks for a new view of a tab: the plain one at once, else its rows computed by the session.
    static func setView(_ t: inout DataTab, _ v: TableView, app: AppState) -> [Effect] {
        guard v != t.wanted else { return [] }
        t.wanted = v
        if v.isPlain || t.names.isEmpty {
            let wasPlain = t.shown.isPlain
            t.shown = v
            t.job = nil
            if !wasPlain { (t.row, t.top, t.page) = (0, 0, nil) }
            return [.data(.cancelView(file: t.file))] + refresh(&t, app: app)
        }
        t.job = ViewJob(what: jobTitle(v), fraction: 0)
        return [.data(.view(file: t.file, v))]
    }

    /// What a view's work is called on the progress line.
    static func jobTitle(_ v: TableView) -> String {
        let sort = v.sort.map { "sorting by \($0.column)" }
        let filter = v.filters.isEmpty ? nil : "filtering"
        return [sort, filter].compactMap { $0 }.joined(separator: " and ")
    }

    /// Whether a column holds numbers: by its statistics when computed, else by the values on the page shown.
    static func isNumeric(_ t: DataTab, column c: Int, app: AppState) -> Bool {
        guard t.names.indices.contains(c) else { return false }
        if let st = app.data.ready(t.file)?.columns.first(where: { $0.name == t.names[c] }) { return st.type == .int || st.type == .float }
        let values = (t.page?.rows ?? []).compactMap { c < $0.count ? $0[c] : nil }.filter { !$0.isEmpty }
        return !values.isEmpty && values.allSatisfy { Double($0) != nil }
    }

    /// The scatter plot's axes: y the current column, x the previous current column if numeric, else the first
    /// numeric one; nil when the current column is not numeric or there is no other.
    static func scatterAxes(_ t: DataTab, app: AppState) -> (x: String, y: String)? {
        guard isNumeric(t, column: t.column, app: app) else { return nil }
        let candidates = [t.previousColumn].compactMap { $0 } + Array(t.names.indices)
        guard let x = candidates.first(where: { $0 != t.column && isNumeric(t, column: $0, app: app) }) else { return nil }
        return (t.names[x], t.names[t.column])
    }
}
