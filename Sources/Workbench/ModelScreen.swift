import Estimators
import Workspaces

/// Screen 2, Model: the canned estimators and a form for the chosen one's hyper-parameters.
///
/// The list (left) names every canned kind, the workspace's marked; the form (right) shows the current kind's
/// `[estimator]` keys with their values in the draft, each default beside it and an inline error under a value that
/// was refused. Edits go to the draft through the root (``ScreenRequest/setWorkspace(path:value:)``: comments and key
/// order kept); `w` saves after showing the TOML diff.
public enum ModelScreen: ScreenModule {
    /// What the Model screen remembers.
    public struct State: Equatable, Sendable {
        /// Which side the keys move in.
        public enum Focus: Equatable, Sendable { case kinds, form }
        public var focus = Focus.kinds
        /// The kind highlighted in the list; nil: the workspace's own.
        public var highlighted: EstimatorKind?
        /// The selected field of the form (an index into the current kind's fields).
        public var fieldRow = 0
        /// The reason a typed value was refused, by field key (shown under the field until it is set or reset).
        public var errors: [String: String] = [:]
        /// The field the one-line text field is editing.
        public var editing: String?
        /// What the screen's last edit did (also a log line), shown above the form's footer.
        public var message: String?
        public init() {}
    }

    public static var screens: [Screen] { [.model] }
    public static var state: WritableKeyPath<AppState, State> { \.modelScreen }

    public static func reduce(_ s: inout State, _ action: ScreenAction, app: AppState) -> ScreenResult? {
        switch action {
        case let .follow(change):
            if change == .workspace { s.fieldRow = min(s.fieldRow, max(0, fields(app).count - 1)) }
            return ScreenResult([])
        case let .command(c, argument): return command(&s, c, argument: argument, app: app)
        }
    }

    /// The workspace's estimator kind (DNNClassifier, `Workspace`'s default, when the draft names none or no canned one).
    static func currentKind(_ app: AppState) -> EstimatorKind {
        if case let .string(k)? = app.draft?.value(at: ["estimator", "kind"]), let kind = EstimatorKind(rawValue: k),
           EstimatorKind.canned.contains(kind) { return kind }
        return .dnnClassifier
    }

    /// The kind the list highlights.
    static func highlighted(_ s: State, _ app: AppState) -> EstimatorKind { s.highlighted ?? currentKind(app) }

    /// The current kind's fields.
    static func fields(_ app: AppState) -> [HyperParameter] { EstimatorCatalog.entry(for: currentKind(app)).fields }

    /// A field's value in the draft (nil: not set, the default applies).
    static func value(_ key: String, _ app: AppState) -> TOMLValue? { app.draft?.value(at: ["estimator", key]) }

    public static func hints(_ s: State, app: AppState) -> (long: String, short: String) {
        let enter = s.focus == .kinds ? "Enter choose" : "Enter edit  d default"
        return ("\(enter)  Tab/h/l focus  w save  s train  ? help  q quit ", "\(enter)  w save  ? help ")
    }

    /// The whole body is the screen's; ``draw`` splits it into the list and the form.
    public static func layout(_ l: inout Layout, body: Rect, _ s: State, app: AppState) { l.table = body }

    /// The list's rectangle and the form's, side by side in the body.
    static func panes(_ body: Rect) -> (list: Rect, form: Rect) {
        let w = 31
        return (Rect(x: body.x, y: body.y, width: w, height: body.height),
                Rect(x: body.x + w, y: body.y, width: body.width - w, height: body.height))
    }

    public static func click(_ s: inout State, x: Int, y: Int, layout l: Layout, app: AppState) -> ScreenResult {
        let (list, form) = panes(l.table)
        if list.contains(x: x, y: y) {
            let i = y - list.y - 1
            if EstimatorCatalog.entries.indices.contains(i) { (s.focus, s.highlighted) = (.kinds, EstimatorCatalog.entries[i].kind) }
        } else if form.contains(x: x, y: y) {
            s.focus = .form
            s.highlighted = nil
            if let row = formLines(s, app: app, height: formRowsHeight(form)).first(where: { $0.y == y - form.y - 1 && !$0.isError }) {
                s.fieldRow = row.field
            }
        }
        return ScreenResult()
    }
}
