import Datasets

/// Screen 1, Data: the CSV files of the workspace as virtualised tables, describe, frequency, histogram, scatter.
///
/// Each file is a tab (Tab / Shift-Tab switch). The session indexes each file's rows in the background and answers
/// page requests for the rows on screen; a sort (`[` `]`) or a filter (`/` over the row, `|` over the column) is
/// computed by the session as a list of row numbers, so the state holds only the page shown. Sheets (describe,
/// frequency, histogram, scatter) open over the table as a stack; commands go to the top sheet first.
public enum DataScreen: ScreenModule {
    public static var screens: [Screen] { [.data] }
    public static var state: WritableKeyPath<AppState, State> { \.dataScreen }

    public static func reduce(_ s: inout State, _ action: ScreenAction, app: AppState) -> ScreenResult? {
        switch action {
        case let .follow(change): return follow(&s, change, app: app)
        case let .command(c, argument): return command(&s, c, argument: argument, app: app)
        }
    }

    public static func click(_ s: inout State, x: Int, y: Int, layout: Layout, app: AppState) -> ScreenResult {
        // A click on a row of the table moves the cursor there.
        guard s.sheets.isEmpty, var t = s.tab else { return ScreenResult([]) }
        let inner = layout.table.inset(1)
        let r = y - inner.y - 1
        guard r >= 0, r < tableRows(app), t.top + r < t.count else { return ScreenResult([]) }
        t.row = t.top + r
        var xx = inner.x
        let widths = columnWidths(t)
        for c in t.left..<t.names.count {
            if x < xx + widths[c] + 1 { t.column = c; break }
            xx += widths[c] + 1
        }
        let effects = refresh(&t, app: app)
        s.tabs[s.current] = t
        return ScreenResult(effects: effects)
    }

    public static func layout(_ l: inout Layout, body: Rect, _ s: State, app: AppState) { l.table = body }

    public static func hints(_ s: State, app: AppState) -> (long: String, short: String) {
        if let sheet = s.sheets.last { return ("\(sheet.hints)  q/Esc closes ", "Esc closes ") }
        guard let t = s.tab, !t.names.isEmpty else { return ("Tab next file  ? help ", "? help ") }
        let xy = scatterAxes(t, app: app).map { " (y \($0.y), x \($0.x))" } ?? ""
        let tabs = s.tabs.count > 1 ? "  Tab file" : ""
        return ("hjkl move  [ ] sort  / rows  | column  I describe  F freq  H hist  . scatter\(xy)\(tabs) ",
                "[ ] sort  / | filter  I F H . ")
    }

    /// Rows of the table on screen (the body less the box, the column header and the status line).
    static func tableRows(_ app: AppState) -> Int { max(1, app.height - 6) }

    /// Rows asked for in one page: the rows on screen, at least 64 (scrolling reads a page every few dozen rows).
    static func pageRows(_ app: AppState) -> Int { max(64, tableRows(app)) }
}
