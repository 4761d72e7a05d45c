/// A colour named by its role, looked up in the theme when the canvas is drawn.
///
/// Views never hold colours: they say what a cell *is* (a title, a selection, a loss line at
/// 40 % of its range) and the theme and the terminal's colour tier decide how that looks.
public enum Ink: Hashable, Sendable {
    /// The terminal's own colour (no colour code at all).
    case terminal
    case role(ThemeKey)
    /// Step 0...100 of one of the theme's gradients.
    case gradient(GradientKey, Int)
}

/// How one cell looks: inks plus the attributes that still carry meaning without colour.
public struct Style: Hashable, Sendable {
    public var fg: Ink
    public var bg: Ink
    public var bold = false
    public var dim = false
    public var reverse = false
    public var underline = false

    public init(fg: Ink = .role(.mainFg), bg: Ink = .role(.mainBg), bold: Bool = false, dim: Bool = false, reverse: Bool = false,
                underline: Bool = false) {
        (self.fg, self.bg, self.bold, self.dim, self.reverse, self.underline) = (fg, bg, bold, dim, reverse, underline)
    }

    public static let plain = Style()
    public static func role(_ k: ThemeKey, bold: Bool = false) -> Style { Style(fg: .role(k), bold: bold) }
    /// The selected row: reverse video so it reads the same with and without colour.
    public static let selected = Style(fg: .role(.selectedFg), bg: .role(.selectedBg), bold: true, reverse: false)
}

/// One character cell.
public struct Cell: Hashable, Sendable {
    public var char: Unicode.Scalar
    public var style: Style
    public init(_ char: Unicode.Scalar = " ", _ style: Style = .plain) { (self.char, self.style) = (char, style) }
}

/// A rectangle of cells, origin top-left.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) { (self.x, self.y, self.width, self.height) = (x, y, max(0, width), max(0, height)) }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
    /// The rectangle shrunk by `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
    public var description: String { "(\(x),\(y) \(width)×\(height))" }
}

/// The cell grid every view draws into; `TerminalUI` blits it, tests read it as text.
public struct Canvas: Sendable, Equatable {
    public let width: Int, height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        precondition(width >= 0 && height >= 0, "Canvas size must not be negative, got \(width)×\(height)")
        (self.width, self.height) = (width, height)
        cells = Array(repeating: Cell(), count: width * height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0 && x < width && y >= 0 && y < height { cells[y * width + x] = newValue } }
    }

    /// Writes `text` from `(x, y)`, clipped to `maxWidth` cells and to the canvas; returns the cells used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int = .max) -> Int {
        guard y >= 0 && y < height else { return 0 }
        var cx = x, used = 0
        let limit = min(maxWidth, width - x)
        let scalars = text.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
        for (i, s) in scalars.enumerated() {
            if used >= limit { break }
            // Text cut short ends in an ellipsis, so a cut is never mistaken for the whole.
            let ch: Unicode.Scalar = used == limit - 1 && i < scalars.count - 1 && limit > 3 ? "…" : s
            if cx >= 0 { cells[y * width + cx] = Cell(ch, style) }
            cx += 1; used += 1
        }
        return used
    }

    /// Sets every cell of `rect` to `char` in `style`.
    public mutating func fill(_ rect: Rect, char: Unicode.Scalar = " ", style: Style = .plain) {
        for yy in max(0, rect.y)..<min(height, rect.maxY) where rect.x < width {
            for xx in max(0, rect.x)..<min(width, rect.maxX) { cells[yy * width + xx] = Cell(char, style) }
        }
    }

    /// Changes only the style of the cells in `rect`.
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        for yy in max(0, rect.y)..<min(height, rect.maxY) where rect.x < width {
            for xx in max(0, rect.x)..<min(width, rect.maxX) { change(&cells[yy * width + xx].style) }
        }
    }

    /// Draws a box outline with an optional title in its top edge.
    public mutating func box(_ r: Rect, title: String = "", style: Style, titleStyle: Style? = nil, glyphs: Glyphs) {
        guard r.width >= 2 && r.height >= 2 else { return }
        let g = glyphs.box
        for xx in r.x + 1..<r.maxX - 1 { self[xx, r.y] = Cell(g.h, style); self[xx, r.maxY - 1] = Cell(g.h, style) }
        for yy in r.y + 1..<r.maxY - 1 { self[r.x, yy] = Cell(g.v, style); self[r.maxX - 1, yy] = Cell(g.v, style) }
        self[r.x, r.y] = Cell(g.tl, style); self[r.maxX - 1, r.y] = Cell(g.tr, style)
        self[r.x, r.maxY - 1] = Cell(g.bl, style); self[r.maxX - 1, r.maxY - 1] = Cell(g.br, style)
        if !title.isEmpty && r.width > 4 {
            put(" \(title) ", x: r.x + 1, y: r.y, style: titleStyle ?? style, maxWidth: r.width - 2)
        }
    }

    /// The characters, one line per row, trailing blanks removed: what snapshot tests compare.
    public var text: String {
        var lines: [String] = []
        for y in 0..<height {
            var s = String.UnicodeScalarView()
            for x in 0..<width { s.append(cells[y * width + x].char) }
            var line = String(s)
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The cells that differ from `old` (all of them when the sizes differ), row by row.
    public func changes(since old: Canvas?) -> [(x: Int, y: Int)] {
        guard let old, old.width == width, old.height == height else {
            return (0..<height).flatMap { y in (0..<width).map { (x: $0, y: y) } }
        }
        var out: [(x: Int, y: Int)] = []
        for i in 0..<cells.count where cells[i] != old.cells[i] { out.append((x: i % width, y: i / width)) }
        return out
    }
}

extension Canvas {
    /// ASCII stand-ins for the Unicode the views use, for terminals whose locale is not UTF-8.
    static let asciiFallback: [Unicode.Scalar: Unicode.Scalar] = [
        "·": "-", "│": "|", "─": "-", "╭": "+", "╮": "+", "╰": "+", "╯": "+", "↑": "^", "↓": "v", "→": ">", "←": "<",
        "–": "-", "░": ".", "●": "*", "✖": "x", "‖": "=", "○": "o", "×": "x", "…": "~", "◆": "@", "▲": "^", "█": "#",
        "▀": "#", "▄": "#", "₂": "2", "Δ": "d", "•": "o", "−": "-",
    ]

    /// The canvas with every non-ASCII character replaced (braille dots become `*`).
    public func asciified() -> Canvas {
        var c = self
        for i in c.cells.indices where !c.cells[i].char.isASCII {
            let ch = c.cells[i].char
            c.cells[i].char = (0x2800..<0x2900).contains(ch.value) ? "*" : Self.asciiFallback[ch] ?? "?"
        }
        return c
    }
}

extension Style {
    /// The selected row of a table or list (every screen's cursor row looks the same).
    public static let selectedRow = Style(fg: .role(.selectedFg), bg: .role(.selectedBg), bold: true, reverse: true)
}
