import Testing
@testable import Workbench

@Suite struct ChartTests {
    static func render(_ m: ChartModel, view: ChartView = ChartView(), glyphs: Glyphs = .unicode, width: Int = 60, height: Int = 14) -> Canvas {
        var c = Canvas(width: width, height: height)
        ChartRenderer.draw(m, view: view, origin: 0, into: &c, rect: Rect(x: 0, y: 0, width: width, height: height), glyphs: glyphs)
        return c
    }

    static let line = ChartModel(tag: "loss", lines: [ChartLine(name: "train", points: (1...100).map { ScalarPoint(step: Int64($0), wallTime: Double($0), value: 1 / Double($0)) }, ink: .trainLine)],
                                 checkpointSteps: [50], higherIsBetter: false)

    @Test func titleNamesTheSmoothingAndTheScale() {
        var v = ChartView()
        v.smoothing = 0.9; v.logY = true; v.window = 50...100
        let top = Self.render(Self.line, view: v).text.split(separator: "\n")[0]
        #expect(top.contains("loss · smoothing 0.90 · log y · pinned"))
    }

    @Test func brailleRawAndSmoothedStyles() {
        let c = Self.render(Self.line)
        let braille = c.cells.filter { $0.char.value >= 0x2800 && $0.char.value < 0x2900 }
        #expect(braille.count > 40)
        // The raw series is drawn faintly behind the smoothed one, in its own role.
        #expect(braille.contains { $0.style.fg == .role(.rawLine) && $0.style.dim })
        #expect(braille.contains { $0.style.fg == .role(.trainLine) })
        #expect(c.cells.contains { $0.char == "▲" && $0.style.fg == .role(.checkpointMark) })
        #expect(c.text.contains("train 0.01 min 0.01 max 1"))
    }

    @Test func asciiFallbackUsesOnlyASCII() {
        let c = Self.render(Self.line, glyphs: .ascii).asciified()
        #expect(c.text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(c.text.contains("*") && c.text.contains("^"))
    }

    @Test func bestEvalPointIsMarkedAndReported() {
        let eval = ChartLine(name: "eval", points: [0.5, 0.9, 0.7].enumerated().map { ScalarPoint(step: Int64(($0.offset + 1) * 100), wallTime: 0, value: $0.element) }, ink: .evalLine, smooth: false)
        let c = Self.render(ChartModel(tag: "accuracy", lines: [eval], higherIsBetter: true))
        #expect(c.text.contains("eval 0.7 best 0.9@200 min 0.5 max 0.9"))
        #expect(c.cells.filter { $0.char == "◆" }.count == 1)
    }

    @Test func nanPointsAreShownNotHidden() {
        let pts = [1, Double.nan, 0.5].enumerated().map { ScalarPoint(step: Int64($0.offset), wallTime: 0, value: $0.element) }
        let c = Self.render(ChartModel(tag: "loss", lines: [ChartLine(name: "train", points: pts, ink: .trainLine)]))
        #expect(c.cells.contains { $0.char == "!" && $0.style.fg == .role(.statusError) })
    }

    @Test func pinnedWindowShowsOnlyItsRange() {
        var v = ChartView()
        v.window = 80...100
        let text = Self.render(Self.line, view: v).text
        #expect(text.contains("80") && text.contains("100"))
        #expect(!text.contains("▲"))   // the checkpoint at 50 is outside
    }

    @Test func logYRefusesNothingAndLabelsInLinearUnits() {
        var v = ChartView()
        v.logY = true
        let text = Self.render(Self.line, view: v).text
        #expect(text.contains("1 ") || text.contains("1\u{2502}") || text.contains("0.99"))
        #expect(text.contains("0.01"))
    }

    @Test func emptyChartSaysSo() {
        #expect(Self.render(ChartModel(tag: "loss", lines: [])).text.contains("no data yet"))
    }
}
