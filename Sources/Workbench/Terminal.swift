import Foundation

/// What the UI loop reads from a terminal.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// SIGTERM or SIGHUP: leave now, restoring the terminal.
    case terminate
    /// SIGINT from outside (raw mode turns the terminal's own Ctrl-C into a key): cancel what
    /// runs, or quit when nothing does.
    case interrupt
}

/// A terminal as the workbench needs it: `TerminalUI` implements it with ncurses; tests with
/// ``MemoryTerminal``.
public protocol Terminal: AnyObject {
    var width: Int { get }
    var height: Int { get }
    var glyphs: Glyphs { get }
    /// The next input, waiting at most `timeoutMs` milliseconds (nil: nothing came).
    func read(timeoutMs: Int) -> TerminalInput?
    /// Shows the canvas (implementations send only the cells that changed).
    func draw(_ canvas: Canvas)
    /// Forgets what the screen shows: the next ``draw(_:)`` clears the terminal and sends every cell.
    func invalidate()
}

extension Terminal {
    /// Nothing to forget by default (a terminal that always draws every cell).
    public func invalidate() {}
}

/// An in-memory terminal: scripted input, the last canvas drawn kept for assertions.
public final class MemoryTerminal: Terminal {
    public private(set) var width: Int, height: Int
    public let glyphs: Glyphs
    public var pending: [TerminalInput] = []
    public private(set) var screen: Canvas
    public private(set) var frames = 0
    /// How many times the session asked for a full repaint.
    public private(set) var invalidations = 0

    public init(width: Int = 120, height: Int = 40, glyphs: Glyphs = .unicode) {
        (self.width, self.height, self.glyphs) = (width, height, glyphs)
        screen = Canvas(width: width, height: height)
    }

    public func read(timeoutMs: Int) -> TerminalInput? {
        guard !pending.isEmpty else {
            // Wait like a real terminal would, so the loop never spins.
            if timeoutMs > 0 { usleep(UInt32(timeoutMs) * 1000) }
            return nil
        }
        let i = pending.removeFirst()
        if case let .resize(w, h) = i { (width, height) = (w, h) }
        return i
    }

    public func draw(_ canvas: Canvas) { screen = canvas; frames += 1 }
    public func invalidate() { invalidations += 1 }
}
