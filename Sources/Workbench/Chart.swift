import Foundation

/// One line of a chart: a series and the ink of its smoothed curve.
public struct ChartLine: Sendable {
    public var name: String
    public var points: [ScalarPoint]
    public var ink: ThemeKey
    /// Smooth this line (eval points are few and drawn raw, as TensorBoard does for short series too).
    public var smooth: Bool
    public init(name: String, points: [ScalarPoint], ink: ThemeKey, smooth: Bool = true) {
        (self.name, self.points, self.ink, self.smooth) = (name, points, ink, smooth)
    }
}

/// A chart: a metric's train and eval lines, the checkpoints on its x axis, how to read it.
public struct ChartModel: Sendable {
    public var tag: String
    public var lines: [ChartLine]
    public var checkpointSteps: [Int64]
    public var higherIsBetter: Bool?
    /// Constant values drawn as horizontal reference lines (e.g. `accuracy_baseline` on the accuracy chart).
    public var references: [ChartReference]
    public init(tag: String, lines: [ChartLine], checkpointSteps: [Int64] = [], higherIsBetter: Bool? = nil, references: [ChartReference] = []) {
        (self.tag, self.lines, self.checkpointSteps, self.higherIsBetter) = (tag, lines, checkpointSteps, higherIsBetter)
        self.references = references
    }
}

/// A named constant drawn across a chart.
public struct ChartReference: Sendable, Equatable {
    public var name: String
    public var value: Double
    public init(name: String, value: Double) { (self.name, self.value) = (name, value) }
}

/// How charts are viewed (shared by every chart of the screen).
public struct ChartView: Sendable, Equatable {
    public var smoothing = Smoothing.defaultWeight
    public var logY = false
    public var xAxis = XAxis.step
    /// nil follows the newest data; a range pins the view (in the x axis' unit).
    public var window: ClosedRange<Double>? = nil
    public init() {}
}

/// Draws a ``ChartModel`` into a canvas rectangle: box with title, y labels, plot, x labels,
/// and one line under the plot with min / max / best.
public enum ChartRenderer {
    static let labelWidth = 8

    /// The x coordinate of a point on the chosen axis (`origin` = the run's first wall time).
    public static func x(_ p: ScalarPoint, _ axis: XAxis, origin: Double) -> Double {
        switch axis {
        case .step: Double(p.step)
        case .relative: p.wallTime - origin
        case .wall: p.wallTime
        }
    }

    /// The full x extent of the model's data on `axis`.
    public static func extent(_ m: ChartModel, axis: XAxis, origin: Double) -> ClosedRange<Double>? {
        var lo = Double.infinity, hi = -Double.infinity
        for l in m.lines { for p in l.points { let v = x(p, axis, origin: origin); lo = min(lo, v); hi = max(hi, v) } }
        return lo <= hi ? lo...hi : nil
    }

