import Foundation
import Workspaces

/// The workspace draft, the data files' statistics and the one-line text field: what the root does for the Data,
/// Model and Input screens.
extension Reducer {
    /// Actions about the draft and the statistics.
    static func workspaceAction(_ s: inout AppState, _ action: Action) -> (Reaction, [Effect]) {
        // What the screens ask for when they follow a change (the Data screen opens new data files).
        var effects: [Effect] = []
        switch action {
        case let .described(path, stats):
            s.data.statistics[path] = stats
            if case let .failed(e) = stats { s.note("\(e.location): \(e.problem) (\(e.hint))", .error) }
            return (.redraw, follow(&s, .statistics(path: path)))
        case let .workspaceSaved(text):
            guard var d = s.draft else { break }
            let created = d.onDisk == nil
            d.onDisk = text
            d.changedOutside = nil
            s.draft = d
            s.note(created ? "wrote \(d.file)" : "saved \(d.file)")
            effects = followWorkspace(&s)
        case let .workspaceSaveFailed(why):
            s.note(why, .error)
        case let .workspaceChangedOutside(text):
            guard var d = s.draft, d.onDisk != text, d.changedOutside != text else { break }
            // A version that does not read is not taken: the draft stays, the reason and place are said, saving is
            // refused until the file reads again (then it is taken as any outside change).
            if case let .failure(e) = WorkspaceDraft(folder: d.folder, text: text, onDisk: text).workspace() {
                d.changedOutside = text
                s.draft = d
                s.note("\(d.file) was changed outside est and does not read: \(e) — est keeps the version it had; "
                    + "fix the file (it is read again within 2 s) or :reload-workspace", .error)
                break
            }
            if d.isDirty {
                // Unsaved edits are kept; saving over the other change is refused (TOMLDocument.save checks) until a reload.
                d.changedOutside = text
                s.note("\(d.file) was changed outside est; your unsaved edits are kept and saving is refused: "
                    + ":reload-workspace takes the file's version (your edits are dropped)", .warning)
            } else {
                (d.text, d.onDisk, d.changedOutside) = (text, text, nil)
                s.note("\(d.file) was changed outside est: reloaded")
            }
            s.draft = d
            effects = followWorkspace(&s)
        default: break
        }
        return (.redraw, effects)
    }

    /// A screen's request about the draft or the statistics.
    static func workspaceRequest(_ s: inout AppState, _ q: ScreenRequest) -> [Effect] {
        switch q {
        case let .setWorkspace(path, value):
            guard var d = s.draft else { s.note("no workspace is open to edit", .warning); return [] }
            guard var doc = d.document else {
                s.note("\(d.file) does not read as TOML: fix it (:reload-workspace after a fix outside est)", .error)
                return []
            }
            do {
                if let value { try doc.set(value, at: path) } else if doc.entry(at: path) != nil { try doc.remove(at: path) }
            } catch {
                s.note("\(error)", .error)
                return []
            }
            d.text = doc.text
            s.draft = d
            return followWorkspace(&s)
        case let .replaceWorkspace(text):
            guard var d = s.draft else { s.note("no workspace is open to edit", .warning); return [] }
            d.text = text
            s.draft = d
            return followWorkspace(&s)
        case .saveWorkspace: return saveWorkspace(&s)
        case let .describe(path):
            if case .ready? = s.data.statistics[path] { return [] }
            if s.data.statistics[path] == .computing { return [] }
            s.data.statistics[path] = .computing
            return [.describe(path: path)]
        default: break
        }
        return []
    }

    /// `:save-workspace`: checks that the draft reads as a workspace, then asks, showing the diff (`y` writes it).
    static func saveWorkspace(_ s: inout AppState) -> [Effect] {
        guard let d = s.draft else { s.note("no workspace is open", .warning); return [] }
        guard d.isDirty else { s.note("\(d.file) has no unsaved edits"); return [] }
        if d.changedOutside != nil {
            s.note("\(d.file) was changed outside est: :reload-workspace first (your unsaved edits are dropped)", .error)
            return []
        }
        if case let .failure(e) = d.workspace() { s.note("not saved: \(e)", .error); return [] }
        s.overlay = .asking(.saveWorkspace(d))
        return []
    }

    /// Tells the screens the draft changed, after pointing ``AppState/data`` at the files it names now (an eval file or
    /// split chosen on the Input screen, another training file); the screens' effects (opening a new file) come back.
    static func followWorkspace(_ s: inout AppState) -> [Effect] {
        if case let .success(ws)? = s.draft?.workspace(), ws.trainFiles != s.data.train || ws.evalFiles != s.data.eval {
            s.data.train = ws.trainFiles
            s.data.eval = ws.evalFiles
        }
        return follow(&s, .workspace)
    }

    /// `:reload-workspace`: the file's version replaces the draft (after a change outside est).
    @discardableResult
    static func reloadWorkspace(_ s: inout AppState) -> [Effect] {
        guard var d = s.draft else { s.note("no workspace is open", .warning); return [] }
        guard let outside = d.changedOutside else {
            if d.isDirty, let disk = d.onDisk {
                d.text = disk
                s.note("unsaved edits dropped: back to \(d.file)")
            } else {
                s.note("nothing to reload")
            }
            s.draft = d
            return followWorkspace(&s)
        }
        if case let .failure(e) = WorkspaceDraft(folder: d.folder, text: outside, onDisk: outside).workspace() {
            s.note("not reloaded: \(d.file) does not read: \(e)", .error)
            return []
        }
        (d.text, d.onDisk, d.changedOutside) = (outside, outside, nil)
        s.draft = d
        s.note("reloaded \(d.file)")
        return followWorkspace(&s)
    }

    /// The one-line text field: `Enter` hands the text to the screen's command, `Esc` cancels.
    static func edit(_ s: inout AppState, _ k: Key, _ prompt: EditPrompt, text: String) -> (Reaction, [Effect]) {
        switch k {
        case .escape, .ctrl("c"): s.overlay = .none
        case .enter:
            s.overlay = .none
            return toScreen(&s, prompt.command, argument: text)
        case .backspace: s.overlay = .edit(prompt, text: String(text.dropLast()))
        case .ctrl("u"): s.overlay = .edit(prompt, text: "")
        case let .char(c): s.overlay = .edit(prompt, text: text + String(c))
        default: break
        }
        return (.redraw, [])
    }
}
