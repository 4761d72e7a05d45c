import Datasets
import Foundation

/// Drawing the scatter plot: y labels on the left, the dots (2×4 a cell in braille, 1×2 in half blocks, 1 in ASCII),
/// the x range under them and a legend line; a cell's colour says how many points fell in it.
extension ScatterSheet {
    static let labelWidth = 8

    func draw(in r: Rect, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        var title = "\(y) against \(x)"
        if let p = points.value { title += " · \(p.count) points" }
        let inner = SheetDrawing.box(r, title: title, &c, g)
        guard inner.width > Self.labelWidth + 8, inner.height > 4 else { return }
        let pts: [ScatterPoint]
        switch points {
        case .loading:
            c.put("reading \(x) and \(y) of \(file)…", x: inner.x + 1, y: inner.y + 1, style: SheetDrawing.muted, maxWidth: inner.width - 2)
            return
        case let .failed(e):
            SheetDrawing.error(e, in: inner, &c)
            return
        case let .ready(p): pts = p
        }
        guard !pts.isEmpty else {
            c.put("no row has a number in both \(x) and \(y)", x: inner.x + 1, y: inner.y + 1, style: SheetDrawing.muted, maxWidth: inner.width - 2)
            return
        }
        let plot = Rect(x: inner.x + Self.labelWidth, y: inner.y, width: inner.width - Self.labelWidth, height: inner.height - 2)
        let (xr, yr) = (Self.range(pts.map(\.x).filter(\.isFinite)), Self.range(pts.map(\.y).filter(\.isFinite)))
        let (sx, sy): (Int, Int) = switch g.plot { case .braille: (2, 4); case .block: (1, 2); case .ascii: (1, 1) }
        let pw = plot.width * sx, ph = plot.height * sy
        var bits = [UInt8](repeating: 0, count: plot.width * plot.height)
        var counts = [Int](repeating: 0, count: plot.width * plot.height)
        for p in pts {
            guard p.x.isFinite && p.y.isFinite else { continue }
            let dx = min(pw - 1, max(0, Int(((p.x - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * Double(pw - 1)).rounded())))
            let dy = min(ph - 1, max(0, Int(((yr.upperBound - p.y) / (yr.upperBound - yr.lowerBound) * Double(ph - 1)).rounded())))
            let i = (dy / sy) * plot.width + dx / sx
            counts[i] += 1
            switch g.plot {
            case .braille:
                let col = dx % 2, row = dy % 4
                bits[i] |= row == 3 ? (col == 0 ? 0x40 : 0x80) : UInt8(1 << (row + 3 * col))
            case .block: bits[i] |= dy % 2 == 0 ? 1 : 2
            case .ascii: bits[i] = 1
            }
        }
        // Density: the colour of a cell along the gradient by the log of its count.
        let most = log(Double((counts.max() ?? 1) + 1))
        for cy in 0..<plot.height {
            for cx in 0..<plot.width where counts[cy * plot.width + cx] > 0 {
                let i = cy * plot.width + cx
                let step = most > log(2) ? Int(100 * log(Double(counts[i] + 1)) / most) : 100
                let ch: Unicode.Scalar
                switch g.plot {
                case .braille: ch = Unicode.Scalar(0x2800 + UInt32(bits[i]))!
                case .block: ch = bits[i] == 3 ? "█" : bits[i] == 1 ? "▀" : "▄"
                case .ascii: ch = counts[i] == 1 ? "." : counts[i] < 5 ? "*" : "#"
                }
                c[plot.x + cx, plot.y + cy] = Cell(ch, Style(fg: .gradient(.metric, step), bold: step > 66))
            }
        }

        // Axes and legend.
        let labelStyle = Style(fg: .role(.graphText))
        let w = Self.labelWidth - 1
        c.put(SheetDrawing.number(yr.upperBound, width: w), x: inner.x, y: plot.y, style: labelStyle, maxWidth: w)
        if plot.height >= 5 {
            let mid = SheetDrawing.number((yr.lowerBound + yr.upperBound) / 2, width: w)
            c.put(mid, x: inner.x, y: plot.y + plot.height / 2, style: labelStyle, maxWidth: w)
        }
        c.put(SheetDrawing.number(yr.lowerBound, width: w), x: inner.x, y: plot.maxY - 1, style: labelStyle, maxWidth: w)
        let axisY = inner.maxY - 2
        let (lo, mid, hi) = (SheetDrawing.number(xr.lowerBound), SheetDrawing.number((xr.lowerBound + xr.upperBound) / 2),
                             SheetDrawing.number(xr.upperBound))
        c.put(lo, x: plot.x, y: axisY, style: labelStyle)
        c.put(mid, x: plot.x + plot.width / 2 - mid.count / 2, y: axisY, style: labelStyle)
        c.put(hi, x: plot.maxX - hi.count, y: axisY, style: labelStyle)
        let overlap = counts.contains { $0 > 1 } ? " · colour: points in a cell" : ""
        c.put("x \(x) · y \(y)\(overlap)", x: inner.x + 1, y: inner.maxY - 1, style: .plain, maxWidth: inner.width - 2)
    }

    /// The extent of `values`, widened a little when it is a single value.
    static func range(_ values: [Double]) -> ClosedRange<Double> {
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        if lo < hi { return lo...hi }
        let d = max(1e-9, abs(lo) * 0.05)
        return (lo - d)...(hi + d)
    }
}
