import Datasets
import Workspaces

/// Drawing the Data screen: the file tabs on the box's top line, the table (frozen header, cursor), the status line,
/// a file's error, or the top sheet.
extension DataScreen {
    public static func draw(_ s: State, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        let r = l.table
        c.box(r, style: Style(fg: .role(.dataBox)), glyphs: g)
        drawTabs(s, r, &c, g)
        let inner = r.inset(1)
        guard inner.width > 0, inner.height > 2 else { return }
        if let sheet = s.sheets.last {
            let titles = [s.tab?.name ?? "table"] + s.sheets.map(\.title)
            var x = inner.x
            for (i, title) in titles.enumerated() {
                if i > 0 { x += c.put(" \(g.isUnicode ? "›" : ">") ", x: x, y: inner.y, style: .role(.inactiveFg)) }
                let top = i == titles.count - 1
                x += c.put(title, x: x, y: inner.y, style: top ? Style(fg: .role(.title), bold: true, underline: true) : .role(.graphText))
            }
            sheet.draw(in: Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1), &c, g, app: app)
            return
        }
        guard let t = s.tab else {
            c.put("no data files: the workspace names none ([data] train = …)", x: inner.x + 1, y: inner.y + 1, style: .role(.inactiveFg))
            return
        }
        if t.names.isEmpty {
            if let e = t.error { drawError(e, Rect(x: inner.x, y: inner.y, width: inner.width, height: min(inner.height, 6)), &c) } else {
                c.put("opening \(t.file)…", x: inner.x + 1, y: inner.y + 1, style: .role(.inactiveFg))
            }
            return
        }
        drawTable(t, inner, &c, g, app: app)
        let problem = t.error ?? t.page?.problem
        if let e = problem, inner.height > 8 {
            let h = min(5, inner.height / 2)
            drawError(e, Rect(x: inner.x, y: inner.maxY - 1 - h, width: inner.width, height: h), &c)
        }
        status(t, Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1), &c, g)
    }

    /// The files as tabs on the box's top line: `train.csv · 344 rows │ eval.csv · 100 rows`.
    static func drawTabs(_ s: State, _ r: Rect, _ c: inout Canvas, _ g: Glyphs) {
        var x = r.x + 2
        for (i, t) in s.tabs.enumerated() {
            if i > 0 { x += c.put(" \(g.box.v) ", x: x, y: r.y, style: .role(.dataBox), maxWidth: r.maxX - 1 - x) }
            let rows = t.names.isEmpty && t.error != nil ? "error" : "\(group(t.rowsIndexed))\(t.complete ? "" : "+") rows"
            let style = i == s.current ? Style(fg: .role(.title), bold: true, reverse: s.tabs.count > 1) : Style(fg: .role(.graphText))
            x += c.put(" \(t.name) · \(rows) ", x: x, y: r.y, style: style, maxWidth: max(0, r.maxX - 1 - x))
        }
    }

    /// The header and the rows on screen, the cursor's row and cell highlighted.
    static func drawTable(_ t: DataTab, _ r: Rect, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        let widths = columnWidths(t)
        var columns: [(index: Int, x: Int, width: Int)] = []
        var x = r.x
        for k in t.left..<t.names.count where x < r.maxX {
            columns.append((k, x, min(widths[k], r.maxX - x)))
            x += widths[k] + 1
        }
        let numeric = Set(columns.map(\.index).filter { isNumeric(t, column: $0, app: app) })
        let sortMark = t.shown.sort.map { ($0.column, $0.descending ? "↓" : "↑") }
        for col in columns {
            let active = col.index == t.column
            var name = t.names[col.index]
            if sortMark?.0 == name { name = sortMark!.1 + name }
            c.put(cut(name, col.width, g), x: col.x, y: r.y, style: Style(fg: .role(active ? .hiFg : .graphText), bold: true, underline: true))
        }
        let h = min(tableRows(app), r.height - 2)
        for i in 0..<max(0, h) {
            let viewRow = t.top + i
            guard viewRow < t.count, let row = t.page?.row(viewRow) else { continue }
            let y = r.y + 1 + i
            let isCursor = viewRow == t.row
            let base: Style = isCursor ? Style(fg: .role(.selectedFg), bg: .role(.selectedBg), bold: true) : .plain
            if isCursor { c.fill(Rect(x: r.x, y: y, width: r.width, height: 1), style: base) }
            for col in columns {
                let value = col.index < row.count ? row[col.index] : ""
                var text = cut(value, col.width, g)
                if numeric.contains(col.index) && text.count < col.width { text = String(repeating: " ", count: col.width - text.count) + text }
                let cell = isCursor && col.index == t.column ? Style(fg: .role(.selectedBg), bg: .role(.selectedFg), bold: true) : base
                c.put(text, x: col.x, y: y, style: cell, maxWidth: col.width)
            }
        }
    }

    /// The line under the table: where the cursor is, the view, and the work going on.
    static func status(_ t: DataTab, _ r: Rect, _ c: inout Canvas, _ g: Glyphs) {
        var parts: [String] = []
        if t.count > 0 { parts.append("row \(group(t.row + 1)) of \(group(t.count))") }
        if t.names.indices.contains(t.column) { parts.append("\(t.names[t.column]) (\(t.column + 1)/\(t.names.count))") }
        if !t.shown.filters.isEmpty {
            let what = t.shown.filters.map { f in "\(f.inverted ? "!" : "")/\(f.pattern)/\(f.column.map { " in \($0)" } ?? "")" }
            parts.append("\(group(t.shownCount)) of \(group(t.rowsIndexed)) rows match \(what.joined(separator: " and "))")
        }
        if let sort = t.shown.sort { parts.append("sorted by \(sort.column) \(sort.descending ? "↓" : "↑")") }
        if let job = t.job { parts.append("\(job.what) \(Int(job.fraction * 100))% (Ctrl-C cancels)") }
        if !t.complete && t.error == nil { parts.append("indexing \(Int(t.progress * 100))% · \(group(t.rowsIndexed)) rows") }
        let busy = t.job != nil || !t.complete && t.error == nil
        c.put(parts.joined(separator: " · "), x: r.x, y: r.y, style: .role(busy ? .statusWarn : .inactiveFg), maxWidth: r.width)
    }

    /// A file's error where its rows would be: file:line:column, the problem, the hint.
    static func drawError(_ e: DataError, _ r: Rect, _ c: inout Canvas) {
        c.fill(r)
        c.put("\(e.location): error", x: r.x + 1, y: r.y, style: .role(.statusError, bold: true), maxWidth: r.width - 2)
        var y = r.y + 1
        for (text, style) in [(e.problem, Style.plain), ("help: " + e.hint, Style.role(.graphText))] {
            for line in wrap(text, width: r.width - 4) where y < r.maxY {
                c.put(line, x: r.x + 3, y: y, style: style)
                y += 1
            }
        }
    }

    /// Words of `text` in lines of at most `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? lines : lines + [line]
    }

    /// `text` in at most `width` characters, an ellipsis where cut.
    static func cut(_ text: String, _ width: Int, _ g: Glyphs) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + String(g.ellipsis)
    }

    /// A count with its thousands apart: 1 000 000.
    static func group(_ n: Int) -> String { RunPlan.grouped(Int64(n)) }
}
