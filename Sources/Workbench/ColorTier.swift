/// How many colours the terminal shows, from richest to none.
public enum ColorTier: String, Sendable, CaseIterable {
    case truecolor, color256 = "256", color16 = "16", none

    /// The tier from the environment: `NO_COLOR` (any value) means none, `TERM=dumb` none,
    /// `COLORTERM=truecolor|24bit` truecolor, a `TERM` naming 256 colours (or a terminal that
    /// reports ≥ 256) 256, else 16. `override` (the `--color` flag) wins over everything but `NO_COLOR`.
    public static func detect(environment env: [String: String], terminalColors: Int, override: ColorTier? = nil) -> ColorTier {
        if env["NO_COLOR"] != nil { return .none }
        if let o = override { return o }
        let term = env["TERM"] ?? ""
        if term.isEmpty || term == "dumb" || terminalColors < 8 { return .none }
        if let ct = env["COLORTERM"]?.lowercased(), ct == "truecolor" || ct == "24bit" { return .truecolor }
        if term.contains("256color") || terminalColors >= 256 { return .color256 }
        return .color16
    }

    /// The xterm-256 index nearest to `c` (the 6×6×6 cube or the grey ramp).
    public static func index256(_ c: RGB) -> Int {
        if let a = ansiIndex(exactly: c) { return a }
        let levels: [Int] = [0, 95, 135, 175, 215, 255]
        func nearest(_ v: UInt8) -> Int { (0..<6).min { abs(levels[$0] - Int(v)) < abs(levels[$1] - Int(v)) }! }
        let (r, g, b) = (nearest(c.r), nearest(c.g), nearest(c.b))
        let cube = RGB(UInt8(levels[r]), UInt8(levels[g]), UInt8(levels[b]))
        let avg = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
        let grey = min(23, max(0, (avg - 3) / 10))
        let greyValue = UInt8(8 + 10 * grey)
        func dist(_ a: RGB, _ b: RGB) -> Int {
            let d = [Int(a.r) - Int(b.r), Int(a.g) - Int(b.g), Int(a.b) - Int(b.b)]
            return d.map { $0 * $0 }.reduce(0, +)
        }
        return dist(c, RGB(greyValue, greyValue, greyValue)) < dist(c, cube) ? 232 + grey : 16 + 36 * r + 6 * g + b
    }

    /// The 16 ANSI colours as xterm shows them.
    static let ansi16: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The ANSI colour nearest to `c` among the first `count` (16, or 8 on terminals with 8).
    public static func index16(_ c: RGB, count: Int = 16) -> Int {
        func dist(_ a: RGB) -> Int { let d = [Int(a.r) - Int(c.r), Int(a.g) - Int(c.g), Int(a.b) - Int(c.b)]; return d.map { $0 * $0 }.reduce(0, +) }
        let i = (0..<min(16, max(1, count))).min { dist(ansi16[$0]) < dist(ansi16[$1]) }!
        // With 8 colours a dark grey would be black, unreadable on a dark terminal: white (drawn dim) instead.
        if count < 16 && i == 0 && Int(c.r) + Int(c.g) + Int(c.b) > 3 * 0x30 { return 7 }
        return i
    }

    /// A colour that is exactly one of the 16 ANSI colours keeps its ANSI index on richer tiers,
    /// so the TTY theme follows the user's terminal palette.
    public static func ansiIndex(exactly c: RGB) -> Int? { ansi16.firstIndex(of: c) }
}
