/// Screen 3, Input: columns wired to features, what the model sees, pre-flight checks.
public enum InputScreen: ScreenModule {
    public struct State: Equatable, Sendable { public init() {} }

    public static var screens: [Screen] { [.input] }
    public static var state: WritableKeyPath<AppState, State> { \.inputScreen }

    public static func reduce(_ s: inout State, _ action: ScreenAction, app: AppState) -> ScreenResult? {
        switch action {
        case .follow: return ScreenResult([])
        case .command: return nil
        }
    }

    public static func click(_ s: inout State, x: Int, y: Int, layout: Layout, app: AppState) -> ScreenResult { ScreenResult() }
    public static func layout(_ l: inout Layout, body: Rect, _ s: State, app: AppState) { l.table = body }
    public static func draw(_ s: State, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        c.box(l.table, title: "Input", style: Style(fg: .role(.divLine)), glyphs: g)
    }
    public static func hints(_ s: State, app: AppState) -> (long: String, short: String) { ("? help  q quit ", "? help ") }
}

/// Work the Input screen asks of the session.
public enum InputRequest: Equatable, Sendable {}

/// What the session's input work answers.
public enum InputEvent: Equatable, Sendable {}

extension InputScreen {
    /// Why `s` may not start a run now (a pre-flight error), or nil.
    public static func preflightRefusal(_ app: AppState) -> String? { nil }
}
