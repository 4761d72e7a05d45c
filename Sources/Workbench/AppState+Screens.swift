import Workspaces
/// The screens' state by the names views, tests and the session read it by; each is a field of its screen's `State`.
extension AppState {
    // Train.
    public var chartView: ChartView { get { trainScreen.chartView } set { trainScreen.chartView = newValue } }
    /// Index of the focused chart (scrolls the grid so it is visible).
    public var focusedChart: Int { get { trainScreen.focusedChart } set { trainScreen.focusedChart = newValue } }
    /// 0: charts, 1: log.
    public var focusedPane: Int { get { trainScreen.focusedPane } set { trainScreen.focusedPane = newValue } }
    /// How many lines the log pane's cursor is above the newest (0: it follows new lines).
    public var logScroll: Int {
        get { log.isEmpty ? 0 : log.count - 1 - LogView.cursorIndex(trainScreen.logCursor, self) }
        set { trainScreen.logCursor = newValue <= 0 || log.isEmpty ? nil : logLineID(max(0, log.count - 1 - newValue)) }
    }

    // Checkpoints.
    public var selectedStep: Int64? { get { checkpointsScreen.selectedStep } set { checkpointsScreen.selectedStep = newValue } }
    public var marked: [Int64] { get { checkpointsScreen.marked } set { checkpointsScreen.marked = newValue } }
    /// "step", "time", "size" or a metric name.
    public var sortKey: String { get { checkpointsScreen.sortKey } set { checkpointsScreen.sortKey = newValue } }
    public var sortDescending: Bool { get { checkpointsScreen.sortDescending } set { checkpointsScreen.sortDescending = newValue } }
    /// The first metric column shown in the checkpoint table (h/l scroll).
    public var columnOffset: Int { get { checkpointsScreen.columnOffset } set { checkpointsScreen.columnOffset = newValue } }

    /// Sortable columns of the checkpoint table: step, time, size, then every metric seen.
    public var checkpointColumns: [String] { CheckpointsScreen.columns(checkpoints) }

    /// The checkpoint rows in display order that pass the `/` filter (matched against
    /// `step=<n> <metric>=<value>…`).
    public var sortedCheckpoints: [CheckpointRow] { CheckpointsScreen.shownRows(checkpointsScreen, app: self) }

    /// Every checkpoint row in display order, filter or not (what retention ranks).
    public var allSortedCheckpoints: [CheckpointRow] { CheckpointsScreen.allRows(checkpointsScreen, checkpoints) }
}
