/// Screen 1, Data: the CSV files of the workspace as virtualised tables, describe, frequency, histogram, scatter.
public enum DataScreen: ScreenModule {
    public struct State: Equatable, Sendable { public init() {} }

    public static var screens: [Screen] { [.data] }
    public static var state: WritableKeyPath<AppState, State> { \.dataScreen }

    public static func reduce(_ s: inout State, _ action: ScreenAction, app: AppState) -> ScreenResult? {
        switch action {
        case .follow: return ScreenResult([])
        case .command: return nil
        }
    }

    public static func click(_ s: inout State, x: Int, y: Int, layout: Layout, app: AppState) -> ScreenResult { ScreenResult() }
    public static func layout(_ l: inout Layout, body: Rect, _ s: State, app: AppState) { l.table = body }
    public static func draw(_ s: State, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        c.box(l.table, title: "Data", style: Style(fg: .role(.divLine)), glyphs: g)
    }
    public static func hints(_ s: State, app: AppState) -> (long: String, short: String) { ("? help  q quit ", "? help ") }
}

/// Work the Data screen asks of the session.
public enum DataRequest: Equatable, Sendable {
    /// Work of a sheet (describe, frequency, histogram, scatter).
    case sheet(SheetRequest)
}

/// What the session's data work answers.
public enum DataEvent: Equatable, Sendable {
    /// An answer for a sheet.
    case sheet(SheetEvent)
}
