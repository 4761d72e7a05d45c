import Datasets
import Foundation

/// Drawing the histogram: counts on the left, a bar per bin (eighth blocks, half blocks or `#` as the glyphs allow),
/// the bin edges under the bars, and the bin under the cursor described on the last line.
extension HistogramSheet {
    func draw(in r: Rect, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        let st = statistics(app)
        var title = "histogram of \(column)"
        if let st, st.type != .string {
            title += " · \(st.count) values · \(st.missing) missing · mean \(SheetDrawing.number(st.mean)) · std \(SheetDrawing.number(st.std))"
        }
        let inner = SheetDrawing.box(r, title: title, &c, g)
        guard inner.width > 20, inner.height > 4, SheetDrawing.statistics(file, app: app, in: inner, &c) != nil else { return }
        guard let st else {
            c.put("no column named '\(column)' in \(file)", x: inner.x + 1, y: inner.y + 1, style: SheetDrawing.muted)
            return
        }
        let bins = shownBins(st)
        guard st.type != .string, !bins.isEmpty else {
            let why = st.type == .string ? "'\(column)' is a \(st.type) column: its frequency table shows its values" : "'\(column)' has no values"
            c.put(why, x: inner.x + 1, y: inner.y + 1, style: SheetDrawing.muted, maxWidth: inner.width - 2)
            return
        }
        let largest = max(1, bins.map(\.count).max() ?? 1)
        let labelWidth = max(String(largest).count, 1) + 2
        guard inner.width - labelWidth - 1 >= bins.count else {
            c.put("too narrow for \(bins.count) bins (< fewer)", x: inner.x + 1, y: inner.y + 1, style: SheetDrawing.muted, maxWidth: inner.width - 2)
            return
        }
        // Every bin as wide as the others: the plot is a whole number of bin widths.
        let binWidth = max(1, (inner.width - labelWidth - 1) / bins.count)
        let plot = Rect(x: inner.x + labelWidth, y: inner.y + 1, width: binWidth * bins.count, height: inner.height - 3)
        let axisY = plot.maxY, footerY = inner.maxY - 1
        let labelStyle = Style(fg: .role(.graphText))

        // Count labels and the axis.
        c.put(String(largest).leftPadded(to: labelWidth - 2), x: inner.x, y: plot.y, style: labelStyle)
        if plot.height >= 5 { c.put(String(largest / 2).leftPadded(to: labelWidth - 2), x: inner.x, y: plot.y + plot.height / 2, style: labelStyle) }
        c.put("0".leftPadded(to: labelWidth - 2), x: inner.x, y: plot.maxY - 1, style: labelStyle)
        for y in plot.y..<plot.maxY { c[plot.x - 1, y] = Cell(g.box.v, labelStyle) }

        // Bars, in sub-cell units: eighths, halves or whole cells.
        let units = g.isUnicode ? (g.plot == .block ? 2 : 8) : 1
        let selected = min(selected, bins.count - 1)
        for (b, bin) in bins.enumerated() {
            let x0 = plot.x + b * binWidth
            let width = binWidth >= 3 ? binWidth - 1 : binWidth
            var h = Int((Double(bin.count) / Double(largest) * Double(plot.height * units)).rounded())
            if bin.count > 0 { h = max(1, h) }
            let style = b == selected ? Style(fg: .role(.bestMark), bold: true) : Style(fg: .role(.hiFg))
            for row in 0..<plot.height {
                let filled = min(units, max(0, h - row * units))
                guard filled > 0 else { break }
                let ch = Self.barGlyph(filled, of: units, g)
                for x in x0..<(x0 + width) { c[x, plot.maxY - 1 - row] = Cell(ch, style) }
            }
            if b == selected && bin.count == 0 { c[x0, plot.maxY - 1] = Cell(g.isUnicode ? "▁" : "_", style) }
        }

        // Bin edges under the bars, left to right where they do not overlap.
        var lastEnd = plot.x - 1
        for k in 0...bins.count {
            let edge = k == bins.count ? bins[k - 1].upper : bins[k].lower
            let label = SheetDrawing.number(edge, width: 7)
            let at = plot.x + k * binWidth
            let x = k == 0 ? at : at - label.count / 2
            guard x > lastEnd, x + label.count <= inner.maxX else { continue }
            c.put(label, x: x, y: axisY, style: labelStyle)
            lastEnd = x + label.count
        }

        // The bin under the cursor.
        let bin = bins[selected], total = max(1, bins.reduce(0) { $0 + $1.count })
        let close = selected == bins.count - 1 ? "]" : ")"
        let about = "bin \(selected + 1) of \(bins.count): [\(SheetDrawing.number(bin.lower)), \(SheetDrawing.number(bin.upper))\(close) · "
            + "\(bin.count) values · \(SheetDrawing.percent(bin.count, of: total))"
        c.put(about, x: inner.x + 1, y: footerY, style: .plain, maxWidth: inner.width - 2)
    }

    /// The glyph of a bar cell `filled` units of `units` high (lower eighths, a lower half, or `#`).
    static func barGlyph(_ filled: Int, of units: Int, _ g: Glyphs) -> Unicode.Scalar {
        guard g.isUnicode else { return "#" }
        if filled >= units { return "█" }
        if units == 2 { return "▄" }
        let eighths: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇"]
        return eighths[max(0, filled - 1)]
    }
}
