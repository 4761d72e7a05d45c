import Foundation

/// Colours for every ``ThemeKey`` and 101-step tables for every ``GradientKey``.
///
/// Themes use btop's plain-text format (`theme[main_fg]="#cccccc"`), so btop themes port by
/// renaming keys. A colour may be absent: the terminal's default (an empty background).
public struct Theme: Sendable, Equatable {
    public var name: String
    public var colors: [ThemeKey: RGB?]
    /// `start`, `mid`, `end` as given (mid may be absent: then start→end is one straight blend).
    public var gradientStops: [GradientKey: [RGB?]]

    /// The colour of `key`, or nil for the terminal's default.
    public func color(_ key: ThemeKey) -> RGB? { colors[key] ?? nil }

    /// Step `step` (0...100) of a gradient, blending start→mid→end as btop does.
    ///
    /// A gradient whose stops are all ANSI colours (the TTY theme) is not blended: a blend would be a colour
    /// outside the 16 (a 256-colour code on a richer terminal); its steps take the nearest stop instead.
    public func gradient(_ key: GradientKey, _ step: Int) -> RGB? {
        let stops = gradientStops[key] ?? []
        guard stops.count == 3, let start = stops[0], let end = stops[2] else { return stops.first ?? nil }
        let s = Double(min(100, max(0, step)))
        if stops.allSatisfy({ $0.map { ColorTier.ansiIndex(exactly: $0) != nil } ?? true }) {
            guard let mid = stops[1] else { return s < 50 ? start : end }
            return s < 100.0 / 3 ? start : s < 200.0 / 3 ? mid : end
        }
        if let mid = stops[1] {
            return s <= 50 ? start.mixed(with: mid, s / 50) : mid.mixed(with: end, (s - 50) / 50)
        }
        return start.mixed(with: end, s / 100)
    }

    /// The resolved colour of an ink (nil: terminal default).
    public func resolve(_ ink: Ink) -> RGB? {
        switch ink {
        case .terminal: nil
        case let .role(k): color(k)
        case let .gradient(g, s): gradient(g, s)
        }
    }

    /// The built-in theme; `themes/Default.theme` holds the same values (a test keeps them equal).
    public static let builtIn: Theme = {
        func hex(_ s: String) -> RGB? { ThemeFile.parseColor(s) ?? nil }
        let c: [(ThemeKey, String)] = [
            (.mainBg, ""), (.mainFg, "#cccccc"), (.title, "#eeeeee"), (.hiFg, "#5fafff"),
            (.selectedBg, "#264f78"), (.selectedFg, "#ffffff"), (.inactiveFg, "#6c6c6c"),
            (.graphText, "#8a8a8a"), (.divLine, "#444444"),
            (.dataBox, "#556d59"), (.modelBox, "#6c6c4b"), (.inputBox, "#5c588d"), (.trainBox, "#4e7fa8"),
            (.checkpointsBox, "#805252"), (.exportBox, "#7a6a9a"), (.runsBox, "#5f8787"),
            (.statusOk, "#5faf5f"), (.statusWarn, "#d7af5f"), (.statusError, "#d75f5f"),
            (.trainLine, "#5fafff"), (.evalLine, "#ffaf5f"), (.rawLine, "#4e4e4e"),
            (.checkpointMark, "#af87d7"), (.bestMark, "#ffd75f"),
        ]
        let g: [(GradientKey, [String])] = [
            (.loss, ["#77ca9b", "#cbc06c", "#dc4c4c"]),
            (.metric, ["#4897d4", "#5474e8", "#ff40b6"]),
            (.throughput, ["#3d7b46", "#c0a040", "#dc4c4c"]),
        ]
        return Theme(name: "Default", colors: Dictionary(uniqueKeysWithValues: c.map { ($0.0, hex($0.1)) }),
                     gradientStops: Dictionary(uniqueKeysWithValues: g.map { ($0.0, $0.1.map(hex)) }))
    }()
}

