import Workspaces

/// Screen 3, Input: columns wired to features, what the model sees, pre-flight checks.
///
/// The column table is read from the draft workspace and the training file's statistics; edits go back to the draft
/// as requests (``ScreenRequest/setWorkspace(path:value:)``, ``ScreenRequest/replaceWorkspace(text:)`` for the
/// `[[features]]` tables). The preview and the checks are computed by the session on a thread
/// (``InputRequest``, answered with ``InputEvent``).
public enum InputScreen: ScreenModule {
    public struct State: Equatable, Sendable {
        /// The selected row of the column table.
        public var row = 0
        /// Where the cursor keys go.
        public var focus = Focus.columns
        /// What the lower pane shows.
        public var bottom = Bottom.checks
        /// The selected finding, and the last checks' results (nil: none yet).
        public var finding = 0
        public var findings: [PreflightFinding]?
        /// The last preview, or why it failed.
        public var preview: InputPreview?
        public var previewError: String?
        /// Columns of the preview scrolled off to the left (h/l).
        public var previewOffset = 0
        /// The last edit's inline error.
        public var error: String?
        public init() {}
    }

    public enum Focus: Sendable, Equatable { case columns, findings }
    public enum Bottom: Sendable, Equatable { case checks, preview }

    public static var screens: [Screen] { [.input] }
    public static var state: WritableKeyPath<AppState, State> { \.inputScreen }

    public static func reduce(_ s: inout State, _ action: ScreenAction, app: AppState) -> ScreenResult? {
        switch action {
        case let .follow(change): return follow(&s, change, app)
        case let .command(c, argument): return command(&s, c, argument, app)
        }
    }

    static func command(_ s: inout State, _ c: Command, _ argument: String?, _ app: AppState) -> ScreenResult? {
        let count = rows(app).count
        switch c {
        case .up, .down, .top, .bottom, .pageUp, .pageDown:
            let step = [.up: -1, .down: 1, .pageUp: -10, .pageDown: 10, .top: -1_000_000, .bottom: 1_000_000][c]!
            if s.focus == .findings {
                s.finding = max(0, min((s.findings?.count ?? 1) - 1, s.finding + step))
            } else {
                s.row = max(0, min(count - 1, s.row + step))
            }
            return ScreenResult()
        case .nextPane, .previousPane:
            s.focus = s.focus == .columns && s.bottom == .checks && !(s.findings ?? []).isEmpty ? .findings : .columns
            return ScreenResult()
        case .quit, .back:
            guard s.focus == .findings || s.bottom == .preview else { return nil }
            (s.focus, s.bottom) = (.columns, .checks)
            return ScreenResult()
        case .inputSelect:
            if s.focus == .findings, let f = s.findings, f.indices.contains(s.finding) {
                if let col = f[s.finding].column, let i = rows(app).firstIndex(where: { $0.name == col }) { s.row = i }
                s.focus = .columns
                return ScreenResult()
            }
            return setOptions(&s, app, argument)
        case .inputOptions: return setOptions(&s, app, argument)
        case .inputKind: return setKind(&s, app, argument)
        case .inputRole: return cycleRole(&s, app, argument)
        case .inputEmbedding: return setEmbedding(&s, app, argument)
        case .inputCross: return cross(&s, app, argument)
        case .inputBatchSize: return setInteger(&s, app, "batch_size", c, argument)
        case .inputShuffle: return setInteger(&s, app, "shuffle_buffer", c, argument)
        case .inputEpochs: return setInteger(&s, app, "num_epochs", c, argument)
        case .inputEval: return setEval(&s, app, argument)
        case .inputPreview:
            s.bottom = .preview
            s.focus = .columns
            return ScreenResult(effects: [.input(.preview)])
        case .inputChecks:
            s.bottom = .checks
            return ScreenResult(effects: [.input(.preflight)])
        case .panLeft, .panRight:
            s.previewOffset = max(0, s.previewOffset + (c == .panLeft ? -1 : 1))
            return ScreenResult()
        default: return nil
        }
    }

