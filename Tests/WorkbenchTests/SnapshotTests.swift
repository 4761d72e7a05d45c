import Foundation
import Workspaces
import Testing
import TestSupport
@testable import Workbench

/// Every view at 80×24, 120×40 and too small, as text (EST_RECORD_SNAPSHOTS=1 re-records).
@Suite struct SnapshotTests {
    static let sizes = [(80, 24), (120, 40)]

    @Test(arguments: [(80, 24), (120, 40)])
    func trainScreen(size: (Int, Int)) {
        let s = Fixtures.trainingState(width: size.0, height: size.1)
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "train-\(size.0)x\(size.1)")
    }

    @Test func trainScreenASCIIAndBlock() {
        let s = Fixtures.trainingState(width: 80, height: 24)
        let ascii = WorkbenchView.render(s, glyphs: .ascii).text
        #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII })
        expectSnapshot(ascii, named: "train-80x24-ascii")
        expectSnapshot(WorkbenchView.render(s, glyphs: Glyphs.unicode.with(plot: .block)).text, named: "train-80x24-block")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func checkpointsScreen(size: (Int, Int)) {
        let s = Fixtures.checkpointState(width: size.0, height: size.1)
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "checkpoints-\(size.0)x\(size.1)")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func helpOverlay(size: (Int, Int)) {
        var s = Fixtures.trainingState(width: size.0, height: size.1)
        s.overlay = .help
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "help-\(size.0)x\(size.1)")
    }

    @Test func paletteAndComparisonAndPlaceholder() {
        var s = Fixtures.checkpointState(width: 80, height: 24)
        s.overlay = .palette(text: "zoom", selection: 1)
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "palette-80x24")
        s.overlay = .comparison
        s.comparison = Comparison(a: 200, b: 400, metricDeltas: [("accuracy", 0.92, 0.94), ("loss", 0.28, nil)],
                                  variables: [("dnn/logits/kernel", 0.5, 4), ("dnn/hiddenlayer_0/bias", 0.01, 1)])
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "compare-80x24")
        s.overlay = .none
        s.screen = .runs
        expectSnapshot(WorkbenchView.render(s, glyphs: .unicode).text, named: "runs-placeholder-80x24")
    }

    @Test func tooSmall() {
        for (w, h) in [(60, 20), (79, 40), (120, 23)] {
            let text = WorkbenchView.render(Fixtures.trainingState(width: w, height: h), glyphs: .unicode).text
            #expect(text.hasPrefix("est needs a terminal of at least 80×24; this one is \(w)×\(h)"))
            #expect(text.split(separator: "\n").count == 1)
        }
    }

    @Test func keysDocumentIsGeneratedFromTheTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/keys.md")
        if ProcessInfo.processInfo.environment["EST_RECORD_SNAPSHOTS"] != nil { try KeyBindings.markdown().write(to: url, atomically: true, encoding: .utf8) }
        #expect(try String(contentsOf: url, encoding: .utf8) == KeyBindings.markdown(), "docs/keys.md is stale: EST_RECORD_SNAPSHOTS=1 swift test --filter keysDocument")
        // Every command is reachable from a key or the palette, and no key is bound twice on a screen.
        for screen in Screen.allCases {
            var seen: [Key: Command] = [:]
            for b in KeyBindings.table where b.screen == screen { for k in b.keys { #expect(seen[k] == nil, "\(k) bound twice on \(screen)"); seen[k] = b.command } }
        }
    }
}
