import Datasets
import Foundation
import Workspaces

/// Drawing the Input screen: the column table above, the pre-flight list or the preview below.
extension InputScreen {
    /// The column table's box and the lower pane's: the table takes what its rows need, at most about half.
    /// With the checks below, the table may take all but 8 rows; the preview gets about half.
    static func panes(_ r: Rect, rows: Int, preview: Bool = false) -> (top: Rect, bottom: Rect) {
        let want = rows + 5
        let most = preview ? r.height / 2 + 1 : max(r.height / 2 + 1, r.height - 8)
        let h = max(6, min(want, most, r.height - 5))
        return (Rect(x: r.x, y: r.y, width: r.width, height: h), Rect(x: r.x, y: r.y + h, width: r.width, height: r.height - h))
    }

    /// The first table row shown so the selection stays visible in `height` rows.
    static func firstRow(_ s: State, height: Int) -> Int { max(0, s.row - max(1, height) + 1) }

    public static func draw(_ s: State, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        let rows = rows(app)
        let (top, bottom) = panes(l.table, rows: rows.count, preview: s.bottom == .preview)
        drawColumns(s, rows, top, &c, g, app)
        if s.bottom == .preview { drawPreview(s, bottom, &c, g) } else { drawChecks(s, bottom, &c, g) }
    }

    static func drawColumns(_ s: State, _ rows: [ColumnRow], _ r: Rect, _ c: inout Canvas, _ g: Glyphs, _ app: AppState) {
        let file = app.data.train.first.map { ($0 as NSString).lastPathComponent } ?? "no training file"
        let count = app.data.train.first.flatMap { app.data.ready($0)?.rows }.map { " · \($0) rows" } ?? ""
        let inferred = rows.contains { $0.inferred && $0.table != nil } ? " · features inferred (t or ⏎ writes them out)" : ""
        let unsaved = app.draft?.isDirty == true ? (app.draft?.onDisk == nil ? " · not written yet (w writes)" : " · unsaved (w saves)") : ""
        c.box(r, title: "columns · \(file)\(count)\(unsaved)\(inferred)", style: Style(fg: .role(.inputBox)), titleStyle: .role(.title, bold: true),
              glyphs: g)
        let inner = r.inset(1)
        guard inner.width > 10, inner.height > 0 else { return }
        c.put(settingsLine(app), x: inner.x, y: inner.y, style: .role(.graphText), maxWidth: inner.width)
        if let e = s.error { c.put("✗ " + e, x: inner.x, y: inner.y + 1, style: .role(.statusError, bold: true), maxWidth: inner.width) }
        guard inner.height > 2 else { return }
        // The names whole where the screen allows (flipper_length_mm), else cut.
        let widths = [max(16, min(rows.map { $0.name.count + 2 }.max() ?? 16, 30, inner.width / 4)), 7, 8, 12]
        var x = inner.x
        for (name, w) in zip(["column", "type", "role", "kind", "options"], widths + [inner.width]) {
            c.put(name, x: x, y: inner.y + 2, style: Style(fg: .role(.graphText), bold: true), maxWidth: max(0, inner.maxX - x))
            x += w
        }
        if rows.isEmpty {
            let why: String
            switch app.data.train.first.flatMap({ app.data.statistics[$0] }) {
            case let .failed(e)?: why = "\(e.location): \(e.problem)"
            case nil: why = "no statistics yet (they are asked for when the screen is shown)"
            default: why = "reading the training file's statistics…"
            }
            c.put(why, x: inner.x + 2, y: inner.y + 3, style: .role(.inactiveFg), maxWidth: inner.width - 2)
            return
        }
        let height = inner.height - 3
        let stats = Dictionary((statistics(app) ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, row) in rows.enumerated().dropFirst(firstRow(s, height: height)).prefix(height) {
            let y = inner.y + 3 + i - firstRow(s, height: height)
            let isSel = i == s.row && s.focus == .columns
            let base: Style = isSel ? .selectedRow
                : row.role == .feature ? .plain : .role(row.role == .ignore ? .inactiveFg : .hiFg)
            if isSel { c.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: base) }
            let cells = [row.name, row.type?.rawValue ?? "cross", row.role.rawValue, row.kind, options(row, stats[row.name])]
            var x = inner.x
            for (text, w) in zip(cells, widths + [inner.width]) {
                c.put(text, x: x, y: y, style: base, maxWidth: max(0, min(w - 1, inner.maxX - x)))
                x += w
            }
        }
    }

