import Foundation

/// Renders the whole screen: state → canvas. Pure; the theme is applied when blitting.
///
/// The root draws the header, the status bar and the overlays; the current screen its body.
public enum WorkbenchView {
    public static func render(_ s: AppState, glyphs g: Glyphs) -> Canvas {
        let c = draw(s, glyphs: g)
        return g.isUnicode ? c : c.asciified()
    }

    static func draw(_ s: AppState, glyphs g: Glyphs) -> Canvas {
        var c = Canvas(width: max(0, s.width), height: max(0, s.height))
        let l = Layout.compute(s)
        if l.tooSmall {
            let msg = "est needs a terminal of at least \(Layout.minWidth)×\(Layout.minHeight); this one is \(s.width)×\(s.height)"
            c.put(msg, x: 0, y: 0, style: Style(fg: .role(.statusWarn), bold: true), maxWidth: s.width)
            return c
        }
        header(s, l, &c)
        ScreenRegistry.draw(ScreenRegistry.module(for: s.screen), l, &c, g, app: s)
        statusBar(s, l, &c)
        Overlays.draw(s, l, &c, g)
        return c
    }

    static func header(_ s: AppState, _ l: Layout, _ c: inout Canvas) {
        c.fill(l.header, style: Style(fg: .role(.mainFg), bg: .role(.selectedBg)))
        let bar = Style(fg: .role(.mainFg), bg: .role(.selectedBg))
        for sc in Screen.allCases {
            guard let r = l.tabs[sc] else { continue }
            let active = sc == s.screen
            var st = active ? Style.selectedRow : bar
            if !sc.isBuilt && !active { st.dim = true }
            c.put(" \(sc.rawValue) \(sc.title) ", x: r.lowerBound, y: 0, style: st)
        }
        let right = " \(s.workspaceName) · \(s.estimatorKind) "
        let tabsEnd = l.tabs.values.map(\.upperBound).max() ?? 0
        if tabsEnd + right.count < s.width {
            c.put(right, x: s.width - right.count, y: 0, style: Style(fg: .role(.title), bg: .role(.selectedBg), bold: true))
        }
    }

    static func statusBar(_ s: AppState, _ l: Layout, _ c: inout Canvas) {
        c.fill(l.status, style: Style(fg: .role(.mainFg), bg: .role(.selectedBg)))
        let stateStyle: Style
        switch s.run {
        case .running: stateStyle = Style(fg: .role(.statusOk), bg: .role(.selectedBg), bold: true)
        case .failed: stateStyle = Style(fg: .role(.statusError), bg: .role(.selectedBg), bold: true)
        case .paused, .stopping, .starting: stateStyle = Style(fg: .role(.statusWarn), bg: .role(.selectedBg), bold: true)
        default: stateStyle = Style(fg: .role(.mainFg), bg: .role(.selectedBg))
        }
        var x = c.put(" \(s.screen.title) │ ", x: 0, y: l.status.y, style: Style(fg: .role(.title), bg: .role(.selectedBg), bold: true))
        x += c.put(s.runLabel, x: x, y: l.status.y, style: s.isWatchingElsewhere && !s.run.isLive
            ? Style(fg: .role(.statusOk), bg: .role(.selectedBg), bold: true) : stateStyle)
        var parts = [" │ step \(s.step)"]
        if let f = s.filter { parts.append("filter /\(f)/") }
        if let sps = s.run.isLive ? s.stepsPerSec : s.elsewhereStepsPerSec { parts.append("\(TrainScreen.rate(sps)) steps/s") }
        if let j = s.job { parts.append(j.cancelling ? "cancelling…" : "\(j.title) (\(j.done) batches)") }
        x += c.put(parts.joined(separator: " │ "), x: x, y: l.status.y, style: Style(fg: .role(.mainFg), bg: .role(.selectedBg)))
        let (long, short) = ScreenRegistry.hints(ScreenRegistry.module(for: s.screen), app: s)
        // Screens without the log pane show its newest line for a while (an error until acknowledged with L).
        if s.screen != .train, let line = s.log.last,
           s.now - line.time < 8 || (line.level == .error && s.logTotal - 1 >= s.logAcknowledged) {
            // The line before the long hints: they shrink to the short ones before it is cut.
            let room = s.width - x - (s.width - x - long.count - 4 > line.text.count + 3 ? long : short).count - 4
            let role: ThemeKey = line.level == .error ? .statusError : line.level == .warning ? .statusWarn : .mainFg
            if room > 10 {
                x += c.put(" │ " + line.text, x: x, y: l.status.y, style: Style(fg: .role(role), bg: .role(.selectedBg)), maxWidth: room)
            }
        }
        let hints = x + long.count + 1 < s.width ? long : short
        if x + hints.count + 1 < s.width {
            c.put(hints, x: s.width - hints.count, y: l.status.y, style: Style(fg: .role(.graphText), bg: .role(.selectedBg)))
        }
    }
}
