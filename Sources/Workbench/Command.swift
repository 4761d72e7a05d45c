/// Every action a person can take, by its long name (what `:` runs and the session log records).
public enum Command: String, CaseIterable, Sendable {
    case help, quit, back, cancel, palette, repaint = "redraw-screen"
    case screenData = "screen-data", screenModel = "screen-model", screenInput = "screen-input", screenTrain = "screen-train"
    case screenCheckpoints = "screen-checkpoints", screenExport = "screen-export", screenRuns = "screen-runs"
    case nextPane = "next-pane", previousPane = "previous-pane"
    case up, down, top, bottom, pageUp = "page-up", pageDown = "page-down"
    case trainToggle = "train-start-stop", trainPause = "train-pause-resume"
    case smoothingLess = "smoothing-less", smoothingMore = "smoothing-more", logY = "toggle-log-y", xAxis = "cycle-x-axis"
    case follow, zoomIn = "zoom-in", zoomOut = "zoom-out", panLeft = "pan-left", panRight = "pan-right", exportChartCSV = "export-chart-csv"
    case evaluate = "evaluate-checkpoint", mark = "mark-checkpoint", compare = "compare-checkpoints"
    case resume = "resume-from-checkpoint", warmStart = "warm-start-from-checkpoint"
    case sortNext = "sort-by-next-column", sortReverse = "reverse-sort", keepBest = "keep-best", evaluateAll = "evaluate-all"
    case filter, next = "next-match", previous = "previous-match"
    case showLog = "show-log", expandLogLine = "expand-log-line"
    case saveWorkspace = "save-workspace", reloadWorkspace = "reload-workspace"
    // Data screen (1) commands:
    case describe = "describe-columns", frequency = "frequency-table", histogram, scatter = "scatter-plot", openSelected = "open-selected"
    case fewerBins = "fewer-bins", moreBins = "more-bins"
    case columnLeft = "column-left", columnRight = "column-right", sortAscending = "sort-ascending", sortDescending = "sort-descending"
    case filterColumn = "filter-column"
    // (end of Data screen commands)

    // Model screen (2) commands:
    case chooseOrEdit = "choose-or-edit", setHyperparameter = "set-hyperparameter", resetHyperparameter = "reset-to-default"
    case focusEstimators = "focus-estimators", focusForm = "focus-form"
    // (end of Model screen commands)

    // Input screen (3) commands:
    case inputRole = "cycle-column-role", inputKind = "set-feature-kind", inputOptions = "edit-feature-options"
    case inputSelect = "input-open-selected", inputEmbedding = "set-embedding-dimension", inputCross = "cross-columns"
    case inputBatchSize = "set-batch-size", inputShuffle = "set-shuffle-buffer", inputEpochs = "set-num-epochs", inputEval = "set-eval-data"
    case inputPreview = "preview-batches", inputChecks = "preflight-checks"
    // (end of Input screen commands)

    /// The screen a `screen-…` command shows.
    public var shownScreen: Screen? {
        switch self {
        case .screenData: .data
        case .screenModel: .model
        case .screenInput: .input
        case .screenTrain: .train
        case .screenCheckpoints: .checkpoints
        case .screenExport: .export
        case .screenRuns: .runs
        default: nil
        }
    }