    /// The options column: what the feature column does with the values.
    static func options(_ row: ColumnRow, _ s: ColumnStatistics?) -> String {
        guard let t = row.table else { return "" }
        var parts: [String] = []
        switch row.kind {
        case "numeric":
            let n = string(t["normalizer"]) ?? "zscore"
            switch n {
            case "zscore": parts.append("zscore μ \(short(s?.mean)) σ \(short(s?.std))")
            case "minmax": parts.append("minmax \(short(s?.min))…\(short(s?.max))")
            default: parts.append("raw values")
            }
        case "bucketized":
            if let b = doubles(t["boundaries"]) { parts.append("boundaries [\(b.map(format).joined(separator: ", "))]") }
            else { parts.append("\(int(t["buckets"]) ?? 0) quantile buckets") }
        case "vocabulary":
            let v = strings(t["vocabulary"]) ?? s?.top.map(\.value) ?? []
            parts.append("\(v.count) values: \(v.prefix(4).joined(separator: ", "))\(v.count > 4 ? "…" : "")")
        case "identity": parts.append("\(int(t["num_buckets"]) ?? 0) ids")
        case "crossed": parts.append("\((strings(t["keys"]) ?? []).joined(separator: " × ")) · \(int(t["hash_bucket_size"]) ?? 0) buckets")
        default: parts.append("\(int(t["hash_bucket_size"]) ?? 0) buckets")
        }
        if row.kind != "numeric" { parts.append(int(t["embedding_dimension"]).map { "embedding \($0)" } ?? "indicator") }
        return parts.joined(separator: " · ")
    }

    static func short(_ v: Double?) -> String { v.map { String(format: "%.4g", $0) } ?? "?" }

    static func drawChecks(_ s: State, _ r: Rect, _ c: inout Canvas, _ g: Glyphs) {
        let f = s.findings ?? []
        let errors = f.filter { $0.severity == .error }.count
        let title = s.findings == nil ? "pre-flight · not run yet (c)" : "pre-flight · \(errors) error(s), \(f.count - errors) warning(s)"
        c.box(r, title: title, style: Style(fg: .role(.inputBox)), titleStyle: .role(.title, bold: true), glyphs: g)
        let inner = r.inset(1)
        guard inner.height > 0, inner.width > 10 else { return }
        if s.findings != nil && f.isEmpty {
            c.put("✓ no problems found: s starts training", x: inner.x + 1, y: inner.y, style: .role(.statusOk), maxWidth: inner.width - 1)
        }
        let first = max(0, s.finding - inner.height + 1)
        for (i, item) in f.enumerated().dropFirst(first).prefix(inner.height) {
            let y = inner.y + i - first
            let isSel = s.focus == .findings && i == s.finding
            let mark: Style = .role(item.severity == .error ? .statusError : .statusWarn, bold: true)
            let base: Style = isSel ? .selectedRow : .plain
            if isSel { c.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: base) }
            c.put(item.severity == .error ? "✗ error" : "! warn", x: inner.x, y: y, style: isSel ? base : mark)
            c.put(item.column ?? "–", x: inner.x + 8, y: y, style: base, maxWidth: 14)
            c.put(item.check, x: inner.x + 23, y: y, style: isSel ? base : .role(.graphText), maxWidth: 13)
            c.put(item.message, x: inner.x + 37, y: y, style: base, maxWidth: max(0, inner.width - 37))
        }
    }
}