    public static func draw(_ m: ChartModel, view: ChartView, origin: Double, into c: inout Canvas, rect r: Rect, glyphs g: Glyphs,
                            focused: Bool = false) {
        let boxStyle = Style(fg: .role(focused ? .hiFg : .trainBox))
        var title = m.tag
        if m.lines.contains(where: \.smooth) { title += " · smoothing \(String(format: view.smoothing > 0.99 ? "%.3f" : "%.2f", view.smoothing))" }
        if view.logY { title += " · log y" }
        if view.window != nil { title += " · pinned" }
        c.box(r, title: title, style: boxStyle, titleStyle: Style(fg: .role(.title), bold: true), glyphs: g)
        let inner = r.inset(1)
        guard inner.width > labelWidth + 4, inner.height >= 4 else { return }
        let plot = Rect(x: inner.x + labelWidth, y: inner.y, width: inner.width - labelWidth, height: inner.height - 2)
        let legendY = inner.maxY - 1, axisY = inner.maxY - 2
        guard let full = extent(m, axis: view.xAxis, origin: origin) else {
            c.put("no data yet", x: plot.x + 1, y: plot.y + plot.height / 2, style: .role(.inactiveFg))
            return
        }
        var xr = view.window ?? full
        if xr.lowerBound == xr.upperBound { xr = (xr.lowerBound - 1)...(xr.upperBound + 1) }
        func ty(_ v: Double) -> Double { view.logY ? (v > 0 ? log10(v) : .nan) : v }

        // Smooth, transform, then find the y range over what is visible.
        struct Prepared { var xs: [Double]; var raw: [Double]; var smooth: [Double]?; var line: ChartLine }
        var prepared: [Prepared] = []
        var lo = Double.infinity, hi = -Double.infinity
        var nanXs: [Double] = []
        for l in m.lines {
            let xs = l.points.map { x($0, view.xAxis, origin: origin) }
            let values = l.points.map(\.value)
            let sm = l.smooth && values.count > 1 ? Smoothing.tensorBoard(values, weight: view.smoothing).map(ty) : nil
            let raw = values.map(ty)
            for i in xs.indices where xs[i] >= xr.lowerBound && xs[i] <= xr.upperBound {
                if !values[i].isFinite { nanXs.append(xs[i]) }
                for v in [raw[i], sm?[i] ?? raw[i]] where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
            }
            prepared.append(Prepared(xs: xs, raw: raw, smooth: sm, line: l))
        }
        for r in m.references where ty(r.value).isFinite { lo = min(lo, ty(r.value)); hi = max(hi, ty(r.value)) }
        if lo > hi { lo = 0; hi = 1 }
        if lo == hi { let d = max(1e-9, abs(lo) * 0.05); lo -= d; hi += d }
        let pad = (hi - lo) * 0.04
        lo -= pad; hi += pad

        // Dots: sx × sy per cell.
        let (sx, sy): (Int, Int) = switch g.plot { case .braille: (2, 4); case .block: (1, 2); case .ascii: (1, 1) }
        let pw = plot.width * sx, ph = plot.height * sy
        var bits = [UInt8](repeating: 0, count: plot.width * plot.height)
        var ink = [Style?](repeating: nil, count: plot.width * plot.height)
        func py(_ v: Double) -> Int { min(ph - 1, max(0, Int(((hi - v) / (hi - lo)) * Double(ph - 1) + 0.5))) }
        func setDot(_ dx: Int, _ dy: Int, _ style: Style) {
            let cx = dx / sx, cy = dy / sy
            let i = cy * plot.width + cx
            let bit: UInt8
            switch g.plot {
            case .braille:
                let col = dx % sx, row = dy % sy
                bit = row == 3 ? (col == 0 ? 0x40 : 0x80) : UInt8(1 << (row + 3 * col))
            case .block: bit = dy % 2 == 0 ? 1 : 2
            case .ascii: bit = 1
            }
            bits[i] |= bit
            ink[i] = style
        }
        func plotLine(xs: [Double], ys: [Double], style: Style) {
            let env = minMaxEnvelope(xs: xs, ys: ys, range: xr, columns: pw)
            var prev: (column: Int, value: Double)? = nil
            for (dx, e) in env.enumerated() {
                guard let e else { continue }
                // Join the previous point to this column's first with straight steps, then span the column's extremes.
                if let p = prev, dx - p.column > 1 {
                    var lastY = py(p.value)
                    for gx in (p.column + 1)..<dx {
                        let y = py(p.value + (e.first - p.value) * Double(gx - p.column) / Double(dx - p.column))
                        for dy in min(lastY, y)...max(lastY, y) { setDot(gx, dy, style) }
                        lastY = y
                    }
                }
                var a = py(e.max), b = py(e.min)
                if let p = prev {
                    let j = dx - p.column > 1 ? py(p.value + (e.first - p.value) * Double(dx - p.column - 1) / Double(dx - p.column)) : py(p.value)
                    a = min(a, j)
                    b = max(b, j)
                }
                for dy in a...b { setDot(dx, dy, style) }
                prev = (dx, e.last)
            }
        }
        let rawStyle = Style(fg: .role(.rawLine), dim: true)
        for p in prepared where p.smooth != nil { plotLine(xs: p.xs, ys: p.raw, style: rawStyle) }
        for p in prepared { plotLine(xs: p.xs, ys: p.smooth ?? p.raw, style: Style(fg: .role(p.line.ink), bold: p.smooth == nil)) }
        for cy in 0..<plot.height {
            for cx in 0..<plot.width {
                let i = cy * plot.width + cx
                guard bits[i] != 0, let st = ink[i] else { continue }
                let ch: Unicode.Scalar
                switch g.plot {
                case .braille: ch = Unicode.Scalar(0x2800 + UInt32(bits[i]))!
                case .block: ch = bits[i] == 3 ? "█" : bits[i] == 1 ? "▀" : "▄"
                case .ascii: ch = st.dim ? "." : "*"
                }
                c[plot.x + cx, plot.y + cy] = Cell(ch, st)
            }
        }
        // Reference lines, dashed, where no data is drawn.
        for r in m.references where ty(r.value).isFinite {
            let cy = py(ty(r.value)) / sy
            for cx in 0..<plot.width where bits[cy * plot.width + cx] == 0 && cx % 2 == 0 {
                c[plot.x + cx, plot.y + cy] = Cell(g.isUnicode ? "─" : "-", Style(fg: .role(.graphText), dim: true))
            }
        }
        func cellX(_ xv: Double) -> Int? {
            guard xv >= xr.lowerBound && xv <= xr.upperBound else { return nil }
            return plot.x + min(plot.width - 1, Int((xv - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * Double(pw - 1) + 0.5) / sx)
        }
        for xv in nanXs { if let cx = cellX(xv) { c[cx, plot.y] = Cell("!", Style(fg: .role(.statusError), bold: true)) } }

        // Axes: y labels, x labels, checkpoint marks.
        let labelStyle = Style(fg: .role(.graphText))
        func yLabel(_ v: Double) -> String { format(view.logY ? pow(10, v) : v, width: labelWidth - 1) }
        c.put(yLabel(hi - pad), x: inner.x, y: plot.y, style: labelStyle, maxWidth: labelWidth - 1)
        c.put(yLabel(lo + pad), x: inner.x, y: plot.maxY - 1, style: labelStyle, maxWidth: labelWidth - 1)
        if plot.height >= 5 { c.put(yLabel((hi + lo) / 2), x: inner.x, y: plot.y + plot.height / 2, style: labelStyle, maxWidth: labelWidth - 1) }
        let left = xLabel(xr.lowerBound, view.xAxis), right = xLabel(xr.upperBound, view.xAxis)
        c.put(left, x: plot.x, y: axisY, style: labelStyle)
        c.put(right, x: plot.maxX - right.count, y: axisY, style: labelStyle)
        let timed = view.xAxis == .step ? [] : m.lines.flatMap(\.points).sorted { $0.step < $1.step }
        for s in m.checkpointSteps {
            // A checkpoint's x on a time axis is the wall time of the first point at or after its step.
            let xv: Double
            if view.xAxis == .step { xv = Double(s) } else {
                let i = firstIndex(atOrAfter: s, in: timed)
                guard i < timed.count else { continue }
                xv = x(timed[i], view.xAxis, origin: origin)
            }
            if let cx = cellX(xv), cx > plot.x + left.count, cx < plot.maxX - right.count {
                c[cx, axisY] = Cell(g.checkpoint, Style(fg: .role(.checkpointMark)))
            }
        }

        // Checkpoints on the curve too: a dot where the training line is at that step.
        if let train = prepared.first(where: { $0.smooth != nil }) ?? prepared.first, !train.xs.isEmpty {
            let ys = train.smooth ?? train.raw
            for st in m.checkpointSteps {
                let i = min(firstIndex(atOrAfter: st, in: train.line.points), train.line.points.count - 1)
                guard abs(train.line.points[i].step - st) <= max(1, (train.line.points.last!.step - train.line.points[0].step) / Int64(max(1, pw))),
                      ys[i].isFinite, let cx = cellX(train.xs[i]) else { continue }
                c[cx, plot.y + min(plot.height - 1, py(ys[i]) / sy)] = Cell(g.onCurve, Style(fg: .role(.checkpointMark), bold: true))
            }
        }

        // Best point and the legend line.
        var legend: [(String, Style)] = [], compact: [(String, Style)] = []
        for p in prepared {
            let finite = p.line.points.map(\.value).filter(\.isFinite)
            guard let mn = finite.min(), let mx = finite.max(), let last = p.line.points.last else { continue }
            var s = "\(p.line.name) \(format(last.value, width: 9))"
            var short = s
            if let hib = m.higherIsBetter, p.line.name == "eval", let b = bestIndex(p.line.points, higherIsBetter: hib) {
                let bp = p.line.points[b]
                s += " best \(format(bp.value, width: 9))@\(bp.step)"
                short += " \(g.best)\(format(bp.value, width: 9))@\(bp.step)"
                if let cx = cellX(p.xs[b]), p.raw[b].isFinite {
                    let cy = plot.y + min(plot.height - 1, py(p.raw[b]) / sy)
                    c[cx, cy] = Cell(g.best, Style(fg: .role(.bestMark), bold: true))
                }
            }
            s += " min \(format(mn, width: 9)) max \(format(mx, width: 9))"
            legend.append((s, Style(fg: .role(p.line.ink))))
            compact.append((short, Style(fg: .role(p.line.ink))))
        }
        for r in m.references {
            let item = ("\(g.isUnicode ? "─ " : "- ")\(r.name) \(format(r.value, width: 9))", Style(fg: .role(.graphText)))
            legend.append(item); compact.append(item)
        }
        // min and max go first when the line is short of room; an item that still does not fit is left out whole.
        if legend.map({ $0.0.count + 2 }).reduce(0, +) > inner.width { legend = compact }
        var lx = inner.x
        for (s, st) in legend where lx + s.count <= inner.maxX {
            lx += c.put(s, x: lx, y: legendY, style: st) + 2
        }
    }

    /// The index of the first point at or after `step` in points sorted by step (`count` if none).
    static func firstIndex(atOrAfter step: Int64, in points: [ScalarPoint]) -> Int {
        var lo = 0, hi = points.count
        while lo < hi { let mid = (lo + hi) / 2; if points[mid].step < step { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// A compact number: at most `width` characters, significant digits first.
    public static func format(_ v: Double, width: Int) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "Inf" : "-Inf" }
        for digits in stride(from: 4, through: 1, by: -1) {
            let s = String(format: "%.\(digits)g", v)
            if s.count <= width { return s }
        }
        return String(format: "%.0e", v)
    }

    static func xLabel(_ v: Double, _ axis: XAxis) -> String {
        switch axis {
        case .step: return String(Int64(v.rounded()))
        case .relative:
            let s = Int(v.rounded())
            return s < 60 ? "\(s)s" : s < 3600 ? "\(s / 60)m\(s % 60)s" : "\(s / 3600)h\(s / 60 % 60)m"
        case .wall:
            return TrainScreen.timeOfDay(Date(timeIntervalSince1970: v))
        }
    }
}
