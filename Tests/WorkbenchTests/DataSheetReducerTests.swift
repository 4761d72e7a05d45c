import Datasets
import Testing
@testable import Workbench

/// The sheets' reducers: moves, Enter and the sheet keys, and how they take background answers.
@Suite struct DataSheetReducerTests {
    let app = SheetFixtures.state()
    let file = SheetFixtures.file

    func describe(_ commands: [Command], on sheet: DataSheet? = nil) -> (DataSheet, SheetResult?) {
        var s = sheet ?? .describe(DescribeSheet(file: file))
        var last: SheetResult?
        for c in commands { last = s.reduce(c, argument: nil, app: app) }
        return (s, last)
    }

    func selected(_ s: DataSheet) -> Int {
        switch s {
        case let .describe(d): d.selected
        case let .frequency(f): f.selected
        case let .histogram(h): h.selected
        case .scatter: -1
        }
    }

    @Test func describeMovesWithinTheColumns() {
        #expect(selected(describe([.down, .down]).0) == 2)
        #expect(selected(describe([.up]).0) == 0)
        #expect(selected(describe([.bottom]).0) == 7)          // 8 columns
        #expect(selected(describe([.bottom, .down]).0) == 7)
        #expect(selected(describe([.pageDown]).0) == 7)        // a page of 17 rows at 80×24
        #expect(selected(describe([.bottom, .pageUp]).0) == 0)
        #expect(selected(describe([.bottom, .top]).0) == 0)
        #expect(describe([.trainToggle]).1 == nil)              // not the sheet's
    }

    @Test func describeEnterOpensTheFrequencyOfTheSelectedColumn() {
        let (_, r) = describe([.down, .openSelected])
        #expect(r?.open == .frequency(FrequencySheet(file: file, column: "bill_length_mm")))
        #expect(describe([.frequency]).1?.open == .frequency(FrequencySheet(file: file, column: "island")))
        #expect(r?.open?.openingRequests == [.valueCounts(path: file, column: "bill_length_mm")])
    }

    @Test func describeHistogramOnlyOfNumbers() {
        #expect(describe([.down, .down, .down, .histogram]).1?.open == .histogram(HistogramSheet(file: file, column: "flipper_length_mm")))
        let r = describe([.histogram]).1      // island is a string
        #expect(r?.open == nil)
        #expect(r?.result.requests.first.map { if case .note = $0 { true } else { false } } == true)
    }

    @Test func describeScatterTakesXThenY() {
        let (s, r) = describe([.down, .scatter])
        guard case let .describe(d) = s else { Issue.record("not describe"); return }
        #expect(d.scatterX == "bill_length_mm" && r?.open == nil)
        let (_, r2) = describe([.down, .scatter], on: s)
        #expect(r2?.open == .scatter(ScatterSheet(file: file, x: "bill_length_mm", y: "bill_depth_mm")))
        #expect(r2?.open?.openingRequests == [.scatterSample(path: file, x: "bill_length_mm", y: "bill_depth_mm", limit: ScatterSheet.defaultLimit)])
        // The same column twice unmarks it.
        guard case let .describe(again) = describe([.scatter], on: s).0 else { return }
        #expect(again.scatterX == nil)
    }

    @Test func describeScrollsItsStatistics() {
        guard case let .describe(d) = describe([.panRight, .panRight, .panLeft]).0 else { return }
        #expect(d.firstStatistic == 1)
        guard case let .describe(e) = describe([.panLeft]).0 else { return }
        #expect(e.firstStatistic == 0)
    }

    @Test func describeWithoutStatisticsOpensNothing() {
        var s = DataSheet.describe(DescribeSheet(file: file))
        let r = s.reduce(.openSelected, argument: nil, app: SheetFixtures.state(stats: .computing))
        #expect(r?.open == nil && r?.result.requests.isEmpty == false)
    }

    @Test func frequencyFollowsItsOwnAnswerAndFiltersOnEnter() {
        var s = DataSheet.frequency(FrequencySheet(file: file, column: "sex"))
        #expect(s.openingRequests == [.valueCounts(path: file, column: "sex")])
        #expect(s.reduce(.openSelected, argument: nil, app: app)?.filter == nil)      // still counting
        let counts = SheetFixtures.valueCounts("sex")
        s.follow(.valueCounts(path: file, column: "island", .success([])))           // another column's
        s.follow(.valueCounts(path: "other.csv", column: "sex", .success([])))       // another file's
        guard case let .frequency(f) = s else { return }
        #expect(f.values == .loading)
        s.follow(.valueCounts(path: file, column: "sex", .success(counts)))
        #expect(s.reduce(.openSelected, argument: nil, app: app)?.filter == ColumnFilter(column: "sex", pattern: "^male$"))
        _ = s.reduce(.bottom, argument: nil, app: app)
        #expect(s.reduce(.openSelected, argument: nil, app: app)?.filter == ColumnFilter(column: "sex", pattern: "^$"))   // (missing)
        #expect(s.reduce(.histogram, argument: nil, app: app) == nil)
    }

