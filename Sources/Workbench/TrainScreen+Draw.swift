import Foundation
import Workspaces

/// Drawing the Train screen: the info lines, the charts and the log pane.
extension TrainScreen {
    public static func draw(_ t: State, _ l: Layout, _ c: inout Canvas, _ g: Glyphs, app s: AppState) {
        info(s, l.info, &c, g)
        let tags = s.chartTags
        for (i, r) in l.charts.enumerated() {
            let idx = l.firstChart + i
            ChartRenderer.draw(s.chart(tags[idx]), view: t.chartView, origin: s.runData.origin ?? 0, into: &c, rect: r, glyphs: g,
                               focused: idx == t.focusedChart && t.focusedPane == 0)
        }
        if tags.isEmpty, let f = s.filter {
            // A filter that matches nothing says so, rather than leaving the chart area blank.
            let text = "no chart matches /\(f)/ · / and Enter on nothing shows every chart"
            c.put(text, x: max(1, (s.width - text.count) / 2), y: (l.info.maxY + l.log.y) / 2, style: .role(.statusWarn, bold: true),
                  maxWidth: s.width - 2)
        }
        LogView.drawPane(s, t, l.log, &c, g)
        if tags.count > l.charts.count {
            let more = " charts \(l.firstChart + 1)–\(l.firstChart + l.charts.count) of \(tags.count) · j/k "
            c.put(more, x: s.width - more.count - 2, y: l.log.y, style: .role(.hiFg, bold: true))
        }
    }

    static func rate(_ v: Double) -> String {
        v >= 1_000_000 ? String(format: "%.2fM", v / 1_000_000) : v >= 10_000 ? String(format: "%.0fk", v / 1000)
            : v >= 100 ? String(format: "%.0f", v) : String(format: "%.1f", v)
    }

    static func duration(_ t: Double) -> String {
        let s = Int(t.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    static func info(_ s: AppState, _ r: Rect, _ c: inout Canvas, _ g: Glyphs) {
        let y = r.y
        let (dot, st): (String, Style) = switch s.run {
        case .running: (g.isUnicode ? "●" : "*", Style(fg: .role(.statusOk), bold: true))
        case .failed: (g.isUnicode ? "✖" : "x", Style(fg: .role(.statusError), bold: true))
        case .paused, .stopping, .starting: (g.isUnicode ? "‖" : "=", Style(fg: .role(.statusWarn), bold: true))
        default: (g.isUnicode ? "○" : "o", Style(fg: .role(.inactiveFg)))
        }
        var x = 1
        let watching = s.isWatchingElsewhere && !s.run.isLive
        x += c.put("\(dot) \(s.runLabel)", x: x, y: y, style: watching ? Style(fg: .role(.statusOk), bold: true) : st) + 2
        // The target is known for this workbench's runs (and the workspace's); a run watched elsewhere shows its step only.
        if s.targetStep > 0 && s.step <= s.targetStep && !s.isWatchingElsewhere {
            x += c.put("step \(s.step)/\(s.targetStep)", x: x, y: y, style: .role(.title, bold: true)) + 1
            let barW = 20
            let frac = min(1, Double(s.step) / Double(s.targetStep))
            let filled = Int(frac * Double(barW))
            for i in 0..<barW {
                let ink: Ink = .gradient(.throughput, i * 100 / max(1, barW - 1))
                c[x + i, y] = Cell(i < filled ? g.bar : (g.isUnicode ? "░" : "."), Style(fg: i < filled ? ink : .role(.divLine)))
            }
            x += barW + 1
            x += c.put(String(format: "%3.0f%%", frac * 100), x: x, y: y, style: .role(.mainFg)) + 2
        } else {
            x += c.put("step \(s.step)", x: x, y: y, style: .role(.title, bold: true)) + 2
        }
        if let loss = s.loss { x += c.put("loss \(ChartRenderer.format(loss, width: 9))", x: x, y: y, style: .role(.trainLine, bold: true)) + 2 }
        if let e = s.evaluatingStep { x += c.put("evaluating step \(e)…", x: x, y: y, style: .role(.statusWarn, bold: true)) + 2 }
        if case let .failed(m) = s.run {
            c.put(m.split(separator: "\n").first.map(String.init) ?? m, x: x, y: y, style: .role(.statusError), maxWidth: s.width - x - 1)
        }

        var parts: [String] = []
        if let k = s.skipping, s.run.isLive {
            parts.append("skipping \(RunPlan.grouped(k.done)) / \(RunPlan.grouped(k.total)) batches already trained on (exact resume)")
        }
        parts.append((s.stepsPerSec ?? s.elsewhereStepsPerSec).map { "\(rate($0)) steps/s" } ?? "– steps/s")
        parts.append(s.examplesPerSec.map { "\(rate($0)) examples/s" } ?? "– examples/s")
        parts.append(s.run == .paused ? "ETA paused" : "ETA " + (s.eta.map(duration) ?? "–"))
        parts.append(s.device)
        parts.append(s.modelDir)
        c.put(parts.joined(separator: "  ·  "), x: 1, y: y + 1, style: .role(.graphText), maxWidth: s.width - 2)
    }

    /// The local broken-down time of a Unix time.
    static func localTime(_ seconds: Double) -> tm {
        var t = time_t(seconds)
        var out = tm()
        localtime_r(&t, &out)
        return out
    }

    static func timeOfDay(_ d: Date) -> String {
        let t = localTime(d.timeIntervalSince1970)
        return String(format: "%02d:%02d:%02d", t.tm_hour, t.tm_min, t.tm_sec)
    }
}