    /// Keeps the preview and the checks current: after each edit of the draft, and when the statistics arrive.
    static func follow(_ s: inout State, _ change: SharedChange, _ app: AppState) -> ScreenResult {
        switch change {
        case let .input(e):
            switch e {
            case let .preview(p): (s.preview, s.previewError) = (p, nil)
            case let .previewFailed(why): (s.preview, s.previewError) = (nil, why)
            case let .preflight(f):
                s.findings = f
                s.finding = min(s.finding, max(0, f.count - 1))
                if f.isEmpty { s.focus = .columns }
            }
            return ScreenResult()
        case .workspace:
            s.row = min(s.row, max(0, rows(app).count - 1))
            // A new eval file (or training file) chosen here needs its statistics for the checks.
            return app.screen == .input ? refresh(s, app).merging(describeMissing(app)) : refresh(s, app)
        case let .statistics(path) where app.data.all.contains(path):
            return refresh(s, app).merging(describeMissing(app))
        default: return ScreenResult([])
        }
    }

    /// The checks (and the preview when shown) again, once the training file's statistics are known.
    static func refresh(_ s: State, _ app: AppState) -> ScreenResult {
        guard statistics(app) != nil else { return ScreenResult([]) }
        return ScreenResult(effects: (s.bottom == .preview ? [.input(.preview)] : []) + [.input(.preflight)])
    }

    /// Asks for the statistics of the data files that have none (the table needs the training file's; the checks the eval file's).
    static func describeMissing(_ app: AppState) -> ScreenResult {
        let files = [app.data.train.first, app.data.eval.first].compactMap { $0 }.filter { app.data.statistics[$0] == nil }
        return ScreenResult(requests: files.map { .describe($0) })
    }

    /// What the root does when the screen is shown: statistics asked for, or the checks run on them.
    public static func shown(_ app: AppState) -> ScreenResult {
        let missing = describeMissing(app)
        return missing.requests.isEmpty ? refresh(app.inputScreen, app) : missing
    }

    public static func click(_ s: inout State, x: Int, y: Int, layout: Layout, app: AppState) -> ScreenResult {
        let (top, _) = panes(layout.table, rows: rows(app).count, preview: s.bottom == .preview)
        let first = top.y + 4
        if top.contains(x: x, y: y), y >= first {
            s.row = min(max(0, rows(app).count - 1), firstRow(s, height: top.height - 5) + y - first)
            s.focus = .columns
        }
        return ScreenResult()
    }

    public static func layout(_ l: inout Layout, body: Rect, _ s: State, app: AppState) { l.table = body }

    public static func hints(_ s: State, app: AppState) -> (long: String, short: String) {
        ("r role  t kind  ⏎ options  d embed  x cross  p preview  c checks  s train ", "r t ⏎ p c s ")
    }
}

/// Work the Input screen asks of the session.
public enum InputRequest: Equatable, Sendable {
    /// The first batches of the draft's training input through its feature columns (``InputPreview``).
    case preview
    /// The pre-flight checks of the draft on the data's statistics (``Preflight``).
    case preflight
}

/// What the session's input work answers.
public enum InputEvent: Equatable, Sendable {
    case preview(InputPreview)
    case previewFailed(String)
    case preflight([PreflightFinding])
}

extension InputScreen {
    /// Why `s` may not start a run now (a pre-flight error), or nil.
    ///
    /// Only errors of the last checks block; warnings do not, and no checks yet (statistics not computed) do not.
    public static func preflightRefusal(_ app: AppState) -> String? {
        guard let e = app.inputScreen.findings?.first(where: { $0.severity == .error }) else { return nil }
        return "pre-flight: " + (e.column.map { "\($0): " } ?? "") + e.message
    }
}

extension ScreenResult {
    /// Both results' requests and effects (the first's reaction).
    func merging(_ other: ScreenResult) -> ScreenResult {
        ScreenResult(reaction, effects: effects + other.effects, requests: requests + other.requests)
    }
}
