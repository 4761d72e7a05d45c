import Foundation
import Datasets
import Testing
import TestSupport
@testable import Workbench

/// Each sheet drawn where the Data screen's body is, at 80×24 and 120×40 (EST_RECORD_SNAPSHOTS=1 re-records).
@Suite struct DataSheetSnapshotTests {
    let file = SheetFixtures.file

    func ready(_ sheet: DataSheet) -> DataSheet {
        var s = sheet
        switch sheet {
        case let .frequency(f): s.follow(.valueCounts(path: file, column: f.column, .success(SheetFixtures.valueCounts(f.column))))
        case let .scatter(p):
            let points = (try? Session.scatterSample(path: SheetFixtures.penguins, x: p.x, y: p.y, limit: p.limit, options: CSVOptions())) ?? []
            s.follow(.scatterSample(path: file, x: p.x, y: p.y, .success(points)))
        case .describe, .histogram: break
        }
        return s
    }

    func check(_ sheet: DataSheet, _ name: String, commands: [Command] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        for (w, h) in [(80, 24), (120, 40)] {
            let app = SheetFixtures.state(width: w, height: h)
            var s = ready(sheet)
            for c in commands { _ = s.reduce(c, argument: nil, app: app) }
            expectSnapshot(SheetFixtures.render(s, app), named: "sheet-\(name)-\(w)x\(h)", sourceLocation: sourceLocation)
        }
    }

    @Test func describe() { check(.describe(DescribeSheet(file: file)), "describe", commands: [.down, .down]) }
    @Test func describeScrolled() {
        check(.describe(DescribeSheet(file: file)), "describe-scrolled", commands: [.panRight, .panRight, .down, .scatter])
    }
    @Test func frequency() { check(.frequency(FrequencySheet(file: file, column: "species")), "frequency-species") }
    @Test func frequencyWithMissing() { check(.frequency(FrequencySheet(file: file, column: "sex")), "frequency-sex", commands: [.bottom]) }
    @Test func frequencyOfManyValues() {
        check(.frequency(FrequencySheet(file: file, column: "body_mass_g")), "frequency-body-mass", commands: [.pageDown])
    }
    @Test func histogram() { check(.histogram(HistogramSheet(file: file, column: "body_mass_g")), "histogram", commands: [.down, .down]) }
    @Test func histogramFewerBins() {
        check(.histogram(HistogramSheet(file: file, column: "flipper_length_mm")), "histogram-5-bins", commands: [.fewerBins, .fewerBins])
    }
    @Test func scatter() { check(.scatter(ScatterSheet(file: file, x: "bill_length_mm", y: "bill_depth_mm")), "scatter") }

    @Test func fallbacks() {
        let app = SheetFixtures.state()
        let hist = DataSheet.histogram(HistogramSheet(file: file, column: "body_mass_g"))
        let plot = ready(.scatter(ScatterSheet(file: file, x: "flipper_length_mm", y: "body_mass_g")))
        let freq = ready(.frequency(FrequencySheet(file: file, column: "island")))
        for s in [hist, plot, freq] {
            let ascii = SheetFixtures.render(s, app, glyphs: .ascii)
            #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII }, "\(ascii)")
        }
        expectSnapshot(SheetFixtures.render(hist, app, glyphs: .ascii), named: "sheet-histogram-80x24-ascii")
        expectSnapshot(SheetFixtures.render(plot, app, glyphs: .ascii), named: "sheet-scatter-80x24-ascii")
        expectSnapshot(SheetFixtures.render(hist, app, glyphs: Glyphs.unicode.with(plot: .block)), named: "sheet-histogram-80x24-block")
        expectSnapshot(SheetFixtures.render(plot, app, glyphs: Glyphs.unicode.with(plot: .block)), named: "sheet-scatter-80x24-block")
    }

