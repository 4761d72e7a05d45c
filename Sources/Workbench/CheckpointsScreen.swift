import Workspaces
/// Screen 5: every checkpoint with its evaluations, sortable; details of the selected one; evaluate, mark and
/// compare, resume or warm-start from one, keep the best N.
///
/// The checkpoint list itself is shared (the charts mark the checkpoints on disk); this screen keeps the selection,
/// the marks, the sort and the column scroll.
public enum CheckpointsScreen: ScreenModule {
    /// What the Checkpoints screen remembers.
    public struct State: Equatable, Sendable {
        public var selectedStep: Int64?
        public var marked: [Int64] = []
        /// "step", "time", "size" or a metric name.
        public var sortKey = "step"
        public var sortDescending = false
        /// The first metric column shown in the table (h/l scroll).
        public var columnOffset = 0
        public init() {}
    }

    public static var screens: [Screen] { [.checkpoints] }
    public static var state: WritableKeyPath<AppState, State> { \.checkpointsScreen }

    public static func reduce(_ s: inout State, _ action: ScreenAction, app: AppState) -> ScreenResult? {
        switch action {
        case let .follow(change): follow(&s, change, app)
        case let .command(c, argument): return command(&s, c, argument: argument, app: app)
        }
        return ScreenResult()
    }

    static func follow(_ s: inout State, _ change: SharedChange, _ app: AppState) {
        switch change {
        case let .checkpoints(previous):
            // A selection on the newest checkpoint follows new ones.
            if s.selectedStep != nil && s.selectedStep == previous.map(\.step).max() { s.selectedStep = nil }
            let steps = Set(app.checkpoints.map(\.step))
            s.marked.removeAll { !steps.contains($0) }
            // A selected row rotated or trimmed away hands the cursor to its neighbour (the next row, else the one above).
            if let sel = s.selectedStep, !steps.contains(sel) {
                let order = allRows(s, previous).map(\.step)
                if let i = order.firstIndex(of: sel) {
                    s.selectedStep = order[(i + 1)...].first(where: steps.contains) ?? order[..<i].reversed().first(where: steps.contains)
                }
            }
            if s.selectedStep.map({ !steps.contains($0) }) ?? true { s.selectedStep = app.checkpoints.map(\.step).max() }
        case .filter:
            let rows = shownRows(s, app: app)
            if let first = rows.first, !rows.contains(where: { $0.step == s.selectedStep }) { s.selectedStep = first.step }
        case .modelDir:
            s.selectedStep = nil
            s.marked = []
        case .runData, .workspace, .statistics, .data, .input: break
        }
    }

    static func command(_ s: inout State, _ c: Command, argument: String?, app: AppState) -> ScreenResult? {
        switch c {
        case .up: moveSelection(&s, by: -1, app)
        case .down: moveSelection(&s, by: 1, app)
        case .pageUp: moveSelection(&s, by: -10, app)
        case .pageDown: moveSelection(&s, by: 10, app)
        case .top: moveSelection(&s, by: -100_000, app)
        case .bottom: moveSelection(&s, by: 100_000, app)
        case .next, .previous: moveSelection(&s, by: c == .next ? 1 : -1, app)
        case .nextPane, .previousPane: break
        case .panLeft: s.columnOffset = max(0, s.columnOffset - 1)
        case .panRight: s.columnOffset = min(max(0, columns(app.checkpoints).count - 4), s.columnOffset + 1)
        case .evaluate:
            guard let r = selected(s, app) else { return .note("no checkpoint selected") }
            return ScreenResult(requests: [.evaluate(r)])
        case .mark:
            guard let st = s.selectedStep else { break }
            if let i = s.marked.firstIndex(of: st) { s.marked.remove(at: i) } else {
                s.marked.append(st)
                if s.marked.count > 2 { s.marked.removeFirst() }
            }
            // Move on to the next row (up from the last one) so Space Space marks two.
            moveSelection(&s, by: shownRows(s, app: app).last?.step == st ? -1 : 1, app)
        case .compare:
            let rows = s.marked.compactMap { m in app.checkpoints.first { $0.step == m } }.sorted { $0.step < $1.step }
            guard rows.count == 2 else { return .note("mark two checkpoints with Space, then c compares them", .warning) }
            return ScreenResult(effects: [.compare(a: rows[0], b: rows[1])])
        case .resume, .warmStart: return start(s, c, app)
        case .sortNext:
            let cols = columns(app.checkpoints)
            s.sortKey = cols[((cols.firstIndex(of: s.sortKey) ?? 0) + 1) % cols.count]
            if let hib = higherIsBetter(s.sortKey) { s.sortDescending = hib }
        case .sortReverse: s.sortDescending.toggle()
        case .keepBest: return keepBest(s, argument, app)
        default: return nil
        }
        return ScreenResult()
    }