/// Reads btop-format theme files: `theme[key]="value"` lines and `#` comments.
public enum ThemeFile {
    /// `"#RRGGBB"`, `"#GG"` (grey), `"R G B"` (decimal); `""` is the terminal default (`.some(nil)`);
    /// anything else is nil.
    public static func parseColor(_ s: String) -> RGB?? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .some(nil) }
        if t.hasPrefix("#") {
            let h = t.dropFirst()
            guard h.allSatisfy(\.isHexDigit) else { return nil }
            if h.count == 2, let v = UInt8(h, radix: 16) { return RGB(v, v, v) }
            if h.count == 6, let v = UInt32(h, radix: 16) { return RGB(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)) }
            return nil
        }
        let parts = t.split(separator: " ")
        guard parts.count == 3 else { return nil }
        let n = parts.compactMap { UInt8($0) }
        return n.count == 3 ? RGB(n[0], n[1], n[2]) : nil
    }

    /// Parses `text` over `base`: keys the file sets replace the base's, missing ones keep them.
    /// Garbage lines, unknown keys and bad values become warnings (`file:line: …`), never errors.
    public static func parse(_ text: String, name: String, file: String, over base: Theme = .builtIn) -> (theme: Theme, warnings: [String]) {
        var theme = base
        theme.name = name
        var warnings: [String] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let at = "\(file):\(i + 1)"
            guard line.hasPrefix("theme["), let close = line.firstIndex(of: "]"),
                  let eq = line[close...].firstIndex(of: "=") else {
                warnings.append("\(at): not a theme line (want theme[key]=\"#RRGGBB\"): \(line.prefix(40))")
                continue
            }
            let key = String(line[line.index(line.startIndex, offsetBy: 6)..<close])
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            guard let color = parseColor(value) else {
                let fallback = name == base.name ? "the default" : base.name + "'s"
                warnings.append("\(at): bad colour \"\(value)\" for \(key) (want \"#RRGGBB\", \"#GG\" or \"R G B\"); using \(fallback)")
                continue
            }
            if let k = ThemeKey(rawValue: key) {
                theme.colors[k] = color
            } else if let u = key.lastIndex(of: "_"), let g = GradientKey(rawValue: String(key[..<u])),
                      let slot = ["start": 0, "mid": 1, "end": 2][String(key[key.index(after: u)...])] {
                var stops = theme.gradientStops[g] ?? [nil, nil, nil]
                stops[slot] = color
                theme.gradientStops[g] = stops
            } else {
                warnings.append("\(at): unknown key '\(key)' (ignored; see docs/themes.md for the keys)")
            }
        }
        return (theme, warnings)
    }

    /// The text of a theme file that sets every key of `theme` (what `themes/Default.theme` holds).
    public static func render(_ theme: Theme) -> String {
        var lines = ["# est theme \"\(theme.name)\": btop's format with est's semantic keys (docs/themes.md)."]
        for k in ThemeKey.allCases { lines.append("theme[\(k.rawValue)]=\"\(theme.color(k).map(\.description) ?? "")\"") }
        for g in GradientKey.allCases {
            let stops = theme.gradientStops[g] ?? [nil, nil, nil]
            for (i, s) in ["start", "mid", "end"].enumerated() { lines.append("theme[\(g.rawValue)_\(s)]=\"\(stops[i].map(\.description) ?? "")\"") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}


/// Finds and loads a theme by name along est's search order.
public struct ThemeLoader: Sendable {
    /// Folders searched in order: `--themes-dir`, `$XDG_CONFIG_HOME/est/themes`, the themes
    /// installed beside the binary, the repository's `themes/`.
    public var searchPath: [String]

    public init(searchPath: [String]) { self.searchPath = searchPath }

    /// The standard search order from the command line, the environment and where the binary lives.
    public static func standard(themesDir: String?, environment: [String: String], executableDir: String?, repoDir: String?) -> ThemeLoader {
        var p: [String] = []
        if let t = themesDir { p.append(t) }
        if let x = environment["XDG_CONFIG_HOME"], !x.isEmpty { p.append(x + "/est/themes") }
        else if let h = environment["HOME"] { p.append(h + "/.config/est/themes") }
        if let e = executableDir { p += [e + "/../share/est/themes", e + "/themes"] }
        if let r = repoDir { p.append(r + "/themes") }
        return ThemeLoader(searchPath: p)
    }

    /// The names of every theme found (`Default` always included).
    public func available() -> [String] {
        var names: Set<String> = ["Default"]
        for d in searchPath {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] where f.hasSuffix(".theme") {
                names.insert(String(f.dropLast(6)))
            }
        }
        return names.sorted()
    }

    /// The theme called `name` (its file, over the built-in one), with warnings for anything
    /// wrong; a theme that is not found is the built-in Default with a warning.
    public func load(_ name: String) -> (theme: Theme, warnings: [String]) {
        for d in searchPath {
            let path = d + "/" + name + ".theme"
            if let data = FileManager.default.contents(atPath: path) {
                return ThemeFile.parse(String(decoding: data, as: UTF8.self), name: name, file: path)
            }
        }
        if name == "Default" { return (.builtIn, []) }
        return (.builtIn, ["theme '\(name)' not found in \(searchPath.joined(separator: ", ")); using Default"])
    }
}
