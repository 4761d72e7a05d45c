/// Screen 2, Model: the canned estimators and a form for the chosen one's hyper-parameters.
public enum ModelScreen: ScreenModule {
    public struct State: Equatable, Sendable { public init() {} }

    public static var screens: [Screen] { [.model] }
    public static var state: WritableKeyPath<AppState, State> { \.modelScreen }

    public static func reduce(_ s: inout State, _ action: ScreenAction, app: AppState) -> ScreenResult? {
        switch action {
        case .follow: return ScreenResult([])
        case .command: return nil
        }
    }

    public static func click(_ s: inout State, x: Int, y: Int, layout: Layout, app: AppState) -> ScreenResult { ScreenResult() }
    public static func layout(_ l: inout Layout, body: Rect, _ s: State, app: AppState) { l.table = body }
    public static func draw(_ s: State, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        c.box(l.table, title: "Model", style: Style(fg: .role(.divLine)), glyphs: g)
    }
    public static func hints(_ s: State, app: AppState) -> (long: String, short: String) { ("? help  q quit ", "? help ") }
}

