/// Screen 4: run state, throughput and ETA; a chart per metric; the log pane.
///
/// Starting, pausing and stopping the run are the root's (they work from Checkpoints too); this screen keeps the
/// chart view, the focused chart and pane, and the log's scroll.
public enum TrainScreen: ScreenModule {
    /// What the Train screen remembers.
    public struct State: Equatable, Sendable {
        public var chartView = ChartView()
        /// Index of the focused chart (scrolls the grid so it is visible).
        public var focusedChart = 0
        /// 0: charts, 1: log.
        public var focusedPane = 0
        /// The log line the pane's cursor is on (its id, ``AppState/logLineID(_:)``); nil: the newest, following
        /// new lines. Lines arriving do not move a cursor that is set.
        public var logCursor: Int?
        /// The log lines shown whole (wrapped over several rows), by id.
        public var logExpanded: Set<Int> = []
        public init() {}
    }

    public static var screens: [Screen] { [.train] }
    public static var state: WritableKeyPath<AppState, State> { \.trainScreen }

    public static func reduce(_ s: inout State, _ action: ScreenAction, app: AppState) -> ScreenResult? {
        switch action {
        case .follow(.runData):
            let count = app.chartTags.count
            if s.focusedChart >= count { s.focusedChart = max(0, count - 1) }
        case .follow(.filter): s.focusedChart = 0
        case .follow: break
        case let .command(c, argument): return command(&s, c, argument: argument, app: app)
        }
        return ScreenResult()
    }

    static func command(_ s: inout State, _ c: Command, argument: String?, app: AppState) -> ScreenResult? {
        switch c {
        case .nextPane, .previousPane: s.focusedPane = 1 - s.focusedPane
        case .up: move(&s, by: -1, app)
        case .down: move(&s, by: 1, app)
        case .pageUp: move(&s, by: -10, app)
        case .pageDown: move(&s, by: 10, app)
        case .top: move(&s, by: -100_000, app)
        case .bottom: move(&s, by: 100_000, app)
        case .next, .previous: s.focusedChart = max(0, min(app.chartTags.count - 1, s.focusedChart + (c == .next ? 1 : -1)))
        case .smoothingLess, .smoothingMore:
            if let a = argument, let v = Double(a) { s.chartView.smoothing = min(Smoothing.maxWeight, max(0, v)) } else {
                let steps = [0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99, 0.999]
                let i = steps.firstIndex { $0 >= s.chartView.smoothing - 1e-9 } ?? 2
                let up = min(steps.count - 1, i + (steps[i] > s.chartView.smoothing + 1e-9 ? 0 : 1))
                s.chartView.smoothing = steps[c == .smoothingMore ? up : max(0, i - 1)]
            }
        case .logY: s.chartView.logY.toggle()
        case .xAxis: s.chartView.xAxis = s.chartView.xAxis.next; s.chartView.window = nil
        case .follow: s.chartView.window = nil
        case .zoomIn, .zoomOut, .panLeft, .panRight: zoom(&s, c, app)
        case .exportChartCSV: return ScreenResult(effects: [.exportChartCSV(tags: app.chartTags)])
        case .expandLogLine:
            guard !app.log.isEmpty else { return ScreenResult(requests: [.note("the log is empty", .info)]) }
            let id = app.logLineID(LogView.cursorIndex(s.logCursor, app))
            if s.logExpanded.remove(id) == nil { s.logExpanded.insert(id) }
        default: return nil
        }
        return ScreenResult()
    }

    /// Moves the focus through the charts (a row at a time) or the log's cursor (a line at a time), by the focused pane.
    static func move(_ s: inout State, by d: Int, _ app: AppState) {
        if s.focusedPane == 1 {
            guard !app.log.isEmpty else { return }
            let i = max(0, min(app.log.count - 1, LogView.cursorIndex(s.logCursor, app) + d))
            // At the newest line the cursor follows new ones again.
            s.logCursor = i == app.log.count - 1 ? nil : app.logLineID(i)
        } else {
            // The grid's columns depend on the size and the chart count, not on this screen's state.
            s.focusedChart = max(0, min(app.chartTags.count - 1, s.focusedChart + d * Layout.compute(app).chartColumns))
        }
    }

