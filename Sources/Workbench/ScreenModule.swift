import Workspaces
/// One screen of the workbench: its state, how it folds its commands and clicks, where its panels go and how it
/// draws them (htop's panel: it handles a key and returns reaction flags).
///
/// The root ``Reducer`` keeps what every screen shares (the run, engine events, the log, overlays, the filter,
/// global commands) and hands the current screen only the commands it binds. A screen changes nothing but its own
/// `State`; anything else it wants (a log line, a run started, a question asked) it asks for in its
/// ``ScreenResult``, and the root does it.
///
/// Adding a screen: a `Screen` case, a type conforming to this protocol, its state as a field of ``AppState``, and
/// the type in ``ScreenRegistry`` (a test checks that every screen has exactly one module).
public protocol ScreenModule {
    /// What the screen remembers between frames (selection, scroll, view settings).
    associatedtype State: Equatable & Sendable

    /// The screens this module draws: one, or every screen not built yet for the placeholder.
    static var screens: [Screen] { get }
    /// Where its state lives in the app state.
    static var state: WritableKeyPath<AppState, State> { get }

    /// Folds a command (only while one of ``screens`` is current) or a change of shared state (on every screen,
    /// current or not); nil when the command is not one of this screen's.
    ///
    /// `app` is the root state before the action: read the screen's own state from `state`, not from `app`.
    static func reduce(_ state: inout State, _ action: ScreenAction, app: AppState) -> ScreenResult?
    /// A click in the body of the screen (clicks on the tabs are the root's).
    static func click(_ state: inout State, x: Int, y: Int, layout: Layout, app: AppState) -> ScreenResult
    /// Places the screen's panels in `body` (between the header and the status bar).
    static func layout(_ l: inout Layout, body: Rect, _ state: State, app: AppState)
    /// Draws the body into the canvas; the root draws the header, the status bar and the overlays.
    static func draw(_ state: State, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app: AppState)
    /// The key hints at the right of the status bar, and a shorter form for narrow terminals.
    static func hints(_ state: State, app: AppState) -> (long: String, short: String)
}

/// What the root hands a screen.
public enum ScreenAction: Sendable {
    /// A command of the binding table or the palette, with its argument if any.
    case command(Command, argument: String?)
    /// Shared state the screen's state follows changed.
    case follow(SharedChange)
}

/// Shared state that changed under the screens, so each can keep its selection or focus valid.
public enum SharedChange: Equatable, Sendable {
    /// New summaries (the chart tags may have changed).
    case runData
    /// A new checkpoint list; `previous` is the list before it.
    case checkpoints(previous: [CheckpointRow])
    /// The `/` filter was applied.
    case filter
    /// The charts and checkpoints now follow another model_dir.
    case modelDir
    /// The workspace draft changed (an edit, a save, a change on disk).
    case workspace
    /// Statistics of a data file arrived (or failed).
    case statistics(path: String)
    /// The Data screen's background work answered (only the Data screen takes it).
    case data(DataEvent)
    /// The Input screen's background work answered (only the Input screen takes it).
    case input(InputEvent)
}

/// What a screen hands back: reaction flags, effects, and requests for state only the root changes.
public struct ScreenResult: Equatable, Sendable {
    public var reaction: Reaction
    public var effects: [Effect]
    public var requests: [ScreenRequest]

    public init(_ reaction: Reaction = .redraw, effects: [Effect] = [], requests: [ScreenRequest] = []) {
        (self.reaction, self.effects, self.requests) = (reaction, effects, requests)
    }

    /// A redraw with one log line.
    public static func note(_ text: String, _ level: LogLine.Level = .info) -> ScreenResult { ScreenResult(requests: [.note(text, level)]) }
}

/// State a screen may not change itself: it asks the root.
public enum ScreenRequest: Equatable, Sendable {
    /// A line in the log pane.
    case note(String, LogLine.Level)
    /// Switch to another screen.
    case show(Screen)
    /// Ask a question before doing something that cannot be undone.
    case confirm(Confirmation)
    /// Open the `:` palette with this text typed.
    case palette(text: String)
    /// Start a run (the root owns the run state).
    case startTraining(from: Effect.StartPoint)
    /// Evaluate a checkpoint as the job the status bar shows (refused while another job runs).
    case evaluate(CheckpointRow)
    /// A keep-best setting with nothing to delete now: applied at once.
    case keepBest(KeepBest)
    /// Ask for a line of text; `Enter` hands it back to the screen as ``EditPrompt/command`` with the text as argument.
    case edit(EditPrompt)
    /// Set (or with nil remove) a key of the workspace draft; an edit that fails is a log line with the reason.
    case setWorkspace(path: [String], value: TOMLValue?)
    /// Replace the draft's text (an edit ``TOMLDocument`` cannot make key by key, such as the `[[features]]` tables).
    case replaceWorkspace(text: String)
    /// Save the draft to `workspace.toml` (guarded: refused when the file changed outside since it was read).
    case saveWorkspace
    /// Compute the statistics of a data file (once; ``DataFiles/statistics`` says when they are ready).
    case describe(String)
}

/// A one-line text field: what it asks, what is typed at first, and the screen command that takes the answer.
public struct EditPrompt: Equatable, Sendable {
    public var title: String
    public var initial: String
    public var command: Command
    /// An optional hint shown under the field (the default, the accepted range).
    public var hint: String
    public init(title: String, initial: String = "", command: Command, hint: String = "") {
        (self.title, self.initial, self.command, self.hint) = (title, initial, command, hint)
    }
}

/// Every screen's module, looked up by the screen on show.
public enum ScreenRegistry {
    /// Every module; each screen appears in exactly one module's ``ScreenModule/screens``.
    public static var modules: [any ScreenModule.Type] {
        [DataScreen.self, ModelScreen.self, InputScreen.self, TrainScreen.self, CheckpointsScreen.self, PlaceholderScreen.self]
    }

    /// The module that draws a screen (the switch makes a new screen name its module).
    public static func module(for screen: Screen) -> any ScreenModule.Type {
        switch screen {
        case .train: TrainScreen.self
        case .checkpoints: CheckpointsScreen.self
        case .data: DataScreen.self
        case .model: ModelScreen.self
        case .input: InputScreen.self
        case .export, .runs: PlaceholderScreen.self
        }
    }

    /// Runs a module's reducer on its part of the app state.
    static func reduce<M: ScreenModule>(_ m: M.Type, _ app: inout AppState, _ action: ScreenAction) -> ScreenResult? {
        var st = app[keyPath: M.state]
        let r = M.reduce(&st, action, app: app)
        app[keyPath: M.state] = st
        return r
    }

    static func click<M: ScreenModule>(_ m: M.Type, _ app: inout AppState, x: Int, y: Int, layout: Layout) -> ScreenResult {
        var st = app[keyPath: M.state]
        let r = M.click(&st, x: x, y: y, layout: layout, app: app)
        app[keyPath: M.state] = st
        return r
    }

    static func layout<M: ScreenModule>(_ m: M.Type, _ l: inout Layout, body: Rect, app: AppState) {
        M.layout(&l, body: body, app[keyPath: M.state], app: app)
    }

    static func draw<M: ScreenModule>(_ m: M.Type, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        M.draw(app[keyPath: M.state], l, &c, g, app: app)
    }

    static func hints<M: ScreenModule>(_ m: M.Type, app: AppState) -> (long: String, short: String) {
        M.hints(app[keyPath: M.state], app: app)
    }
}
