import Estimators
import Workspaces

/// Drawing the Model screen: the list of kinds with the highlighted one's description, the form, the draft's state.
extension ModelScreen {
    /// One line of the form: a field, or the error line under it.
    struct FormLine: Equatable {
        var field: Int
        var isError: Bool
        /// The row inside the form's box (0 = its first inner row).
        var y: Int
    }

    /// Rows of the form's box used by fields (the last five inner rows: a blank, the last edit, the field's help and hint, the draft's state).
    static func formRowsHeight(_ form: Rect) -> Int { max(1, form.height - 7) }

    /// The lines shown in `height` rows, scrolled so the selected field is visible.
    static func formLines(_ s: State, app: AppState, height: Int) -> [FormLine] {
        let f = fields(app)
        let inlineKey = draftError(app)?.key
        var all: [(field: Int, isError: Bool)] = []
        for (i, field) in f.enumerated() {
            all.append((i, false))
            if s.errors[field.key] != nil || inlineKey == field.key { all.append((i, true)) }
        }
        let sel = all.firstIndex { $0.field == s.fieldRow && !$0.isError } ?? 0
        let last = all.lastIndex { $0.field == s.fieldRow } ?? sel
        let first = max(0, min(sel, last - height + 1))
        return all.dropFirst(first).prefix(height).enumerated().map { FormLine(field: $1.field, isError: $1.isError, y: $0) }
    }

    /// The draft's parse error (`line N: problem`), with the `[estimator]` key on its line and the problem alone.
    static func draftError(_ app: AppState) -> (key: String?, text: String, problem: String)? {
        guard let d = app.draft, case let .failure(e) = d.workspace() else { return nil }
        guard let w = e as? WorkspaceError else { return (nil, "\(e)", "\(e)") }
        let entry = d.document?.entries.first { $0.line == w.line && $0.table == ["estimator"] && $0.key.count == 1 }
        return (entry?.key[0], "line \(w.line): \(w.problem)", w.problem)
    }

    public static func draw(_ s: State, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        let (list, form) = panes(l.table)
        drawList(s, list, &c, g, app)
        drawForm(s, form, &c, g, app)
    }

