import Datasets
import Foundation

/// The frequency table of one column (VisiData's Shift+F): each value, its count, its share, a bar.
///
/// The values are the column's exact texts, counted over the whole file in the background
/// (``SheetRequest/valueCounts(path:column:)``), most frequent first; a missing cell counts as the row "(missing)".
/// Enter on a value closes the sheets and filters the table to the rows with that value.
public struct FrequencySheet: Equatable, Sendable {
    /// The most distinct values the sheet lists (the most frequent ones; the title says when there are more).
    public static let distinctCap = ColumnStatistics.exactCap

    public var file: String, column: String
    /// The counts, once read.
    public var values: SheetData<[ColumnStatistics.TopValue]> = .loading
    /// The row under the cursor.
    public var selected = 0
    public init(file: String, column: String) { (self.file, self.column) = (file, column) }

    mutating func reduce(_ c: Command, app: AppState) -> SheetResult? {
        let rows = values.value ?? []
        if let i = SheetCursor.move(c, selected, count: rows.count, page: SheetCursor.page(app)) {
            selected = i
            return SheetResult()
        }
        guard c == .openSelected else { return nil }
        guard selected < rows.count else { return SheetResult(.note("the values of '\(column)' are still being counted", .info)) }
        return SheetResult(filter: .exactly(rows[selected].value, in: column))
    }

    mutating func follow(_ e: SheetEvent) {
        guard case let .valueCounts(path, col, result) = e, path == file, col == column else { return }
        values = SheetData(result)
        selected = min(selected, max(0, (values.value?.count ?? 1) - 1))
    }

    /// How a value is shown: a missing cell is "(missing)".
    static func label(_ value: String) -> String { value.isEmpty ? "(missing)" : value }

    func draw(in r: Rect, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        var title = "frequency of \(column)"
        if let v = values.value {
            let total = v.reduce(0) { $0 + $1.count }
            title += " · \(v.count) values · \(total) rows"
            if v.count >= Self.distinctCap {
                let distinct = app.data.ready(file)?.columns.first { $0.name == column }?.distinct
                title += " · the \(Self.distinctCap) most frequent" + (distinct.map { " of ~\($0)" } ?? "")
            }
        }
        let inner = SheetDrawing.box(r, title: title, &c, g)
        guard inner.width > 10, inner.height > 1 else { return }
        let rows: [ColumnStatistics.TopValue]
        switch values {
        case .loading:
            c.put("counting the values of \(column) in \(file)…", x: inner.x + 1, y: inner.y + 1, style: SheetDrawing.muted,
                  maxWidth: inner.width - 2)
            return
        case let .failed(e):
            SheetDrawing.error(e, in: inner, &c)
            return
        case let .ready(v): rows = v
        }
        guard !rows.isEmpty else {
            c.put("the file has no rows", x: inner.x + 1, y: inner.y + 1, style: SheetDrawing.muted)
            return
        }
        let total = rows.reduce(0) { $0 + $1.count }, largest = rows.map(\.count).max() ?? 1
        let countWidth = max(5, String(largest).count) + 2, percentWidth = 8
        let valueWidth = min(max(6, rows.prefix(1000).map { Self.label($0.value).count }.max() ?? 0) + 2, max(8, inner.width / 3))
        let barX = inner.x + valueWidth + countWidth + percentWidth + 1, barWidth = inner.maxX - barX - 1
        c.put("value", x: inner.x + 1, y: inner.y, style: SheetDrawing.headerStyle)
        c.put("count".leftPadded(to: countWidth - 1), x: inner.x + valueWidth, y: inner.y, style: SheetDrawing.headerStyle)
        c.put("percent".leftPadded(to: percentWidth - 1), x: inner.x + valueWidth + countWidth, y: inner.y, style: SheetDrawing.headerStyle)

        let height = inner.height - 1
        let selected = min(selected, rows.count - 1)
        let first = SheetCursor.first(selected: selected, height: height)
        for (i, row) in rows.enumerated().dropFirst(first).prefix(height) {
            let y = inner.y + 1 + i - first
            let isSel = i == selected
            let base: Style = isSel ? .selectedRow : .plain
            if isSel { c.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: base) }
            c.put(Self.label(row.value), x: inner.x + 1, y: y, style: isSel ? base : row.value.isEmpty ? SheetDrawing.muted : .plain,
                  maxWidth: valueWidth - 2)
            c.put(String(row.count).leftPadded(to: countWidth - 1), x: inner.x + valueWidth, y: y, style: base)
            let share = SheetDrawing.percent(row.count, of: total).leftPadded(to: percentWidth - 1)
            c.put(share, x: inner.x + valueWidth + countWidth, y: y, style: base)
            let bar = SheetDrawing.bar(Double(row.count) / Double(largest), width: barWidth, g)
            c.put(bar, x: barX, y: y, style: isSel ? base : Style(fg: .role(.hiFg)), maxWidth: barWidth)
        }
    }
}
