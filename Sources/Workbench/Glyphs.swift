/// The characters the views draw with: Unicode (box drawing, braille) or plain ASCII.
///
/// `TerminalUI` picks the set from the locale (ASCII when it is not UTF-8); views take it as a
/// value, never from a global.
public struct Glyphs: Sendable, Equatable {
    public struct Box: Sendable, Equatable {
        public var h: Unicode.Scalar, v: Unicode.Scalar, tl: Unicode.Scalar, tr: Unicode.Scalar, bl: Unicode.Scalar, br: Unicode.Scalar
    }

    /// How charts plot points.
    public enum Plot: String, Sendable, CaseIterable {
        /// 2×4 dots a cell.
        case braille
        /// Half blocks: 1×2 a cell.
        case block
        /// One `*` a cell.
        case ascii
    }

    public var box: Box
    public var plot: Plot
    public var best: Unicode.Scalar
    public var checkpoint: Unicode.Scalar
    /// A checkpoint on the training curve.
    public var onCurve: Unicode.Scalar
    public var bar: Unicode.Scalar
    public var ellipsis: Unicode.Scalar
    public var marked: Unicode.Scalar
    public var isUnicode: Bool

    public static let unicode = Glyphs(box: Box(h: "─", v: "│", tl: "╭", tr: "╮", bl: "╰", br: "╯"), plot: .braille,
                                       best: "◆", checkpoint: "▲", onCurve: "•", bar: "█", ellipsis: "…", marked: "●", isUnicode: true)
    public static let ascii = Glyphs(box: Box(h: "-", v: "|", tl: "+", tr: "+", bl: "+", br: "+"), plot: .ascii,
                                     best: "@", checkpoint: "^", onCurve: "o", bar: "#", ellipsis: "~", marked: "*", isUnicode: false)

    /// The Unicode set with another plot style.
    public func with(plot: Plot) -> Glyphs {
        var g = self
        g.plot = isUnicode ? plot : .ascii
        return g
    }
}