    static func drawList(_ s: State, _ r: Rect, _ c: inout Canvas, _ g: Glyphs, _ app: AppState) {
        let focused = s.focus == .kinds
        c.box(r, title: "estimators", style: Style(fg: .role(focused ? .modelBox : .divLine)), titleStyle: .role(.title, bold: focused), glyphs: g)
        let inner = r.inset(1)
        let current = currentKind(app), hi = highlighted(s, app)
        for (i, e) in EstimatorCatalog.entries.enumerated() where i < inner.height {
            let y = inner.y + i
            let isHi = e.kind == hi
            var st: Style = e.kind == current ? .role(.hiFg, bold: true) : .role(.mainFg)
            if isHi && focused {
                st = Style.selectedRow
                c.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: st)
            } else if isHi {
                st.underline = true
            }
            c.put((e.kind == current ? String(g.marked) : " ") + " " + e.kind.rawValue, x: inner.x, y: y, style: st, maxWidth: inner.width)
        }
        var y = inner.y + EstimatorCatalog.entries.count + 1
        let e = EstimatorCatalog.entry(for: hi)
        var lines = LogView.wrap(e.description, width: inner.width - 1) + ["task: \(e.task)"]
        if hi != current { lines.append("Enter chooses it") }
        for line in lines where y < inner.maxY {
            c.put(line, x: inner.x + 1, y: y, style: .role(line.hasPrefix("task") ? .hiFg : .graphText), maxWidth: inner.width - 1)
            y += 1
        }
    }

    static func drawForm(_ s: State, _ r: Rect, _ c: inout Canvas, _ g: Glyphs, _ app: AppState) {
        let focused = s.focus == .form
        let kind = currentKind(app)
        let entry = EstimatorCatalog.entry(for: kind)
        c.box(r, title: "\(kind.rawValue) · \(entry.task)", style: Style(fg: .role(focused ? .modelBox : .divLine)),
              titleStyle: .role(.title, bold: true), glyphs: g)
        let inner = r.inset(1)
        let keyW = min(25, entry.fields.map(\.key.count).max().map { $0 + 2 } ?? 12)
        let valueX = inner.x + 2 + keyW
        let inline = draftError(app)
        let selStyle = Style.selectedRow
        for line in formLines(s, app: app, height: formRowsHeight(r)) {
            let f = entry.fields[line.field]
            let y = inner.y + line.y
            if line.isError {
                let why = s.errors[f.key] ?? inline?.problem ?? ""
                c.put("✖ " + why, x: inner.x + 4, y: y, style: .role(.statusError, bold: true), maxWidth: inner.maxX - inner.x - 4)
                continue
            }
            let isSel = line.field == s.fieldRow, lit = isSel && focused
            if lit { c.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: selStyle) }
            // The arrow marks the selected field without colour too.
            if isSel { c.put("→", x: inner.x, y: y, style: lit ? selStyle : .role(.hiFg, bold: true)) }
            c.put(f.key, x: inner.x + 2, y: y, style: lit ? selStyle : .role(isSel ? .hiFg : .mainFg, bold: isSel), maxWidth: keyW - 1)
            let dim = lit ? selStyle : Style(fg: .role(.inactiveFg))
            var x = valueX
            if let v = value(f.key, app) {
                let text = HyperParameter.display(v)
                x += c.put(text, x: x, y: y, style: lit ? selStyle : .role(.hiFg, bold: true), maxWidth: inner.maxX - x) + 2
            }
            c.put("default \(f.defaultText)", x: x, y: y, style: dim, maxWidth: inner.maxX - x)
        }
        drawFooter(s, inner, entry, &c, app)
    }

    /// The selected field's help, then the draft's state: changed outside, an error, unsaved edits, or saved.
    static func drawFooter(_ s: State, _ inner: Rect, _ entry: EstimatorCatalog.Entry, _ c: inout Canvas, _ app: AppState) {
        if let m = s.message { c.put(m, x: inner.x + 1, y: inner.maxY - 4, style: .role(.hiFg), maxWidth: inner.width - 2) }
        if entry.fields.indices.contains(s.fieldRow), s.focus == .form {
            let f = entry.fields[s.fieldRow]
            c.put("\(f.key): \(f.help)", x: inner.x + 1, y: inner.maxY - 3, style: .role(.graphText), maxWidth: inner.width - 2)
            c.put(f.hint, x: inner.x + 1, y: inner.maxY - 2, style: .role(.graphText), maxWidth: inner.width - 2)
        } else {
            c.put("Tab or l: the form · Enter edits a field", x: inner.x + 1, y: inner.maxY - 3, style: .role(.inactiveFg),
                  maxWidth: inner.width - 2)
            c.put("d resets a field to its default", x: inner.x + 1, y: inner.maxY - 2, style: .role(.inactiveFg), maxWidth: inner.width - 2)
        }
        let (text, role): (String, ThemeKey)
        if let d = app.draft {
            if d.changedOutside != nil {
                (text, role) = ("changed outside est: :reload-workspace takes the file's version (your edits are dropped)", .statusError)
            } else if let e = draftError(app) {
                (text, role) = ("workspace.toml error, \(e.text)", .statusError)
            } else if d.isDirty {
                (text, role) = (d.onDisk == nil ? "not written yet (w writes it, shows the diff)" : "unsaved changes (w saves, shows the diff)",
                                .statusWarn)
            } else {
                (text, role) = ("saved: \(d.file)", .statusOk)
            }
        } else {
            (text, role) = ("no workspace is open: est workbench <folder> or est open data.csv", .inactiveFg)
        }
        c.put(text, x: inner.x + 1, y: inner.maxY - 1, style: .role(role, bold: role != .inactiveFg), maxWidth: inner.width - 2)
    }
}