    static func zoom(_ s: inout State, _ c: Command, _ app: AppState) {
        let tags = app.chartTags
        guard let tag = tags.indices.contains(s.focusedChart) ? tags[s.focusedChart] : tags.first,
              let full = ChartRenderer.extent(app.chart(tag), axis: s.chartView.xAxis, origin: app.runData.origin ?? 0) else { return }
        let cur = s.chartView.window ?? full
        let span = max(cur.upperBound - cur.lowerBound, 1e-9)
        switch c {
        case .zoomIn: s.chartView.window = (cur.upperBound - span / 2)...cur.upperBound
        case .zoomOut:
            // Twice as wide around the same centre, kept inside the data; all of it is following again.
            let mid = (cur.lowerBound + cur.upperBound) / 2
            var lo = mid - span, hi = mid + span
            if hi > full.upperBound { lo -= hi - full.upperBound; hi = full.upperBound }
            if lo < full.lowerBound { hi += full.lowerBound - lo; lo = full.lowerBound }
            s.chartView.window = lo <= full.lowerBound && hi >= full.upperBound ? nil : lo...min(hi, full.upperBound)
        case .panLeft, .panRight:
            guard s.chartView.window != nil else { return }
            var d = span / 4 * (c == .panLeft ? -1 : 1)
            d = max(full.lowerBound - cur.lowerBound, min(full.upperBound - cur.upperBound, d))
            s.chartView.window = (cur.lowerBound + d)...(cur.upperBound + d)
        default: break
        }
    }

    public static func click(_ s: inout State, x: Int, y: Int, layout l: Layout, app: AppState) -> ScreenResult {
        if let i = l.charts.firstIndex(where: { $0.contains(x: x, y: y) }) { s.focusedChart = l.firstChart + i; s.focusedPane = 0 }
        else if l.log.contains(x: x, y: y) {
            s.focusedPane = 1
            // A click on a line puts the cursor on it.
            let inner = l.log.inset(1)
            let top = inner.y + LogView.pinned(app, height: inner.height).count
            let rows = LogView.paneRows(app, cursor: s.logCursor, expanded: s.logExpanded, width: inner.width, height: inner.maxY - top)
            if y >= top, rows.indices.contains(y - top) {
                let i = rows[y - top].index
                s.logCursor = i == app.log.count - 1 ? nil : app.logLineID(i)
            }
        }
        return ScreenResult()
    }

    /// The info lines, the chart grid (one row when the charts fit across, else the fewest columns that show them
    /// all, scrolled to the focused one) and the log pane.
    public static func layout(_ l: inout Layout, body: Rect, _ s: State, app: AppState) {
        let w = body.width
        l.info = Rect(x: 0, y: body.y, width: w, height: 2)
        let logH = LogView.paneHeight(app, s, base: max(5, app.height / 5), limit: body.height / 2, width: w)
        l.log = Rect(x: 0, y: body.maxY - logH, width: w, height: logH)
        let area = Rect(x: 0, y: l.info.maxY, width: w, height: l.log.y - l.info.maxY)
        let count = app.chartTags.count
        // A chart row is at least minChartHeight rows (a plot of 8), so a run's charts never squeeze the loss chart flat:
        // more charts than fit scroll (j/k) instead.
        let maxCols = max(1, min(3, w / 40)), rowsAvail = max(1, area.height / minChartHeight)
        let cols = count <= maxCols ? max(1, count) : (1...maxCols).first { $0 * rowsAvail >= count } ?? maxCols
        let rows = max(1, min(rowsAvail, (count + cols - 1) / cols))
        l.chartColumns = cols
        let focusedRow = min(s.focusedChart, max(0, count - 1)) / cols
        let firstRow = max(0, focusedRow - rows + 1)
        l.firstChart = firstRow * cols
        let cw = w / cols, ch = area.height / rows
        for i in 0..<(rows * cols) where l.firstChart + i < count {
            let r = i / cols, c = i % cols
            l.charts.append(Rect(x: c * cw, y: area.y + r * ch, width: c == cols - 1 ? w - c * cw : cw,
                                 height: r == rows - 1 ? area.height - r * ch : ch))
        }
    }

    /// The fewest rows a chart gets when there are more charts than fit (box, plot, axis and legend).
    public static let minChartHeight = 12

    public static func hints(_ s: State, app: AppState) -> (long: String, short: String) {
        if s.focusedPane == 1 {
            return ("↑↓ PgUp PgDn g G move  Enter whole line  L full log  Tab charts  ? help ", "↑↓ move  Enter whole  L log  ? help ")
        }
        let p = app.run == .paused ? "p resume" : "p pause"
        // While another process trains the model_dir, s would be refused: the hint says what is going on instead.
        if !app.run.isLive && app.isWatchingElsewhere { return ("watching another run  : command  ? help  q quit ", "watching  ? help  q quit ") }
        let toggle = "s \(app.run.isLive ? "stop" : "start")"
        return ("\(toggle)  \(p)  <> smooth  L log  : command  ? help  q quit ", "\(toggle)  \(p)  ? help  q quit ")
    }
}