    /// One line for the help overlay and the palette.
    public var summary: String {
        switch self {
        case .help: "help for this screen"
        case .quit: "back to Train, then quit"
        case .back: "close the overlay or cancel the question"
        case .cancel: "cancel an evaluation, else stop training"
        case .palette: "command palette: every action by name"
        case .repaint: "redraw the whole screen"
        case .screenData: "Data screen"
        case .screenModel: "Model screen"
        case .screenInput: "Input screen"
        case .screenTrain: "Train screen: live charts"
        case .screenCheckpoints: "Checkpoints screen"
        case .screenExport: "Export screen"
        case .screenRuns: "Runs screen"
        case .nextPane: "next pane"
        case .previousPane: "previous pane"
        case .up: "move up"
        case .down: "move down"
        case .top: "go to the top"
        case .bottom: "go to the bottom"
        case .pageUp: "page up"
        case .pageDown: "page down"
        case .trainToggle: "start / stop training"
        case .trainPause: "pause / resume training"
        case .smoothingLess: "less smoothing"
        case .smoothingMore: "more smoothing"
        case .logY: "log-scale y axis"
        case .xAxis: "x axis: step / relative time / wall time"
        case .follow: "follow the newest data (undo a zoom)"
        case .zoomIn: "zoom in on the newest half (pins the view)"
        case .zoomOut: "zoom out"
        case .panLeft: "pan left (pinned chart; metric columns)"
        case .panRight: "pan right (pinned chart; metric columns)"
        case .exportChartCSV: "write the visible chart data as CSV"
        case .evaluate: "evaluate the selected checkpoint"
        case .mark: "mark / unmark, then move down (htop)"
        case .compare: "compare the two marked checkpoints"
        case .resume: "resume from the selected in a new run"
        case .warmStart: "warm-start a new run from the selected"
        case .sortNext: "sort by the next column"
        case .sortReverse: "reverse the sort order"
        case .keepBest: "keep the best N by the sort metric"
        case .evaluateAll: "evaluate every checkpoint not evaluated yet"
        case .filter: "filter by a regex (! inverts)"
        case .next: "next chart or checkpoint shown"
        case .previous: "previous chart or checkpoint shown"
        case .showLog: "the whole log, filtered"
        case .expandLogLine: "log line whole / cut"
        case .saveWorkspace: "save the edited workspace.toml (shows the diff first)"
        case .reloadWorkspace: "drop unsaved edits: read workspace.toml again"
        // Data screen (1):
        case .describe: "describe every column (statistics sheet)"
        case .frequency: "frequency table of the column, with bars"
        case .histogram: "histogram of the numeric column"
        case .scatter: "scatter plot of two numeric columns"
        case .openSelected: "open / apply the selected row"
        case .fewerBins: "histogram: fewer, wider bins"
        case .moreBins: "histogram: more, narrower bins"
        case .columnLeft: "cursor to the column on the left"
        case .columnRight: "cursor to the column on the right"
        case .sortAscending: "sort by the column, ascending (again: file order)"
        case .sortDescending: "sort by the column, descending (again: file order)"
        case .filterColumn: "filter rows by a regex over the column (! inverts)"
        // (end of Data screen)

        // Model screen (2):
        case .chooseOrEdit: "choose the estimator / edit the field"
        case .setHyperparameter: "set a hyper-parameter (key=value in the palette)"
        case .resetHyperparameter: "reset the field to its default (removes the key)"
        case .focusEstimators: "focus the estimator list"
        case .focusForm: "focus the hyper-parameter form"
        // (end of Model screen)

        // Input screen (3):
        case .inputRole: "column role: feature, weight, ignore, label (a cross: remove it)"
        case .inputKind: "feature kind: numeric, bucketized, vocabulary, hash_bucket, identity"
        case .inputOptions: "the kind's options: normalizer, boundaries, vocabulary, hash size"
        case .inputSelect: "edit the column's options; on a pre-flight line, jump to its column"
        case .inputEmbedding: "embedding dimension (0: indicator, one-hot)"
        case .inputCross: "cross the column with others (hashed)"
        case .inputBatchSize: "[input] batch_size"
        case .inputShuffle: "[input] shuffle_buffer"
        case .inputEpochs: "[input] num_epochs (empty: until [run] steps)"
        case .inputEval: "evaluation data: a file, or a split of the training rows with a seed"
        case .inputPreview: "what the model sees: the first batches through the feature columns"
        case .inputChecks: "pre-flight checks of the data (errors block s)"
        // (end of Input screen)
        }
    }
}