    /// `r` and `w`: a run from the selected checkpoint, shown on Train.
    static func start(_ s: State, _ c: Command, _ app: AppState) -> ScreenResult {
        guard let r = selected(s, app) else { return .note("no checkpoint selected") }
        guard !app.run.isLive else { return .note("a run is live: stop it first (s)", .warning) }
        if c == .resume && r.step == app.checkpoints.map(\.step).max() {
            // Continues in this model_dir: its lock refuses it (with the holder's pid) if another process trains there.
            if let o = app.otherTrainer { return .note(AppState.refusal(o, modelDir: app.modelDir), .warning) }
            return ScreenResult(requests: [.startTraining(from: .latest), .show(.train)])
        }
        let from: Effect.StartPoint = c == .resume ? .resume(prefix: r.prefix, step: r.step) : .warmStart(prefix: r.prefix, step: r.step)
        return ScreenResult(requests: [.startTraining(from: from), .show(.train)])
    }

    static func moveSelection(_ s: inout State, by d: Int, _ app: AppState) {
        let rows = shownRows(s, app: app)
        guard !rows.isEmpty else { return }
        let i = rows.firstIndex { $0.step == s.selectedStep } ?? 0
        s.selectedStep = rows[min(rows.count - 1, max(0, i + d))].step
    }

    /// The selected checkpoint, if the filter shows it.
    static func selected(_ s: State, _ app: AppState) -> CheckpointRow? { shownRows(s, app: app).first { $0.step == s.selectedStep } }

    public static func click(_ s: inout State, x: Int, y: Int, layout l: Layout, app: AppState) -> ScreenResult {
        let rows = shownRows(s, app: app)
        let i = firstRow(s, rows: rows, height: l.table.height - 3) + (y - l.table.y - 2)
        if l.table.contains(x: x, y: y), rows.indices.contains(i) { s.selectedStep = rows[i].step }
        return ScreenResult()
    }

    /// The table above, the selected checkpoint's details below (two fifths, at least 8 rows).
    public static func layout(_ l: inout Layout, body: Rect, _ s: State, app: AppState) {
        let detailH = max(8, body.height * 2 / 5)
        l.table = Rect(x: 0, y: body.y, width: body.width, height: body.height - detailH)
        l.detail = Rect(x: 0, y: l.table.maxY, width: body.width, height: detailH)
    }

    public static func hints(_ s: State, app: AppState) -> (long: String, short: String) {
        ("e eval  Space mark  c compare  r resume  w warm  ? help  q quit ", "e eval  Space mark  c compare  ? help ")
    }

    /// Sortable columns of the table: step, time, size, then every metric seen.
    static func columns(_ checkpoints: [CheckpointRow]) -> [String] {
        ["step", "time", "size"] + Set(checkpoints.flatMap(\.metrics.keys)).filter { $0 != "global_step" }.sorted()
    }

    /// The rows in display order that pass the `/` filter (matched against `step=<n> <metric>=<value>…`).
    static func shownRows(_ s: State, app: AppState) -> [CheckpointRow] {
        let matches = app.filterMatcher
        return allRows(s, app.checkpoints).filter { r in
            matches((["step=\(r.step)"] + r.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " "))
        }
    }

    /// Every row in display order, filter or not (what retention ranks); rows without the sort metric go last.
    static func allRows(_ s: State, _ checkpoints: [CheckpointRow]) -> [CheckpointRow] {
        let key = s.sortKey, descending = s.sortDescending
        func value(_ r: CheckpointRow) -> Double? {
            switch key {
            case "step": Double(r.step)
            case "time": r.wallTime
            case "size": Double(r.bytes)
            default: r.metrics[key]
            }
        }
        return checkpoints.sorted { a, b in
            switch (value(a), value(b)) {
            case let (x?, y?): x == y ? a.step < b.step : (descending ? x > y : x < y)
            case (.some, nil): true
            case (nil, .some): false
            default: a.step < b.step
            }
        }
    }
}

/// The Checkpoints screen by its former name (its column fitting is tested under it).
typealias CheckpointsView = CheckpointsScreen
