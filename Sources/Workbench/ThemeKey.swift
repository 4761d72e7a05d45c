/// The closed set of colour roles a theme names (btop's format, est's keys).
public enum ThemeKey: String, CaseIterable, Sendable {
    case mainBg = "main_bg", mainFg = "main_fg", title, hiFg = "hi_fg"
    case selectedBg = "selected_bg", selectedFg = "selected_fg", inactiveFg = "inactive_fg"
    case graphText = "graph_text", divLine = "div_line"
    case dataBox = "data_box", modelBox = "model_box", inputBox = "input_box", trainBox = "train_box"
    case checkpointsBox = "checkpoints_box", exportBox = "export_box", runsBox = "runs_box"
    case statusOk = "status_ok", statusWarn = "status_warn", statusError = "status_error"
    case trainLine = "train_line", evalLine = "eval_line", rawLine = "raw_line"
    case checkpointMark = "checkpoint_mark", bestMark = "best_mark"
}

/// The three-point gradients (`<name>_start`, `_mid`, `_end`) that become 101-step tables.
public enum GradientKey: String, CaseIterable, Sendable {
    case loss, metric, throughput
}

/// A colour as the theme file gives it.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { (self.r, self.g, self.b) = (r, g, b) }
    public var description: String { "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    /// Linear mix: `t` = 0 gives `self`, 1 gives `other`.
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        func m(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return RGB(m(r, other.r), m(g, other.g), m(b, other.b))
    }
}
