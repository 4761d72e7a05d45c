import Foundation

/// The full-screen log (`L`): opening it acknowledges the pinned errors; typing filters; arrows scroll.
extension Reducer {
    /// Opens the full-screen log with an empty filter, at the newest line; every error so far is acknowledged
    /// (the log pane stops pinning it).
    static func showLog(_ s: inout AppState) {
        s.overlay = .log(filter: "", scroll: 0)
        s.logAcknowledged = s.logTotal
    }

    /// A key in the full-screen log: text filters (case-insensitive), `Backspace` and `Ctrl-U` edit it, the arrows,
    /// `PgUp` `PgDn` `Home` `End` and the wheel scroll, `Esc` (or `Ctrl-C`) closes.
    static func logKey(_ s: inout AppState, _ k: Key, filter: String, scroll: Int) -> (Reaction, [Effect]) {
        let page = max(1, LogView.fullScreenHeight(s) - 1)
        var text = filter, up = scroll
        switch k {
        case .escape, .ctrl("c"): s.overlay = .none; return (.redraw, [])
        case .up, .wheelUp: up += 1
        case .down, .wheelDown: up -= 1
        case .pageUp: up += page
        case .pageDown: up -= page
        case .home: up = Int.max / 2
        case .end: up = 0
        case .backspace: text = String(text.dropLast()); up = 0
        case .ctrl("u"): text = ""; up = 0
        case let .char(c): text.append(c); up = 0
        default: return ([], [])
        }
        // Errors that arrive while it is open are seen too.
        s.logAcknowledged = s.logTotal
        s.overlay = .log(filter: text, scroll: max(0, min(LogView.maxScroll(s, filter: text), up)))
        return (.redraw, [])
    }
}
