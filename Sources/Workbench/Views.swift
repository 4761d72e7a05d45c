import Foundation

/// Renders the whole screen: state → canvas. Pure; the theme is applied when blitting.
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
        switch s.screen {
        case .train: TrainView.draw(s, l, &c, g)
        case .checkpoints: CheckpointsView.draw(s, l, &c, g)
        default:
            c.box(l.table, title: s.screen.title, style: Style(fg: .role(.divLine)), glyphs: g)
            c.put("The \(s.screen.title) screen comes with the workbench's part 2.", x: 2, y: l.table.y + 2, style: .role(.mainFg))
            let cli = ["Data": "est inspect CSV", "Model": "workspace.toml [estimator]", "Input": "workspace.toml [data], [[features]], [input]",
                       "Export": "export comes with the export issue", "Runs": "est checkpoints WORKSPACE"][s.screen.title] ?? ""
            c.put("Meanwhile: \(cli). Press 4 for Train, 5 for Checkpoints.", x: 2, y: l.table.y + 3, style: .role(.inactiveFg))
        }
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
            var st = active ? Style(fg: .role(.selectedFg), bg: .role(.selectedBg), bold: true, reverse: true) : bar
            if !sc.isBuilt && !active { st.dim = true }
            c.put(" \(sc.rawValue) \(sc.title) ", x: r.lowerBound, y: 0, style: st)
        }
        let right = " \(s.workspaceName) · \(s.estimatorKind) "
        let tabsEnd = l.tabs.values.map(\.upperBound).max() ?? 0
        if tabsEnd + right.count < s.width { c.put(right, x: s.width - right.count, y: 0, style: Style(fg: .role(.title), bg: .role(.selectedBg), bold: true)) }
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
        x += c.put(s.run.label, x: x, y: l.status.y, style: stateStyle)
        var parts = [" │ step \(s.step)"]
        if let f = s.filter { parts.append("filter /\(f)/") }
        if let sps = s.stepsPerSec, s.run.isLive { parts.append("\(TrainView.rate(sps)) steps/s") }
        if let j = s.job { parts.append(j.cancelling ? "cancelling…" : "\(j.title) (\(j.done) batches)") }
        x += c.put(parts.joined(separator: " │ "), x: x, y: l.status.y, style: Style(fg: .role(.mainFg), bg: .role(.selectedBg)))
        let long: String, short: String
        switch s.screen {
        case .train:
            let p = s.run == .paused ? "p resume" : "p pause"
            long = "s \(s.run.isLive ? "stop" : "start")  \(p)  <> smooth  : command  ? help  q quit "
            short = "s \(s.run.isLive ? "stop" : "start")  \(p)  ? help  q quit "
        case .checkpoints:
            long = "e eval  Space mark  c compare  r resume  w warm  ? help  q quit "
            short = "e eval  Space mark  c compare  ? help "
        default: (long, short) = ("4 train  5 checkpoints  ? help  q quit ", "? help  q quit ")
        }
        let hints = x + long.count + 1 < s.width ? long : short
        if x + hints.count + 1 < s.width { c.put(hints, x: s.width - hints.count, y: l.status.y, style: Style(fg: .role(.graphText), bg: .role(.selectedBg))) }
    }
}