    @Test func waitingAndFailing() {
        let e = DataError(file: "data/bad.csv", line: 4, column: 3, problem: "row has 2 fields, the header has 3",
                          hint: "every row needs one field per header column; leave a field empty for a missing value")
        let computing = SheetFixtures.state(stats: .computing), failed = SheetFixtures.state(stats: .failed(e))
        let describe = DataSheet.describe(DescribeSheet(file: file))
        #expect(SheetFixtures.render(describe, computing).contains("computing statistics of \(file)…"))
        let failure = SheetFixtures.render(describe, failed)
        #expect(failure.contains("data/bad.csv:4:3: error: row has 2 fields"))
        expectSnapshot(failure, named: "sheet-describe-failed-80x24")
        #expect(SheetFixtures.render(.histogram(HistogramSheet(file: file, column: "year")), failed).contains("data/bad.csv:4:3"))
        var freq = DataSheet.frequency(FrequencySheet(file: file, column: "sex"))
        #expect(SheetFixtures.render(freq, computing).contains("counting the values of sex"))
        freq.follow(.valueCounts(path: file, column: "sex", .failure(e)))
        #expect(SheetFixtures.render(freq, computing).contains("data/bad.csv:4:3: error"))
        var plot = DataSheet.scatter(ScatterSheet(file: file, x: "a", y: "b"))
        #expect(SheetFixtures.render(plot, computing).contains("reading a and b"))
        plot.follow(.scatterSample(path: file, x: "a", y: "b", .success([])))
        #expect(SheetFixtures.render(plot, computing).contains("no row has a number in both a and b"))
        let strings = SheetFixtures.render(.histogram(HistogramSheet(file: file, column: "island")), SheetFixtures.state())
        #expect(strings.contains("'island' is a string column"))
    }
}

/// What the text does not show: the selected row and bin, and the density colours.
@Suite struct DataSheetStyleTests {
    let file = SheetFixtures.file

    func canvas(_ sheet: DataSheet, _ app: AppState) -> Canvas {
        var c = Canvas(width: app.width, height: app.height)
        sheet.draw(in: Rect(x: 0, y: 1, width: app.width, height: app.height - 2), &c, .unicode, app: app)
        return c
    }

    @Test func theSelectedRowIsReversed() {
        let app = SheetFixtures.state()
        var s = DataSheet.describe(DescribeSheet(file: file))
        _ = s.reduce(.down, argument: nil, app: app)
        _ = s.reduce(.down, argument: nil, app: app)
        let c = canvas(s, app)
        // Header on row 2, then island (3), bill_length_mm (4), bill_depth_mm (5).
        #expect(c[10, 5].style.reverse && !c[10, 4].style.reverse && !c[10, 6].style.reverse)
        var f = DataSheet.frequency(FrequencySheet(file: file, column: "sex"))
        f.follow(.valueCounts(path: file, column: "sex", .success(SheetFixtures.valueCounts("sex"))))
        _ = f.reduce(.bottom, argument: nil, app: app)
        let fc = canvas(f, app)
        #expect(fc[2, 5].style.reverse && fc[2, 5].char == "(" && !fc[2, 4].style.reverse)
    }

    @Test func theSelectedBinStandsOut() {
        let app = SheetFixtures.state()
        var s = DataSheet.histogram(HistogramSheet(file: file, column: "body_mass_g"))
        _ = s.reduce(.panRight, argument: nil, app: app)
        let c = canvas(s, app)
        let bottom = app.height - 5   // the row of the bars' feet: over the x labels, the footer and the box
        let styles = (0..<app.width).filter { c[$0, bottom].char == "█" }.map { c[$0, bottom].style.fg }
        #expect(styles.filter { $0 == .role(.bestMark) }.count == 2)   // bin 2, two cells wide
        #expect(styles.contains(.role(.hiFg)))
    }

    @Test func denseCellsAreBrighter() {
        let app = SheetFixtures.state()
        var s = DataSheet.scatter(ScatterSheet(file: file, x: "a", y: "b"))
        let many = [ScatterPoint](repeating: ScatterPoint(x: 0, y: 0), count: 50)
        s.follow(.scatterSample(path: file, x: "a", y: "b", .success(many + [ScatterPoint(x: 1, y: 1)])))
        let c = canvas(s, app)
        let inks = (0..<app.height).flatMap { y in (0..<app.width).map { c[$0, y] } }.filter { (0x2800..<0x2900).contains($0.char.value) }
            .map(\.style.fg)
        #expect(Set(inks) == [.gradient(.metric, 100), .gradient(.metric, Int(100 * log(2.0) / log(51.0)))])
    }
}
