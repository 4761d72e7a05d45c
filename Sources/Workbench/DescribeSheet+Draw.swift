import Datasets
import Foundation

/// Drawing the describe sheet: a frozen name column, the statistics that fit from ``DescribeSheet/firstStatistic``,
/// then the top values in what is left of the width.
extension DescribeSheet {
    /// The inside width from which the 1st and 99th percentiles are shown (a 120-column terminal).
    static let wideWidth = 116
    /// The index of the first numeric statistic (min): a row blank from there on is a text column's.
    static let firstNumber = 4

    func draw(in r: Rect, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        var title = "describe \((file as NSString).lastPathComponent)"
        if let (rows, columns) = app.data.ready(file) { title += " · \(rows) rows · \(columns.count) columns" }
        if let x = scatterX { title += " · scatter x: \(x)" }
        let inner = SheetDrawing.box(r, title: title, &c, g)
        guard inner.width > 10, inner.height > 1, let (rows, columns) = SheetDrawing.statistics(file, app: app, in: inner, &c) else { return }
        if columns.isEmpty {
            c.put("the file has no columns", x: inner.x + 1, y: inner.y + 1, style: SheetDrawing.muted)
            return
        }
        let stats = Self.statistics(wide: inner.width >= Self.wideWidth)
        let texts = columns.map { col in stats.map { $0.text(col, rows) } }
        let widths = stats.indices.map { k in max(stats[k].header.count, texts.map { $0[k].count }.max() ?? 0) + 2 }
        let nameWidth = min(24, max(6, columns.map(\.name.count).max() ?? 0) + 2)
        let left = inner.x + 2 + nameWidth
        // Statistics from the scroll offset while they fit; the top values (the last column, reached by scrolling when
        // the statistics do not all fit) take what is left, at least 12 cells.
        let offset = widths.reduce(0, +) + 12 <= inner.maxX - left ? 0 : min(firstStatistic, stats.count)
        var shown: [Int] = [], x = left
        for k in offset..<stats.count where x + widths[k] <= inner.maxX && shown.count == k - offset {
            shown.append(k)
            x += widths[k]
        }
        let topX = x, topWidth = inner.maxX - x
        let showsTop = offset + shown.count == stats.count && topWidth >= 12
        let hidden = stats.count - shown.count + (showsTop ? 0 : 1)

        // Header.
        c.put("column", x: inner.x + 2, y: inner.y, style: SheetDrawing.headerStyle, maxWidth: nameWidth - 1)
        x = left
        for k in shown {
            c.put(stats[k].aligned(stats[k].header, widths[k] - 1), x: x, y: inner.y, style: SheetDrawing.headerStyle)
            x += widths[k]
        }
        if showsTop { c.put("top values", x: topX + 1, y: inner.y, style: SheetDrawing.headerStyle) }
        if hidden > 0 {
            let more = "\(offset > 0 ? "← " : "")+\(hidden)\(showsTop ? "" : " →")"
            // On the box's top line: the headers keep their row.
            c.put(more, x: inner.maxX - more.count - 1, y: inner.y - 1, style: SheetDrawing.muted)
        }

        // One row per column.
        let height = inner.height - 1
        let selected = min(selected, columns.count - 1)
        let first = SheetCursor.first(selected: selected, height: height)
        for (i, col) in columns.enumerated().dropFirst(first).prefix(height) {
            let y = inner.y + 1 + i - first
            let isSel = i == selected
            let base: Style = isSel ? .selectedRow : .plain
            if isSel { c.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: base) }
            if col.name == scatterX { c.put("x", x: inner.x, y: y, style: isSel ? base : .role(.hiFg, bold: true)) }
            c.put(col.name, x: inner.x + 2, y: y, style: isSel ? base : .role(.hiFg, bold: true), maxWidth: nameWidth - 1)
            // A text column has no numbers: its top values start where its blank statistics do.
            let blankFrom = shown.lastIndex { !texts[i][$0].isEmpty }.map { $0 + 1 } ?? 0
            let spill = blankFrom < shown.count && shown[blankFrom] >= Self.firstNumber
            x = left
            for k in shown.prefix(spill ? blankFrom : shown.count) {
                var style = base
                if !isSel && stats[k].leftAligned { style = SheetDrawing.muted }
                if !isSel && stats[k].header == "missing" && col.missing > 0 { style = .role(.statusWarn) }
                c.put(stats[k].aligned(texts[i][k], widths[k] - 1), x: x, y: y, style: style)
                x += widths[k]
            }
            if spill || showsTop {
                let from = spill ? left + shown.prefix(blankFrom).reduce(0) { $0 + widths[$1] } : topX
                c.put(Self.topValues(col), x: from + 1, y: y, style: isSel ? base : .plain, maxWidth: inner.maxX - from - 1)
            }
        }
    }
}

extension String {
    /// The string right-aligned in `width` cells (unchanged when longer).
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
