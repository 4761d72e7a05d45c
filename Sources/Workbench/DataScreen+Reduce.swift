import Datasets

/// The Data screen's commands: the cursor, tabs, sort, filter; sheets get the commands first.
extension DataScreen {
    static func command(_ s: inout State, _ c: Command, argument: String?, app: AppState) -> ScreenResult? {
        if !s.sheets.isEmpty, let r = sheetCommand(&s, c, argument: argument, app: app) { return r }
        if c == .cancel { return cancel(&s) }
        if c == .nextPane || c == .previousPane {
            guard !s.tabs.isEmpty else { return ScreenResult() }
            s.current = (s.current + (c == .nextPane ? 1 : s.tabs.count - 1)) % s.tabs.count
            var t = s.tabs[s.current]
            let effects = refresh(&t, app: app)
            s.tabs[s.current] = t
            return ScreenResult(effects: effects)
        }
        guard var t = s.tab else { return c == .quit || c == .back ? nil : .note("no data file in the workspace", .warning) }
        var result = ScreenResult()
        let h = tableRows(app)
        let before = t.column
        switch c {
        // A count (`:down 1000`) moves that many rows.
        case .up: t.row -= argument.flatMap { Int($0) } ?? 1
        case .down: t.row += argument.flatMap { Int($0) } ?? 1
        case .pageUp: t.row -= h; t.top -= h
        case .pageDown: t.row += h; t.top += h
        case .top: t.row = 0
        case .bottom: t.row = t.count - 1
        case .columnLeft: t.column -= 1
        case .columnRight: t.column += 1
        case .sortAscending, .sortDescending:
            guard t.names.indices.contains(t.column) else { return .note("no column to sort by", .warning) }
            let sort = TableSort(column: t.names[t.column], descending: c == .sortDescending)
            // The same sort again goes back to the file's order.
            let effects = setView(&t, view(t, sort: t.wanted.sort == sort ? nil : sort, app: app), app: app)
            result = ScreenResult(effects: effects)
        case .filterColumn:
            if let text = argument {
                t.filter = filter(text, column: t.names.indices.contains(t.column) ? t.names[t.column] : nil)
                result = ScreenResult(effects: setView(&t, view(t, sort: t.wanted.sort, app: app), app: app))
            } else {
                guard t.names.indices.contains(t.column) else { return .note("no column to filter", .warning) }
                let initial = t.filter.map { ($0.inverted ? "!" : "") + $0.pattern } ?? ""
                result = ScreenResult(requests: [.edit(EditPrompt(title: "filter rows by \(t.names[t.column])", initial: initial,
                                                                 command: .filterColumn, hint: "regular expression, ! inverts, empty clears"))])
            }
        case .back:
            guard t.filter != nil else { return nil }
            t.filter = nil
            result = ScreenResult(effects: setView(&t, view(t, sort: t.wanted.sort, app: app), app: app))
        case .describe, .frequency, .histogram, .scatter: return openSheet(&s, c, t, app: app)
        case .openSelected: return .note("Enter opens a value on a sheet: F is the frequency of the column")
        default: return nil
        }
        if t.column != before && t.names.indices.contains(before) { t.previousColumn = before }
        result.effects += refresh(&t, app: app)
        s.tabs[s.current] = t
        return result
    }

    /// A typed filter: empty clears it, a leading `!` inverts it.
    static func filter(_ text: String, column: String?) -> ColumnFilter? {
        guard !text.isEmpty, text != "!" else { return nil }
        let inverted = text.hasPrefix("!")
        return ColumnFilter(column: column, pattern: inverted ? String(text.dropFirst()) : text, inverted: inverted)
    }

    /// Ctrl-C: stops the current tab's sort or filter (nil when none runs, so the root cancels its own work).
    static func cancel(_ s: inout State) -> ScreenResult? {
        guard var t = s.tab, let job = t.job else { return nil }
        t.job = nil
        t.wanted = t.shown
        s.tabs[s.current] = t
        return ScreenResult(effects: [.data(.cancelView(file: t.file))], requests: [.note("\(job.what) cancelled", .info)])
    }
}
