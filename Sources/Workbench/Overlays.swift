import Foundation
import Workspaces

/// What is drawn over a screen: help, the command palette, a confirmation, a comparison.
enum Overlays {
    static func draw(_ s: AppState, _ l: Layout, _ c: inout Canvas, _ g: Glyphs) {
        switch s.overlay {
        case .none: return
        case .help: help(s, l, &c, g)
        case let .palette(text, sel): palette(s, l, &c, g, text: text, selection: sel)
        case let .confirm(question, _, typed, _): confirm(s, l, &c, g, question, typed: typed)
        case .comparison: comparison(s, l, &c, g)
        case let .log(filter, scroll): LogView.drawFullScreen(s, filter: filter, scroll: scroll, &c, g)
        case let .edit(prompt, text): edit(s, l, &c, g, prompt, text: text)
        case let .filter(text):
            let r = Rect(x: l.overlay.x, y: max(1, l.overlay.y), width: l.overlay.width, height: 4)
            let what = s.screen == .train ? "charts" : s.screen == .data ? "rows" : "checkpoints"
            panel(r, "filter \(what) · regular expression, ! inverts · Enter applies · empty clears · Ctrl-U erases", &c, g)
            c.put("/" + text + "_", x: r.x + 2, y: r.y + 1, style: Style(fg: .role(.title), bg: .role(.mainBg), bold: true))
            if let f = s.filter {
                c.put("now: /\(f)/ (Esc keeps it)", x: r.x + 2, y: r.y + 2, style: Style(fg: .role(.graphText), bg: .role(.mainBg)))
            }
        }
    }

    static func panel(_ r: Rect, _ title: String, _ c: inout Canvas, _ g: Glyphs) {
        c.fill(r, style: Style(fg: .role(.mainFg), bg: .role(.mainBg)))
        c.box(r, title: title, style: Style(fg: .role(.hiFg), bg: .role(.mainBg)),
              titleStyle: Style(fg: .role(.title), bg: .role(.mainBg), bold: true), glyphs: g)
    }

    static func help(_ s: AppState, _ l: Layout, _ c: inout Canvas, _ g: Glyphs) {
        let r = l.overlay
        panel(r, "keys · \(s.screen.title) · Esc closes", &c, g)
        let inner = r.inset(1).inset(1)
        var y = inner.y, colX = inner.x
        let sections = KeyBindings.help(for: s.screen)
        let rowsNeeded = sections.map { $0.rows.count + 2 }.reduce(0, +)
        // One column when everything fits in one, so summaries are not cut.
        let twoColumns = rowsNeeded > inner.height
        let colW = twoColumns ? inner.width / 2 : inner.width
        // With two columns a section that does not fit in what is left of the first starts the second.
        for section in sections {
            if colX == inner.x && twoColumns && y > inner.y && y + section.rows.count + 1 > inner.maxY { y = inner.y; colX += colW }
            c.put(section.section, x: colX, y: y, style: Style(fg: .role(.hiFg), bg: .role(.mainBg), bold: true)); y += 1
            for row in section.rows {
                if y >= inner.maxY { y = inner.y; colX += colW }
                guard colX < inner.maxX else { break }
                c.put(row.keys, x: colX, y: y, style: Style(fg: .role(.title), bg: .role(.mainBg), bold: true), maxWidth: 9)
                c.put(row.summary, x: colX + 10, y: y, style: Style(fg: .role(.mainFg), bg: .role(.mainBg)), maxWidth: colW - 11)
                y += 1
            }
            y += 1
        }
    }

    static func palette(_ s: AppState, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, text: String, selection: Int) {
        let matches = Reducer.paletteMatches(text)
        let h = min(l.overlay.height, matches.count + 4)
        let r = Rect(x: l.overlay.x, y: max(1, l.overlay.y), width: l.overlay.width, height: max(5, h))
        panel(r, "command · Enter runs · Tab completes · Esc closes", &c, g)
        let inner = r.inset(1)
        c.put(":" + text + "_", x: inner.x + 1, y: inner.y, style: Style(fg: .role(.title), bg: .role(.mainBg), bold: true))
        for (i, m) in matches.prefix(inner.height - 2).enumerated() {
            let sel = i == selection
            let st = sel ? Style.selectedRow
                : Style(fg: .role(.mainFg), bg: .role(.mainBg))
            if sel { c.fill(Rect(x: inner.x, y: inner.y + 2 + i, width: inner.width, height: 1), style: st) }
            c.put(m.rawValue, x: inner.x + 1, y: inner.y + 2 + i, style: st)
            c.put(m.summary, x: inner.x + 30, y: inner.y + 2 + i, style: sel ? st : Style(fg: .role(.inactiveFg), bg: .role(.mainBg)),
                  maxWidth: inner.width - 31)
        }
    }

    static func confirm(_ s: AppState, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, _ question: Confirmation, typed: String) {
        if case let .saveWorkspace(d) = question { return saveDiff(s, l, &c, g, d, question.prompt) }
        let width = min(l.overlay.width, 76)
        let lines = wrap(question.prompt, width: width - 4)
        let r = Rect(x: (s.width - width) / 2, y: s.height / 2 - 3, width: width, height: lines.count + 4)
        panel(r, "confirm", &c, g)
        let warn = Style(fg: .role(.statusWarn), bg: .role(.mainBg), bold: true)
        for (i, line) in lines.enumerated() { c.put(line, x: r.x + 2, y: r.y + 1 + i, style: warn) }
        if !question.isYesNo { c.put("> " + typed + "_", x: r.x + 2, y: r.maxY - 2, style: Style(fg: .role(.title), bg: .role(.mainBg), bold: true)) }
    }

