import Foundation
import Workspaces

/// Drawing the Checkpoints screen: the table and the selected checkpoint's details.
extension CheckpointsScreen {
    /// The first row shown so the selection stays visible in `height` rows.
    static func firstRow(_ t: State, rows: [CheckpointRow], height: Int) -> Int {
        let i = rows.firstIndex { $0.step == t.selectedStep } ?? 0
        return max(0, i - max(1, height) + 1)
    }

    public static func draw(_ t: State, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app s: AppState) {
        let r = l.table
        let rows = shownRows(t, app: s)
        let keep = s.keepBest.map { " · keep best \($0.n) by \($0.metric)" } ?? ""
        let shownCount = s.filter == nil ? "\(s.checkpoints.count)" : "\(rows.count) of \(s.checkpoints.count)"
        c.box(r, title: "checkpoints · \(shownCount) in \(s.modelDir) · sorted by \(t.sortKey) \(t.sortDescending ? "↓" : "↑")\(keep)",
              style: Style(fg: .role(.checkpointsBox)), titleStyle: .role(.title, bold: true), glyphs: g)
        let inner = r.inset(1)
        let metricCols = Array(columns(s.checkpoints).dropFirst(3))
        // Column widths: mark 2, step 8, time 9, size 11, then each metric as wide as its name (at
        // least 11) while they fit; h/l scroll through metrics that do not.
        let fixed = [("", 2), ("step", 8), ("time", 9), ("size", 11)]
        let room = inner.width - fixed.map(\.1).reduce(0, +) - 4
        let shown = visibleColumns(metricCols, from: t.columnOffset, keeping: t.sortKey, room: room)
        let widths = Dictionary(uniqueKeysWithValues: shown.map { ($0, columnWidth($0)) })
        var x = inner.x
        for (name, w) in fixed + shown.map({ ($0, widths[$0]!) }) {
            let active = name == t.sortKey
            let label = name.count > w - 1 ? String(name.prefix(w - 2)) + String(g.ellipsis) : name
            c.put(label, x: x, y: inner.y, style: Style(fg: .role(active ? .hiFg : .graphText), bold: true, underline: active))
            x += w
        }
        if metricCols.count > shown.count {
            c.put("+\(metricCols.count - shown.count) h/l", x: inner.maxX - 8, y: inner.y, style: .role(.inactiveFg))
        }
        if rows.isEmpty {
            let empty = s.checkpoints.isEmpty ? "no checkpoints yet: press s to train, or run est train in another terminal"
                : "no checkpoint matches the filter /\(s.filter ?? "")/ (/ changes it)"
            c.put(empty, x: inner.x + 2, y: inner.y + 2, style: .role(.inactiveFg))
        }
        let height = inner.height - 1
        let first = firstRow(t, rows: rows, height: height)
        // Each metric's best value is highlighted with the metric gradient's end.
        var best: [String: Double] = [:]
        for m in shown {
            let v = rows.compactMap { $0.metrics[m] }
            if let hib = higherIsBetter(m) { best[m] = hib ? v.max() : v.min() }
        }
        for (i, row) in rows.dropFirst(first).prefix(height).enumerated() {
            let y = inner.y + 1 + i
            let isSel = row.step == t.selectedStep
            let base: Style = isSel ? .selectedRow : .plain
            if isSel { c.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: base) }
            var x = inner.x
            let mark = t.marked.contains(row.step) ? String(g.marked) : row.isReadable ? " " : "!"
            c.put(mark, x: x, y: y, style: isSel ? base : row.isReadable ? .role(.hiFg, bold: true) : .role(.statusError, bold: true)); x += 2
            c.put(String(row.step), x: x, y: y, style: base); x += 8
            c.put(row.wallTime.map { stamp($0, now: s.now) } ?? "?", x: x, y: y, style: base); x += 9
            c.put(bytes(row.bytes), x: x, y: y, style: base); x += 11
            for m in shown {
                if let v = row.metrics[m] {
                    var st = base
                    if !isSel && best[m] == v && rows.count > 1 { st = Style(fg: .role(.bestMark), bold: true) }
                    c.put(ChartRenderer.format(v, width: widths[m]! - 2), x: x, y: y, style: st)
                } else {
                    c.put("–", x: x, y: y, style: isSel ? base : .role(.inactiveFg))
                }
                x += widths[m]!
            }
        }
        detail(t, s, l.detail, &c, g)
    }

    /// Time of day for today's checkpoints, the date for older ones.
    static func stamp(_ t: Double, now: Double) -> String {
        guard now - t > 20 * 3600 else { return TrainScreen.timeOfDay(Date(timeIntervalSince1970: t)) }
        let lt = TrainScreen.localTime(t)
        return String(format: "%02d-%02d", lt.tm_mon + 1, lt.tm_mday)
    }

    static func columnWidth(_ metric: String) -> Int { max(11, metric.count + 2) }

    /// The metric columns that fit in `room`: from the scroll offset, moved so the sort column is
    /// shown, then widened to the left while earlier columns fit (no room left unused).
    static func visibleColumns(_ all: [String], from offset: Int, keeping sortKey: String, room: Int) -> [String] {
        guard !all.isEmpty else { return [] }
        func fits(_ r: Range<Int>) -> Bool { all[r].map(columnWidth).reduce(0, +) <= room }
        var lo = min(offset, all.count - 1), hi = lo
        while hi < all.count, fits(lo..<(hi + 1)) { hi += 1 }
        if let k = all.firstIndex(of: sortKey) {
            if k < lo { lo = k; hi = k; while hi < all.count, fits(lo..<(hi + 1)) { hi += 1 } }
            else if k >= hi { hi = k + 1; lo = k; while lo > 0, fits((lo - 1)..<hi) { lo -= 1 } }
        }
        while lo > 0, fits((lo - 1)..<hi) { lo -= 1 }
        return Array(all[lo..<hi])
    }

    static func bytes(_ n: Int) -> String {
        n >= 1 << 20 ? String(format: "%.1f MiB", Double(n) / 1048576) : n >= 1024 ? String(format: "%.1f KiB", Double(n) / 1024) : "\(n) B"
    }

    static func detail(_ t: State, _ s: AppState, _ r: Rect, _ c: inout Canvas, _ g: Glyphs) {
        c.box(r, title: "selected", style: Style(fg: .role(.divLine)), titleStyle: .role(.title, bold: true), glyphs: g)
        let inner = r.inset(1)
        var y = inner.y
        if let j = s.job {
            c.put("\(j.cancelling ? "cancelling" : j.title)… \(j.done) batches  (Ctrl-C cancels)", x: inner.x, y: y,
                  style: .role(.statusWarn, bold: true))
            y += 1
        }
        // The panel shows what the keys act on: the selected row if the filter shows it.
        guard let row = selected(t, s) else {
            let hidden = s.filter.flatMap { f in t.selectedStep.map { "step \($0) is hidden by the filter /\(f)/ (/ then Enter shows every row)" } }
            c.put(hidden ?? "select a checkpoint with j/k", x: inner.x, y: y, style: .role(.inactiveFg), maxWidth: inner.width)
            return
        }
        c.put("\(row.prefix).safetensors", x: inner.x, y: y, style: .role(.mainFg), maxWidth: inner.width); y += 1
        if !row.isReadable {
            c.put("unreadable: not a safetensors file (\(row.bytes) bytes); training resumes from the checkpoint before it",
                  x: inner.x, y: y, style: .role(.statusError, bold: true), maxWidth: inner.width)
            y += 1
        }
        let metrics = row.metrics.filter { $0.key != "global_step" }.sorted { $0.key < $1.key }
        if metrics.isEmpty {
            c.put("not evaluated: e evaluates it on the workspace's eval data", x: inner.x, y: y, style: .role(.inactiveFg)); y += 1
        } else {
            var x = inner.x
            for (k, v) in metrics {
                let item = "\(k) \(ChartRenderer.format(v, width: 9))"
                if x + item.count > inner.maxX { y += 1; x = inner.x }
                if y >= inner.maxY - 1 { break }
                c.put(item, x: x, y: y, style: .role(.mainFg)); x += item.count + 3
            }
            y += 1
        }
        if y < inner.maxY - 1 {
            let marks = t.marked.isEmpty ? "none" : t.marked.map(String.init).joined(separator: ", ")
            c.put("marked: \(marks)  ·  Space marks two, c compares them  ·  r resumes, w warm-starts a new run from the selected",
                  x: inner.x, y: inner.maxY - 2,
                  style: .role(.inactiveFg), maxWidth: inner.width)
        }
        // The log's newest line: results of e, c and keep-best show here too.
        if let last = s.log.last {
            let style: Style = last.level == .info ? .role(.mainFg) : last.level == .warning ? .role(.statusWarn) : .role(.statusError, bold: true)
            c.put(last.text, x: inner.x, y: inner.maxY - 1, style: style, maxWidth: inner.width)
        }
    }
}
