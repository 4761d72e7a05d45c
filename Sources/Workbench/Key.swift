/// A key press or mouse event, decoded by `TerminalUI` (or written by tests).
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter (`ctrl("c")`).
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete
    case function(Int)
    /// A click (button 1) at a cell.
    case click(x: Int, y: Int)
    case wheelUp(x: Int, y: Int), wheelDown(x: Int, y: Int)

    /// How the key is written in help and in `docs/keys.md`.
    public var label: String {
        switch self {
        case let .char(c): c == " " ? "Space" : String(c)
        case let .ctrl(c): "Ctrl-\(c.uppercased())"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case let .function(n): "F\(n)"
        case .click: "click"
        case .wheelUp: "wheel up"
        case .wheelDown: "wheel down"
        }
    }
}
