import Foundation

/// Drawing the log: the pane of the Train screen and the full-screen log (`L`).
extension LogView {
    static func style(_ level: LogLine.Level, bg: Ink = .role(.mainBg)) -> Style {
        switch level {
        case .info: Style(fg: .role(.mainFg), bg: bg)
        case .warning: Style(fg: .role(.statusWarn), bg: bg)
        case .error: Style(fg: .role(.statusError), bg: bg, bold: true)
        }
    }

    /// The pane: unacknowledged errors pinned at the top (in the error colour), then the lines around the cursor
    /// (highlighted while the pane has the focus), an expanded line wrapped whole.
    static func drawPane(_ s: AppState, _ t: TrainScreen.State, _ r: Rect, _ c: inout Canvas, _ g: Glyphs) {
        let focused = t.focusedPane == 1
        let unacknowledged = s.unacknowledgedErrors.count
        var title = "log"
        if unacknowledged > 0 { title += " · \(unacknowledged) error\(unacknowledged == 1 ? "" : "s") pinned (L reads and clears)" }
        else if focused { title += " · ↑↓ line · Enter whole line · L full screen" }
        c.box(r, title: title, style: Style(fg: .role(focused ? .hiFg : .divLine)),
              titleStyle: unacknowledged > 0 ? .role(.statusError, bold: true) : .role(.title, bold: true), glyphs: g)
        let inner = r.inset(1)
        guard inner.height > 0 else { return }
        var y = inner.y
        // An error the lines below show anyway is not pinned as well (it would take two of the pane's few rows).
        var pins = pinned(s, height: inner.height)
        let flow = Set(paneRows(s, cursor: t.logCursor, expanded: t.logExpanded, width: inner.width, height: inner.height - pins.count)
            .map { s.logLineID($0.index) })
        pins.removeAll { flow.contains($0) }
        for id in pins {
            let line = s.log[id - s.logDropped]
            let mark = g.isUnicode ? "✖ " : "x "
            var x = inner.x + c.put(mark, x: inner.x, y: y, style: .role(.statusError, bold: true))
            x += c.put(stamp(line), x: x, y: y, style: .role(.inactiveFg))
            c.put(line.text, x: x, y: y, style: .role(.statusError, bold: true), maxWidth: inner.maxX - x)
            y += 1
        }
        let rows = paneRows(s, cursor: t.logCursor, expanded: t.logExpanded, width: inner.width, height: inner.maxY - y)
        let cursor = cursorIndex(t.logCursor, s)
        for row in rows {
            let line = s.log[row.index]
            let selected = focused && row.index == cursor
            let bg: Ink = selected ? .role(.selectedBg) : .role(.mainBg)
            if selected { c.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: Style(bg: bg)) }
            let time = stamp(line)
            if row.isFirst { c.put(time, x: inner.x, y: y, style: Style(fg: .role(.inactiveFg), bg: bg)) }
            var st = style(line.level, bg: bg)
            if selected { st.bold = true; st.reverse = true }
            c.put(row.text, x: inner.x + time.count, y: y, style: st, maxWidth: inner.width - time.count)
            y += 1
        }
    }

    /// The full-screen log: the filter line, then every line that passes it, wrapped whole, with its time and level.
    static func drawFullScreen(_ s: AppState, filter: String, scroll: Int, _ c: inout Canvas, _ g: Glyphs) {
        let r = fullScreenRect(s)
        let all = fullRows(s, filter: filter, width: r.width - 2)
        let shown = Set(all.map(\.index)).count
        Overlays.panel(r, "log · \(shown) of \(s.log.count) lines · type to filter · ↑↓ PgUp PgDn Home End · Esc closes", &c, g)
        let inner = r.inset(1)
        let prompt = "filter: " + filter + "_"
        let x = inner.x + c.put(prompt, x: inner.x, y: inner.y, style: Style(fg: .role(.title), bg: .role(.mainBg), bold: true))
        if filter.isEmpty {
            c.put("  case-insensitive, on the text and the level (warning, error)", x: x, y: inner.y,
                  style: Style(fg: .role(.inactiveFg), bg: .role(.mainBg)), maxWidth: inner.maxX - x)
        }
        if let path = s.logFilePath {
            c.put(" every line is also in \(path) ", x: r.x + 2, y: r.maxY - 1, style: Style(fg: .role(.inactiveFg), bg: .role(.mainBg)),
                  maxWidth: r.width - 4)
        }
        let height = fullScreenHeight(s)
        if all.isEmpty {
            let what = s.log.isEmpty ? "the log is empty" : "no log line matches '\(filter)'"
            c.put(what, x: inner.x, y: inner.y + 2, style: Style(fg: .role(.statusWarn), bg: .role(.mainBg)))
            return
        }
        let end = all.count - min(scroll, maxScroll(s, filter: filter))
        for (i, row) in all[max(0, end - height)..<end].enumerated() {
            let line = s.log[row.index]
            let y = inner.y + 2 + i
            let prefix = stamp(line) + levelTag(line)
            if row.isFirst {
                let px = inner.x + c.put(stamp(line), x: inner.x, y: y, style: Style(fg: .role(.inactiveFg), bg: .role(.mainBg)))
                c.put(levelTag(line), x: px, y: y, style: style(line.level))
            }
            c.put(row.text, x: inner.x + prefix.count, y: y, style: style(line.level), maxWidth: inner.width - prefix.count)
        }
        if end < all.count || end > height {
            let more = " rows \(max(1, end - height + 1))–\(end) of \(all.count) "
            c.put(more, x: r.maxX - more.count - 2, y: r.maxY - 1, style: Style(fg: .role(.hiFg), bg: .role(.mainBg), bold: true))
        }
    }
}