/// The screens; `1`–`7` switch between them.
public enum Screen: Int, CaseIterable, Sendable {
    case data = 1, model, input, train, checkpoints, export, runs
    public var title: String {
        switch self {
        case .data: "Data"
        case .model: "Model"
        case .input: "Input"
        case .train: "Train"
        case .checkpoints: "Checkpoints"
        case .export: "Export"
        case .runs: "Runs"
        }
    }
    /// Whether a module of its own draws it (the others say what they will hold; see ``PlaceholderScreen``).
    public var isBuilt: Bool { !(ScreenRegistry.module(for: self) is PlaceholderScreen.Type) }
}

/// One row of the binding table: a key, where it works, what it does.
public struct Binding: Sendable {
    public var keys: [Key]
    /// nil: every screen.
    public var screen: Screen?
    public var command: Command
    public init(_ keys: [Key], _ screen: Screen?, _ command: Command) { (self.keys, self.screen, self.command) = (keys, screen, command) }
}

/// The one key table: it dispatches keys, draws the help overlay and writes `docs/keys.md`.
public enum KeyBindings {
    public static let table: [Binding] = [
        Binding([.char("?"), .function(1)], nil, .help),
        Binding([.char("q")], nil, .quit),
        Binding([.escape], nil, .back),
        Binding([.ctrl("c")], nil, .cancel),
        Binding([.char(":")], nil, .palette), Binding([.ctrl("l")], nil, .repaint),
        Binding([.char("/")], nil, .filter), Binding([.char("n")], nil, .next), Binding([.char("N")], nil, .previous),
        Binding([.char("L")], nil, .showLog),
        Binding([.char("1")], nil, .screenData), Binding([.char("2")], nil, .screenModel), Binding([.char("3")], nil, .screenInput),
        Binding([.char("4")], nil, .screenTrain), Binding([.char("5")], nil, .screenCheckpoints),
        Binding([.char("6")], nil, .screenExport), Binding([.char("7")], nil, .screenRuns),
        Binding([.tab], nil, .nextPane), Binding([.backTab], nil, .previousPane),
        Binding([.char("k"), .up], nil, .up), Binding([.char("j"), .down], nil, .down),
        Binding([.char("g"), .home], nil, .top), Binding([.char("G"), .end], nil, .bottom),
        Binding([.pageUp], nil, .pageUp), Binding([.pageDown], nil, .pageDown),
        Binding([.char("s")], .train, .trainToggle), Binding([.char("p")], .train, .trainPause),
        Binding([.char("<")], .train, .smoothingLess), Binding([.char(">")], .train, .smoothingMore),
        Binding([.char("y")], .train, .logY), Binding([.char("x")], .train, .xAxis),
        Binding([.char("f")], .train, .follow), Binding([.char("+"), .char("=")], .train, .zoomIn), Binding([.char("-")], .train, .zoomOut),
        Binding([.char("h"), .left], .train, .panLeft), Binding([.char("l"), .right], .train, .panRight),
        Binding([.char("E")], .train, .exportChartCSV), Binding([.enter], .train, .expandLogLine),
        Binding([.char("e")], .checkpoints, .evaluate), Binding([.char(" ")], .checkpoints, .mark),
        Binding([.char("c")], .checkpoints, .compare), Binding([.char("r")], .checkpoints, .resume),
        Binding([.char("w")], .checkpoints, .warmStart), Binding([.char("o")], .checkpoints, .sortNext),
        Binding([.char("O")], .checkpoints, .sortReverse), Binding([.char("K")], .checkpoints, .keepBest),
        Binding([.char("s")], .checkpoints, .trainToggle),
        Binding([.char("h"), .left], .checkpoints, .panLeft), Binding([.char("l"), .right], .checkpoints, .panRight),
        // Data screen (1) bindings:
        Binding([.char("<")], .data, .fewerBins), Binding([.char(">")], .data, .moreBins),
        Binding([.char("h"), .left], .data, .columnLeft), Binding([.char("l"), .right], .data, .columnRight),
        Binding([.char("[")], .data, .sortAscending), Binding([.char("]")], .data, .sortDescending),
        Binding([.char("|")], .data, .filterColumn), Binding([.char("I")], .data, .describe),
        Binding([.char("F")], .data, .frequency), Binding([.char("H")], .data, .histogram),
        Binding([.char(".")], .data, .scatter), Binding([.enter], .data, .openSelected), Binding([.char("s")], .data, .trainToggle),
        // (end of Data screen bindings)

        // Model screen (2) bindings:
        Binding([.enter], .model, .chooseOrEdit), Binding([.char("d"), .delete], .model, .resetHyperparameter),
        Binding([.char("h"), .left], .model, .focusEstimators), Binding([.char("l"), .right], .model, .focusForm),
        Binding([.char("w")], .model, .saveWorkspace), Binding([.char("s")], .model, .trainToggle),
        // (end of Model screen bindings)

        // Input screen (3) bindings:
        Binding([.char("r")], .input, .inputRole), Binding([.char("t")], .input, .inputKind),
        Binding([.enter], .input, .inputSelect), Binding([.char("o")], .input, .inputOptions),
        Binding([.char("d")], .input, .inputEmbedding), Binding([.char("x")], .input, .inputCross),
        Binding([.char("b")], .input, .inputBatchSize), Binding([.char("u")], .input, .inputShuffle),
        Binding([.char("E")], .input, .inputEpochs), Binding([.char("v")], .input, .inputEval),
        Binding([.char("p")], .input, .inputPreview), Binding([.char("c")], .input, .inputChecks),
        Binding([.char("h"), .left], .input, .panLeft), Binding([.char("l"), .right], .input, .panRight),
        Binding([.char("s")], .input, .trainToggle), Binding([.char("w")], .input, .saveWorkspace),
        // (end of Input screen bindings)
    ]