    @Test func frequencyFilterEscapesTheValue() {
        #expect(ColumnFilter.exactly("a.b(c)*", in: "x").pattern == "^a\\.b\\(c\\)\\*$")
        var s = DataSheet.frequency(FrequencySheet(file: file, column: "name"))
        s.follow(.valueCounts(path: file, column: "name", .success([.init(value: "1+1", count: 2)])))
        #expect(s.reduce(.openSelected, argument: nil, app: app)?.filter?.pattern == "^1\\+1$")
    }

    @Test func frequencyTakesAFailure() {
        var s = FrequencySheet(file: file, column: "sex")
        let e = DataError(file: file, line: 5, column: 3, problem: "row has 2 fields, the header has 3", hint: "h")
        s.follow(.valueCounts(path: file, column: "sex", .failure(e)))
        #expect(s.values == .failed(e))
    }

    @Test func histogramBinsMergeAndKeepTheirCounts() throws {
        var s = DataSheet.histogram(HistogramSheet(file: file, column: "body_mass_g"))
        #expect(s.openingRequests.isEmpty)
        let stats = try #require(app.data.ready(file)?.columns.first { $0.name == "body_mass_g" })
        func bins(_ s: DataSheet) -> [HistogramSheet.Bin] { if case let .histogram(h) = s { h.shownBins(stats) } else { [] } }
        #expect(bins(s).count == 20)
        _ = s.reduce(.fewerBins, argument: nil, app: app)
        #expect(bins(s).count == 10)
        _ = s.reduce(.fewerBins, argument: nil, app: app)
        #expect(bins(s).count == 5)
        #expect(bins(s).reduce(0) { $0 + $1.count } == stats.count)
        #expect(bins(s).first?.lower == stats.min && bins(s).last?.upper == stats.max)
        _ = s.reduce(.moreBins, argument: nil, app: app)
        _ = s.reduce(.moreBins, argument: nil, app: app)
        _ = s.reduce(.moreBins, argument: nil, app: app)
        #expect(bins(s).count == 20)
        #expect(HistogramSheet.binChoices(20) == [1, 2, 4, 5, 10, 20])
    }

    @Test func histogramCursorStaysOnTheBins() {
        var s = DataSheet.histogram(HistogramSheet(file: file, column: "body_mass_g"))
        _ = s.reduce(.panRight, argument: nil, app: app)
        _ = s.reduce(.panRight, argument: nil, app: app)
        #expect(selected(s) == 2)
        _ = s.reduce(.bottom, argument: nil, app: app)
        #expect(selected(s) == 19)
        _ = s.reduce(.fewerBins, argument: nil, app: app)
        #expect(selected(s) == 9)
        _ = s.reduce(.down, argument: nil, app: app)
        #expect(selected(s) == 9)
        _ = s.reduce(.top, argument: nil, app: app)
        #expect(selected(s) == 0)
        #expect(s.reduce(.openSelected, argument: nil, app: app) == nil)
    }

    @Test func scatterFollowsItsSampleAndSwapsAxes() {
        var s = DataSheet.scatter(ScatterSheet(file: file, x: "a", y: "b"))
        s.follow(.scatterSample(path: file, x: "a", y: "c", .success([ScatterPoint(x: 9, y: 9)])))   // another plot's
        guard case let .scatter(before) = s else { return }
        #expect(before.points == .loading)
        s.follow(.scatterSample(path: file, x: "a", y: "b", .success([ScatterPoint(x: 1, y: 2)])))
        #expect(s.reduce(.scatter, argument: nil, app: app) != nil)
        guard case let .scatter(after) = s else { return }
        #expect(after.x == "b" && after.y == "a" && after.points == .ready([ScatterPoint(x: 2, y: 1)]))
        #expect(s.title == "a against b")
        // An answer to the request made before the swap still lands the right way round.
        s.follow(.scatterSample(path: file, x: "a", y: "b", .success([ScatterPoint(x: 3, y: 4)])))
        guard case let .scatter(late) = s else { return }
        #expect(late.points == .ready([ScatterPoint(x: 4, y: 3)]))
        #expect(s.reduce(.down, argument: nil, app: app) == nil)
    }

    @Test func titlesAndHints() {
        #expect(DataSheet.describe(DescribeSheet(file: file)).title == "describe train.csv")
        #expect(DataSheet.frequency(FrequencySheet(file: file, column: "sex")).title == "frequency of sex")
        #expect(DataSheet.histogram(HistogramSheet(file: file, column: "year")).title == "histogram of year")
        #expect(DataSheet.histogram(HistogramSheet(file: file, column: "year")).hints.contains("< fewer bins"))
        for s: DataSheet in [.describe(DescribeSheet(file: file)), .frequency(FrequencySheet(file: file, column: "x")),
                             .scatter(ScatterSheet(file: file, x: "a", y: "b"))] {
            #expect(s.hints.hasSuffix("Esc back "))
        }
    }
}
