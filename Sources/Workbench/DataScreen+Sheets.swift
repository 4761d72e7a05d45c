import Datasets

/// The Data screen's stack of sheets: opening them, handing them commands, applying what they hand back.
extension DataScreen {
    /// `I`, `F`, `H`, `.`: opens a sheet on the current tab's file (and column).
    static func openSheet(_ s: inout State, _ c: Command, _ t: DataTab, app: AppState) -> ScreenResult {
        guard !t.names.isEmpty else { return .note("\(t.name) has no columns to show: \(t.error?.problem ?? "it is not read yet")", .warning) }
        let column = t.names[t.column]
        let sheet: DataSheet
        switch c {
        case .describe: sheet = .describe(DescribeSheet(file: t.file))
        case .frequency: sheet = .frequency(FrequencySheet(file: t.file, column: column))
        case .histogram:
            guard isNumeric(t, column: t.column, app: app) else {
                return .note("\(column) is not numeric: no histogram (F shows its frequency table)", .warning)
            }
            sheet = .histogram(HistogramSheet(file: t.file, column: column))
        default:
            guard let (x, y) = scatterAxes(t, app: app) else {
                return .note("a scatter plot needs two numeric columns: move to a numeric one (y), after another (x)", .warning)
            }
            sheet = .scatter(ScatterSheet(file: t.file, x: x, y: y))
        }
        return push(&s, sheet, app: app)
    }

    /// Puts a sheet on top and asks for what it needs: its file's statistics and its own opening work.
    static func push(_ s: inout State, _ sheet: DataSheet, app: AppState, result: ScreenResult = ScreenResult()) -> ScreenResult {
        s.sheets.append(sheet)
        var r = result
        if app.data.statistics[sheet.file] == nil { r.requests.append(.describe(sheet.file)) }
        r.effects += sheet.openingRequests.map { .data(.sheet($0)) }
        return r
    }

    /// A command for the top sheet; nil when neither it nor the stack takes it (the table then does).
    static func sheetCommand(_ s: inout State, _ c: Command, argument: String?, app: AppState) -> ScreenResult? {
        guard var top = s.sheets.last else { return nil }
        // h/l move the table's column; on a sheet they scroll its columns.
        let forSheet: Command = c == .columnLeft ? .panLeft : c == .columnRight ? .panRight : c
        if let r = top.reduce(forSheet, argument: argument, app: app) {
            s.sheets[s.sheets.count - 1] = top
            return apply(&s, r, app: app)
        }
        switch c {
        case .quit, .back:
            s.sheets.removeLast()
            return ScreenResult()
        // Sheets of the table's file are opened from the table; a sheet on top keeps the stack simple.
        case .describe, .frequency, .histogram, .scatter, .nextPane, .previousPane, .columnLeft, .columnRight,
             .sortAscending, .sortDescending, .filterColumn:
            return .note("close the sheet first (Esc)", .info)
        default: return nil
        }
    }

    /// What a sheet handed back: its result, a sheet to open on top, a filter for the table (closing every sheet).
    static func apply(_ s: inout State, _ r: SheetResult, app: AppState) -> ScreenResult {
        if let sheet = r.open { return push(&s, sheet, app: app, result: r.result) }
        guard let f = r.filter else { return r.result }
        // The filter is for the file of the sheet that handed it.
        let file = s.sheets.last?.file
        s.sheets = []
        var result = r.result
        guard let i = s.tabs.firstIndex(where: { $0.file == file }) ?? (s.tabs.isEmpty ? nil : s.current) else { return result }
        s.current = i
        var t = s.tabs[s.current]
        t.filter = f
        if let c = f.column, let k = t.names.firstIndex(of: c) { t.column = k }
        result.effects += setView(&t, view(t, sort: t.wanted.sort, app: app), app: app)
        s.tabs[s.current] = t
        return result
    }
}