    /// The command a key runs on a screen (screen bindings first, then global ones).
    public static func command(for key: Key, on screen: Screen) -> Command? {
        table.first { $0.screen == screen && $0.keys.contains(key) }?.command ?? table.first { $0.screen == nil && $0.keys.contains(key) }?.command
    }

    /// The screens whose keys run a command (empty for global commands).
    public static func screens(for command: Command) -> [Screen] {
        Screen.allCases.filter { sc in table.contains { $0.screen == sc && $0.command == command } }
    }

    /// The rows of the help for a screen: (keys, summary), global section first.
    public static func help(for screen: Screen) -> [(section: String, rows: [(keys: String, summary: String)])] {
        func rows(_ s: Screen?) -> [(keys: String, summary: String)] {
            var out: [(keys: String, summary: String)] = []
            for b in table where b.screen == s {
                // The seven screen keys fold into one row.
                if b.command.shownScreen != nil {
                    if b.command == .screenData { out.append(("1–7", "screens (named in the top bar)")) }
                    continue
                }
                out.append((b.keys.map(\.label).joined(separator: " "), b.command.summary))
            }
            return out
        }
        // The screen's own keys first: they are what the reader came for (a small terminal cuts the end).
        return [(screen.title, rows(screen)), ("Global", rows(nil))].filter { !$0.rows.isEmpty }
    }

    /// `docs/keys.md`, generated from the table (a test keeps the file equal to this).
    public static func markdown() -> String {
        var s = "# Keys\n\nGenerated from the workbench's binding table (`KeyBindings.table`); the `?` overlay shows the same rows.\n"
            + "Every action also has a long name for the `:` palette.\n"
        for scope in [nil] + Screen.allCases.map(Optional.some) {
            let rows = table.filter { $0.screen == scope }
            guard !rows.isEmpty else { continue }
            s += "\n## \(scope?.title ?? "Everywhere")\n\n| keys | palette name | what it does |\n|---|---|---|\n"
            for b in rows { s += "| \(b.keys.map { "`\($0.label)`" }.joined(separator: " ")) | `\(b.command.rawValue)` | \(b.command.summary) |\n" }
        }
        s += "\nMouse: click a tab to switch screens, a row to select it, a chart to focus it; the wheel scrolls.\n"
        return s
    }
}
