/// Screens 1 Data, 2 Model, 3 Input, 6 Export and 7 Runs until part 2 builds them: what each will hold and which
/// CLI command does the job meanwhile.
///
/// Building one of them: a module of its own listing it in ``ScreenModule/screens``, and the screen taken out of
/// ``screens`` here.
public enum PlaceholderScreen: ScreenModule {
    /// The placeholders remember nothing.
    public struct State: Equatable, Sendable { public init() {} }

    public static var screens: [Screen] { [.export, .runs] }
    public static var state: WritableKeyPath<AppState, State> { \.placeholderScreen }

    /// Moving keys do nothing here; other screens' commands are not taken.
    public static func reduce(_ s: inout State, _ action: ScreenAction, app: AppState) -> ScreenResult? {
        switch action {
        case .follow: return ScreenResult([])
        case .command(.up, _), .command(.down, _), .command(.pageUp, _), .command(.pageDown, _), .command(.top, _), .command(.bottom, _),
             .command(.next, _), .command(.previous, _), .command(.nextPane, _), .command(.previousPane, _):
            return ScreenResult()
        case .command: return nil
        }
    }

    public static func click(_ s: inout State, x: Int, y: Int, layout: Layout, app: AppState) -> ScreenResult { ScreenResult() }

    public static func layout(_ l: inout Layout, body: Rect, _ s: State, app: AppState) { l.table = body }

    public static func draw(_ s: State, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        let screen = app.screen
        c.box(l.table, title: screen.title, style: Style(fg: .role(.divLine)), glyphs: g)
        c.put("The \(screen.title) screen comes with the workbench's part 2.", x: 2, y: l.table.y + 2, style: .role(.mainFg))
        c.put("Meanwhile: \(meanwhile(screen)). Press 4 for Train, 5 for Checkpoints.", x: 2, y: l.table.y + 3, style: .role(.inactiveFg))
    }

    /// What does a placeholder's job until it is built.
    static func meanwhile(_ screen: Screen) -> String {
        switch screen {
        case .data: "est inspect CSV"
        case .model: "workspace.toml [estimator]"
        case .input: "workspace.toml [data], [[features]], [input]"
        case .export: "export comes with the export issue"
        case .runs: "est checkpoints WORKSPACE"
        case .train, .checkpoints: ""
        }
    }

    public static func hints(_ s: State, app: AppState) -> (long: String, short: String) {
        ("4 train  5 checkpoints  ? help  q quit ", "? help  q quit ")
    }
}
