import Foundation
import Testing
@testable import Workbench

@Suite struct ThemeTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func defaultThemeFileEqualsTheBuiltInTheme() throws {
        let text = try String(contentsOfFile: Self.repo + "/themes/Default.theme", encoding: .utf8)
        // Parsed over an empty theme so a key missing from the file cannot hide behind the built-in.
        let empty = Theme(name: "", colors: [:], gradientStops: [:])
        let (theme, warnings) = ThemeFile.parse(text, name: "Default", file: "Default.theme", over: empty)
        #expect(warnings.isEmpty)
        #expect(theme == Theme.builtIn)
        #expect(Set(theme.colors.keys) == Set(ThemeKey.allCases))
    }

    @Test(arguments: ["Default", "Light", "TTY", "Monochrome"])
    func bundledThemesLoadCleanly(name: String) {
        let (theme, warnings) = ThemeLoader(searchPath: [Self.repo + "/themes"]).load(name)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(theme.name == name)
    }

    @Test func ttyThemeUsesOnlyTheSixteenColours() {
        let (theme, _) = ThemeLoader(searchPath: [Self.repo + "/themes"]).load("TTY")
        for k in ThemeKey.allCases { if let c = theme.color(k) { #expect(ColorTier.ansi16.contains(c), "\(k) = \(c)") } }
    }

    /// Every cell the Train and Checkpoints screens draw under the TTY theme (the progress bar's and the charts'
    /// gradients included) resolves to one of the 16 ANSI colours or the terminal's own.
    @Test func ttyThemeDrawsEveryCellInTheSixteenColours() {
        let (theme, _) = ThemeLoader(searchPath: [Self.repo + "/themes"]).load("TTY")
        var s = Fixtures.trainingState(width: 120, height: 40)
        for screen in [Screen.train, .checkpoints] {
            s.screen = screen
            let canvas = WorkbenchView.render(s, glyphs: .unicode)
            for y in 0..<canvas.height {
                for x in 0..<canvas.width {
                    for ink in [canvas[x, y].style.fg, canvas[x, y].style.bg] {
                        guard let c = theme.resolve(ink) else { continue }
                        #expect(ColorTier.ansiIndex(exactly: c) != nil, "\(screen) cell (\(x),\(y)) '\(canvas[x, y].char)' \(ink) = \(c)")
                    }
                }
            }
        }
        for step in stride(from: 0, through: 100, by: 5) { #expect(theme.gradient(.throughput, step).map(ColorTier.ansi16.contains) == true) }
    }

    @Test func garbageLoadsWithWarningsAndFallsBack() {
        let text = """
        # a comment
        theme[main_fg]="#112233"
        this is not a theme line
        theme[cpu_box]="#ffffff"
        theme[title]="#zzzzzz"
        theme[hi_fg]="10 20 30"
        theme[div_line]="#80"
        theme[loss_mid]=""
        """
        let (t, w) = ThemeFile.parse(text, name: "Mine", file: "Mine.theme")
        #expect(t.color(.mainFg) == RGB(0x11, 0x22, 0x33))
        #expect(t.color(.hiFg) == RGB(10, 20, 30))
        #expect(t.color(.divLine) == RGB(0x80, 0x80, 0x80))
        #expect(t.color(.title) == Theme.builtIn.color(.title))   // bad value: the default stays
        #expect(t.color(.statusOk) == Theme.builtIn.color(.statusOk))   // missing: the default
        #expect(w.count == 3)
        #expect(w[0].hasPrefix("Mine.theme:3: not a theme line"))
        #expect(w[1].hasPrefix("Mine.theme:4: unknown key 'cpu_box'"))
        #expect(w[2].hasPrefix("Mine.theme:5: bad colour"))
        // Without a mid stop the gradient is one straight blend.
        #expect(t.gradient(.loss, 50) == Theme.builtIn.gradientStops[.loss]![0]!.mixed(with: Theme.builtIn.gradientStops[.loss]![2]!, 0.5))
    }

    @Test func gradientsHaveEndpointsAndMid() {
        let t = Theme.builtIn
        #expect(t.gradient(.metric, 0) == RGB(0x48, 0x97, 0xd4))
        #expect(t.gradient(.metric, 50) == RGB(0x54, 0x74, 0xe8))
        #expect(t.gradient(.metric, 100) == RGB(0xff, 0x40, 0xb6))
        #expect(t.gradient(.metric, 140) == t.gradient(.metric, 100))
    }

    @Test func searchOrderAndMissingTheme() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-themes-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "theme[main_fg]=\"#010203\"\n".write(toFile: dir + "/Light.theme", atomically: true, encoding: .utf8)
        let loader = ThemeLoader.standard(themesDir: dir, environment: ["XDG_CONFIG_HOME": "/nonexistent"], executableDir: nil, repoDir: Self.repo)
        #expect(loader.searchPath.first == dir)
        #expect(loader.searchPath.contains("/nonexistent/est/themes"))
        #expect(loader.load("Light").theme.color(.mainFg) == RGB(1, 2, 3))   // --themes-dir wins over the repo's
        #expect(loader.available().contains("Monochrome"))
        let (t, w) = loader.load("NoSuchTheme")
        #expect(t == .builtIn && w.count == 1 && w[0].contains("not found"))
    }
}

@Suite struct ColorTierTests {
    @Test func detection() {
        #expect(ColorTier.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": ""], terminalColors: 256) == .none)
        #expect(ColorTier.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"], terminalColors: 256) == .truecolor)
        #expect(ColorTier.detect(environment: ["TERM": "tmux-256color"], terminalColors: 256) == .color256)
        #expect(ColorTier.detect(environment: ["TERM": "linux"], terminalColors: 8) == .color16)
        #expect(ColorTier.detect(environment: ["TERM": "dumb"], terminalColors: 0) == .none)
        #expect(ColorTier.detect(environment: ["TERM": "xterm-256color"], terminalColors: 256, override: .color16) == .color16)
        #expect(ColorTier.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"], terminalColors: 256, override: .truecolor) == .none)
    }

    @Test func nearestColours() {
        #expect(ColorTier.index256(RGB(250, 0, 0)) == 196)
        #expect(ColorTier.index256(RGB(1, 1, 1)) == 16)
        // Exactly an ANSI colour (the TTY theme): its ANSI index, so the terminal's palette applies.
        #expect(ColorTier.index256(RGB(255, 0, 0)) == 9 && ColorTier.index256(RGB(0, 0, 0)) == 0)
        #expect(ColorTier.index16(RGB(250, 10, 10), count: 8) == 1)
        #expect(ColorTier.index256(RGB(128, 128, 128)) == 244)
        #expect(ColorTier.index256(RGB(0x5f, 0xaf, 0xff)) == 75)
        #expect(ColorTier.index16(RGB(250, 10, 10)) == 9)
        #expect(ColorTier.index16(RGB(0, 200, 0)) == 2)
    }
}
