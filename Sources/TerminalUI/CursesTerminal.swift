import CCurses
import Foundation
import Workbench

/// The workbench's terminal over ncursesw: the only code that calls curses.
///
/// Draws a ``Canvas`` by sending only the cells that changed since the last frame, maps theme
/// colours to the terminal's tier through a pair cache, decodes keys and mouse, and always
/// restores the terminal: on ``close()``, on SIGINT/SIGTERM/SIGHUP (seen as input), on Ctrl-Z
/// (raw mode turns it into a key; the terminal is restored before the process stops), and on a
/// crash (the signal handler ends curses, and puts back a captured stderr, before the default action).
public final class CursesTerminal: Terminal {
    public let glyphs: Glyphs
    public let tier: ColorTier
    let theme: Theme
    var pairs = ColorPairs()
    /// Attributes and pair per style: the theme and tier never change, so each style is resolved once.
    var styles: [Style: (attr_t, Int32)] = [:]
    var last: Canvas?
    var open = true
    let mouse: Bool

    public private(set) var width: Int
    public private(set) var height: Int

    /// Opens the terminal in full-screen mode.
    ///
    /// - Parameters:
    ///   - theme: the colours; ignored under ``ColorTier/none``.
    ///   - tierOverride: the `--color` flag; `NO_COLOR` still wins.
    ///   - plot: how charts plot points (braille, block); ASCII when the locale is not UTF-8.
    public init(theme: Theme, tierOverride: ColorTier? = nil, noColor: Bool = false, mouse: Bool = true, plot: Glyphs.Plot = .braille) {
        setlocale(LC_ALL, "")
        let utf8 = String(cString: cc_codeset()).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        glyphs = utf8 ? Glyphs.unicode.with(plot: plot) : .ascii
        cc_set_escdelay_25()
        initscr()
        raw()
        noecho()
        nonl()
        keypad(cc_stdscr(), true)
        curs_set(0)
        var env = ProcessInfo.processInfo.environment
        if noColor { env["NO_COLOR"] = "1" }
        // COLORS is known only after start_color(), which is skipped entirely under NO_COLOR.
        let wantsColor = env["NO_COLOR"] == nil && tierOverride != ColorTier.none && has_colors()
        if wantsColor { start_color(); use_default_colors() }
        var t = ColorTier.detect(environment: env, terminalColors: wantsColor ? Int(cc_colors()) : 0, override: tierOverride)
        if t == .truecolor && Int(cc_colors()) < 1 << 24 { t = .color256 }
        if t == .color256 && Int(cc_colors()) < 256 { t = .color16 }
        tier = t
        self.theme = theme
        self.mouse = mouse
        if mouse { mousemask(cc_mouse_mask(), nil); mouseinterval(0) }
        cc_install_signal_flags()
        cc_install_crash_restore()
        var y: Int32 = 0, x: Int32 = 0
        cc_getmaxyx(cc_stdscr(), &y, &x)
        (width, height) = (Int(x), Int(y))
    }

    deinit { close() }

    /// Restores the terminal (idempotent).
    public func close() {
        guard open else { return }
        open = false
        if mouse { mousemask(0, nil) }
        curs_set(1)
        endwin()
    }

    /// Forgets what the screen shows: the next frame clears the terminal and draws every cell (`Ctrl-L`, after
    /// something wrote over the screen behind curses' back).
    public func invalidate() {
        guard open else { return }
        last = nil
        cc_clear_on_next_refresh()
    }

    /// While `capture` holds fd 2, a crash puts the real stderr back (after ending curses) and writes what is still
    /// in the pipe to it, so the crash's own message is seen; nil once the capture is restored.
    public func restoreStderrOnCrash(_ capture: StderrCapture?) {
        cc_keep_stderr(capture?.savedDescriptor ?? -1, capture?.readDescriptor ?? -1)
    }

    public func read(timeoutMs: Int) -> TerminalInput? {
        switch cc_take_signal() {
        case SIGINT: return .interrupt
        case 0: break
        default: return .terminate
        }
        wtimeout(cc_stdscr(), Int32(timeoutMs))
        var ch: wint_t = 0
        let r = wget_wch(cc_stdscr(), &ch)
        if r == ERR { return nil }
        if r == KEY_CODE_YES { return special(Int32(ch)) }
        return character(UInt32(ch))
    }

