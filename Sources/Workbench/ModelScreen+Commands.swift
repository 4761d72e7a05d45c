import Estimators
import Workspaces

/// The Model screen's commands: moving, choosing a kind, editing and resetting fields.
extension ModelScreen {
    static func command(_ s: inout State, _ c: Command, argument: String?, app: AppState) -> ScreenResult? {
        switch c {
        case .up, .down, .pageUp, .pageDown, .top, .bottom, .next, .previous:
            let by: Int = switch c {
            case .up, .previous: -1
            case .down, .next: 1
            case .pageUp: -10
            case .pageDown: 10
            case .top: -1000
            default: 1000
            }
            move(&s, by: by, app)
        case .nextPane, .previousPane: setFocus(&s, s.focus == .kinds ? .form : .kinds)
        case .focusEstimators: setFocus(&s, .kinds)
        case .focusForm: setFocus(&s, .form)
        case .chooseOrEdit:
            if s.focus == .kinds { return choose(&s, highlighted(s, app), app) }
            return editSelected(&s, app)
        case .setHyperparameter: return set(&s, argument ?? "", app)
        case .resetHyperparameter:
            guard s.focus == .form else { return .note("d resets the selected field of the form (Tab or l goes to the form)") }
            let f = fields(app)
            guard f.indices.contains(s.fieldRow) else { return ScreenResult() }
            return reset(&s, f[s.fieldRow], app)
        // Esc in the form goes back to the list; q (and Esc on the list) are the root's.
        case .back where s.focus == .form: setFocus(&s, .kinds)
        default: return nil
        }
        return ScreenResult()
    }

    static func setFocus(_ s: inout State, _ f: State.Focus) {
        s.focus = f
        // The form is the workspace's kind: the list's highlight goes back to it.
        if f == .form { s.highlighted = nil }
    }

    static func move(_ s: inout State, by d: Int, _ app: AppState) {
        switch s.focus {
        case .kinds:
            let kinds = EstimatorCatalog.entries.map(\.kind)
            let i = kinds.firstIndex(of: highlighted(s, app)) ?? 0
            s.highlighted = kinds[min(kinds.count - 1, max(0, i + d))]
        case .form:
            s.fieldRow = min(max(0, fields(app).count - 1), max(0, s.fieldRow + d))
        }
    }

    /// Enter on the list: the kind is set, and the keys it does not take are removed (a log line names them).
    static func choose(_ s: inout State, _ kind: EstimatorKind, _ app: AppState) -> ScreenResult {
        guard let d = app.draft else { return .note("no workspace is open to edit", .warning) }
        if kind == currentKind(app), value("kind", app) != nil { return .note("the estimator is already \(kind.rawValue)") }
        let present = d.document?.entries.filter { $0.table == ["estimator"] && $0.key.count == 1 }.map { $0.key[0] } ?? []
        let removed = EstimatorCatalog.keysNotTaken(by: kind, among: present)
        (s.highlighted, s.errors, s.fieldRow, s.editing) = (nil, [:], 0, nil)
        let why = removed.isEmpty ? "" : "; removed \(removed.joined(separator: ", ")) (\(kind.rawValue) does not take them)"
        s.message = "estimator: \(kind.rawValue)\(why)"
        return ScreenResult(requests: [.setWorkspace(path: ["estimator", "kind"], value: .string(kind.rawValue))]
            + removed.map { .setWorkspace(path: ["estimator", $0], value: nil) }
            + [.note("estimator: \(kind.rawValue)\(why) (unsaved: w saves)", .info)])
    }

    /// Enter on a field: a bool flips; anything else opens the one-line text field with the value typed.
    static func editSelected(_ s: inout State, _ app: AppState) -> ScreenResult {
        let f = fields(app)
        guard f.indices.contains(s.fieldRow) else { return ScreenResult() }
        let field = f[s.fieldRow]
        let current = value(field.key, app)
        if field.type == .bool {
            var on = false
            if case let .bool(b)? = current ?? field.defaultValue { on = b }
            return set(&s, field, on ? "false" : "true", app)
        }
        s.editing = field.key
        let initial = current.map(HyperParameter.display) ?? ""
        return ScreenResult(requests: [.edit(EditPrompt(title: field.key, initial: initial, command: .setHyperparameter,
                                                        hint: "\(field.help) · \(field.hint)"))])
    }

    /// `:set-hyperparameter`: the text typed for the field being edited, or `key=value` from the palette.
    static func set(_ s: inout State, _ argument: String, _ app: AppState) -> ScreenResult {
        let all = fields(app)
        if let eq = argument.firstIndex(of: "=") {
            let key = argument[..<eq].trimmingCharacters(in: .whitespaces)
            if let f = all.first(where: { $0.key == key }) {
                return set(&s, f, String(argument[argument.index(after: eq)...]), app)
            }
        }
        let key = s.editing ?? (all.indices.contains(s.fieldRow) ? all[s.fieldRow].key : "")
        guard let f = all.first(where: { $0.key == key }) else {
            let kind = currentKind(app).rawValue
            return .note("\(kind) takes no '\(key)': give key=value with one of \(all.map(\.key).joined(separator: ", "))", .warning)
        }
        return set(&s, f, argument, app)
    }

    /// Checks the typed text (the field's rules, then `Workspace`'s on the edited draft): a request to set it, or
    /// the reason under the field and in the log.
    static func set(_ s: inout State, _ f: HyperParameter, _ text: String, _ app: AppState) -> ScreenResult {
        (s.editing, s.message) = (nil, nil)
        guard let d = app.draft else { return .note("no workspace is open to edit", .warning) }
        let v: TOMLValue
        do { v = try f.parse(text) } catch {
            s.errors[f.key] = error.reason
            return .note("\(f.key) not set: \(error.reason)", .warning)
        }
        if let why = workspaceRefusal(d, ["estimator", f.key], v) {
            s.errors[f.key] = why
            return .note("\(f.key) not set: \(why)", .warning)
        }
        s.errors[f.key] = nil
        s.message = "\(f.key) = \(TOMLDocument.render(v))"
        return ScreenResult(requests: [.setWorkspace(path: ["estimator", f.key], value: v),
                                       .note("\(f.key) = \(TOMLDocument.render(v)) (unsaved: w saves)", .info)])
    }

    /// `d`: the key is removed, so the default applies.
    static func reset(_ s: inout State, _ f: HyperParameter, _ app: AppState) -> ScreenResult {
        s.errors[f.key] = nil
        guard app.draft != nil else { return .note("no workspace is open to edit", .warning) }
        guard value(f.key, app) != nil else { return .note("\(f.key) is already the default (\(f.defaultText))") }
        s.message = "\(f.key) back to the default (\(f.defaultText))"
        return ScreenResult(requests: [.setWorkspace(path: ["estimator", f.key], value: nil),
                                       .note("\(f.key) back to the default (\(f.defaultText))", .info)])
    }

    /// Why `Workspace` would refuse the draft with `value` at `path` (nil: it reads, or its error was there before).
    static func workspaceRefusal(_ d: WorkspaceDraft, _ path: [String], _ value: TOMLValue) -> String? {
        guard var doc = d.document else { return nil }
        do { try doc.set(value, at: path) } catch { return error.problem }
        var edited = d
        edited.text = doc.text
        guard case let .failure(after) = edited.workspace() else { return nil }
        let problem = (after as? WorkspaceError)?.problem ?? "\(after)"
        if case let .failure(before) = d.workspace(), ((before as? WorkspaceError)?.problem ?? "\(before)") == problem { return nil }
        return problem
    }
}