    /// A screen's one-line text field.
    static func edit(_ s: AppState, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, _ p: EditPrompt, text: String) {
        let r = Rect(x: l.overlay.x, y: max(1, l.overlay.y), width: l.overlay.width, height: p.hint.isEmpty ? 3 : 4)
        panel(r, "\(p.title) · Enter sets · Esc cancels · Ctrl-U erases", &c, g)
        c.put("> " + text + "_", x: r.x + 2, y: r.y + 1, style: Style(fg: .role(.title), bg: .role(.mainBg), bold: true), maxWidth: r.width - 4)
        if !p.hint.isEmpty { c.put(p.hint, x: r.x + 2, y: r.y + 2, style: Style(fg: .role(.graphText), bg: .role(.mainBg)), maxWidth: r.width - 4) }
    }

    /// The save question with the lines that change (two lines of context around each change).
    static func saveDiff(_ s: AppState, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, _ d: WorkspaceDraft, _ prompt: String) {
        let r = l.overlay
        panel(r, "save workspace.toml · y saves · n or Esc cancels", &c, g)
        let inner = r.inset(1).inset(1)
        c.put(prompt, x: inner.x, y: inner.y, style: Style(fg: .role(.statusWarn), bg: .role(.mainBg), bold: true), maxWidth: inner.width)
        let lines = d.diffFromDisk.unified(context: 2).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        for (i, line) in lines.prefix(max(0, inner.height - 2)).enumerated() {
            let role: ThemeKey = line.hasPrefix("+") ? .statusOk : line.hasPrefix("-") ? .statusError : line.hasPrefix("@@") ? .hiFg : .mainFg
            c.put(line, x: inner.x, y: inner.y + 2 + i, style: Style(fg: .role(role), bg: .role(.mainBg)), maxWidth: inner.width)
        }
        if lines.count > inner.height - 2 {
            c.put("… \(lines.count - (inner.height - 2)) more lines", x: inner.x, y: inner.maxY - 1,
                  style: Style(fg: .role(.inactiveFg), bg: .role(.mainBg)))
        }
    }

    static func comparison(_ s: AppState, _ l: Layout, _ c: inout Canvas, _ g: Glyphs) {
        guard let cmp = s.comparison else { return }
        let r = l.overlay
        panel(r, "step \(cmp.a) → step \(cmp.b) · Esc closes", &c, g)
        let inner = r.inset(1).inset(1)
        var y = inner.y
        let head = Style(fg: .role(.hiFg), bg: .role(.mainBg), bold: true), body = Style(fg: .role(.mainFg), bg: .role(.mainBg))
        c.put(pad("metric", 30) + pad("step \(cmp.a)", 16) + pad("step \(cmp.b)", 16) + "change", x: inner.x, y: y, style: head); y += 1
        if cmp.metricDeltas.isEmpty { c.put("neither is evaluated (e evaluates the selected one)", x: inner.x, y: y, style: body); y += 1 }
        for m in cmp.metricDeltas where y < inner.maxY - 3 {
            let a = m.a.map { ChartRenderer.format($0, width: 9) } ?? "–", b = m.b.map { ChartRenderer.format($0, width: 9) } ?? "–"
            var delta = "–", st = body
            if let x = m.a, let z = m.b {
                delta = (z - x >= 0 ? "+" : "") + ChartRenderer.format(z - x, width: 9)
                if let hib = higherIsBetter(m.name), z != x {
                    st = Style(fg: .role((z > x) == hib ? .statusOk : .statusError), bg: .role(.mainBg), bold: true)
                }
            }
            c.put(pad(m.name, 30) + pad(a, 16) + pad(b, 16), x: inner.x, y: y, style: body)
            c.put(delta, x: inner.x + 62, y: y, style: st); y += 1
        }
        y += 1
        guard y < inner.maxY - 1 else { return }
        let header = pad("variable", max(40, inner.width - 36)) + pad("‖b − a‖", 12) + pad("‖a‖", 12) + "ratio"
        c.put(header, x: inner.x, y: y, style: head)
        y += 1
        for v in cmp.variables.sorted(by: { $0.change > $1.change }) where y < inner.maxY {
            let rel = v.norm > 0 ? ChartRenderer.format(v.change / v.norm, width: 9) : "–"
            let nameW = max(40, inner.width - 36)
            let row = pad(v.name, nameW) + pad(ChartRenderer.format(v.change, width: 9), 12) + pad(ChartRenderer.format(v.norm, width: 9), 12) + rel
            c.put(row, x: inner.x, y: y, style: body, maxWidth: inner.width)
            y += 1
        }
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? String(s.prefix(n - 1)) + " " : s + String(repeating: " ", count: n - s.count) }

    /// Words to lines of at most `width`; a number grouped in threes ("400 000") is never split across lines.
    static func wrap(_ text: String, width: Int) -> [String] {
        var words: [String] = []
        for w in text.split(separator: " ").map(String.init) {
            let isGroup = w.count >= 3 && w.prefix(3).allSatisfy(\.isNumber) && !(w.dropFirst(3).first?.isNumber ?? false)
            if isGroup, let last = words.last, last.last?.isNumber == true { words[words.count - 1] = last + " " + w } else { words.append(w) }
        }
        var lines: [String] = [], cur = ""
        for w in words {
            if !cur.isEmpty && cur.count + 1 + w.count > width { lines.append(cur); cur = "" }
            cur += (cur.isEmpty ? "" : " ") + w
        }
        if !cur.isEmpty { lines.append(cur) }
        return lines
    }
}