    func special(_ code: Int32) -> TerminalInput? {
        switch code {
        case KEY_RESIZE:
            var y: Int32 = 0, x: Int32 = 0
            cc_getmaxyx(cc_stdscr(), &y, &x)
            (width, height) = (Int(x), Int(y))
            last = nil
            return .resize(width: width, height: height)
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case KEY_MOUSE:
            var e = MEVENT()
            guard getmouse(&e) == OK else { return nil }
            let (x, y) = (Int(e.x), Int(e.y))
            if e.bstate & cc_button4() != 0 { return .key(.wheelUp(x: x, y: y)) }
            if e.bstate & cc_button5() != 0 { return .key(.wheelDown(x: x, y: y)) }
            if e.bstate & cc_button1() != 0 { return .key(.click(x: x, y: y)) }
            return nil
        case KEY_F0 + 1...KEY_F0 + 12: return .key(.function(Int(code - KEY_F0)))
        default: return nil
        }
    }

    func character(_ c: UInt32) -> TerminalInput? {
        switch c {
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 26:
            // Ctrl-Z: give the terminal back, stop, and redraw everything on return.
            endwin()
            cc_suspend()
            refresh()
            last = nil
            return .resize(width: width, height: height)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(c + 96)!)))
        default:
            guard let s = Unicode.Scalar(c) else { return nil }
            return .key(.char(Character(s)))
        }
    }

    public func draw(_ canvas: Canvas) {
        guard open else { return }
        if canvas.width != width || canvas.height != height { last = nil }
        let changed = canvas.changes(since: last)
        if last == nil { werase(cc_stdscr()) }
        var text: [wchar_t] = [0, 0]
        for (x, y) in changed where x < width && y < height {
            // The bottom-right cell would scroll the screen on some terminals.
            if x == width - 1 && y == height - 1 { continue }
            let cell = canvas[x, y]
            text[0] = wchar_t(bitPattern: cell.char.value)
            let (attrs, pair) = style(cell.style)
            _ = cc_put(Int32(y), Int32(x), text, attrs, pair)
        }
        last = canvas
        wnoutrefresh(cc_stdscr())
        doupdate()
    }

    /// Attributes and colour pair of a style on this terminal's tier.
    func style(_ s: Style) -> (attr_t, Int32) {
        if let known = styles[s] { return known }
        let resolved = resolve(s)
        styles[s] = resolved
        return resolved
    }

    func resolve(_ s: Style) -> (attr_t, Int32) {
        var a: attr_t = 0
        if s.bold { a |= cc_a_bold() }
        if s.dim { a |= cc_a_dim() }
        if s.underline { a |= cc_a_underline() }
        // Reverse carries selection without colour; with colours the selection background does.
        if s.reverse && tier == .none { a |= cc_a_reverse() }
        guard tier != .none else { return (a, 0) }
        let fg = colorNumber(theme.resolve(s.fg)), bg = colorNumber(theme.resolve(s.bg))
        return (a, pairs.pair(fg: fg, bg: bg))
    }

    func colorNumber(_ c: RGB?) -> Int32 {
        guard let c else { return -1 }
        switch tier {
        case .truecolor: return Int32(c.r) << 16 | Int32(c.g) << 8 | Int32(c.b)
        case .color256: return Int32(ColorTier.index256(c))
        case .color16: return Int32(ColorTier.index16(c, count: Int(cc_colors()) < 16 ? 8 : 16))
        case .none: return -1
        }
    }
}

/// Colour pairs allocated on first use.
struct ColorPairs {
    var cache: [Int64: Int32] = [:]
    var next: Int32 = 1

    mutating func pair(fg: Int32, bg: Int32) -> Int32 {
        let key = Int64(fg) << 32 | Int64(UInt32(bitPattern: bg))
        if let p = cache[key] { return p }
        guard Int(next) < Int(cc_color_pairs()) else { return 0 }
        let p = next
        next += 1
        init_extended_pair(p, fg, bg)
        cache[key] = p
        return p
    }
}
