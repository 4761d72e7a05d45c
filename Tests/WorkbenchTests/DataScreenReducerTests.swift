import Datasets
import Testing
@testable import Workbench

/// The Data screen's reducer without a session: the session's answers are fed as actions.
struct DataScreenReducerTests {
    static let names = ["island", "bill_length_mm", "sex", "species"]

    /// A page of `n` made-up rows from `first`.
    static func page(_ file: String, first: Int, n: Int, view: TableView = TableView()) -> DataPage {
        let rows = (first..<(first + n)).map { i in ["Biscoe", "\(30 + Double(i % 100) / 10)", i % 2 == 0 ? "male" : "female", "Adelie"] }
        return DataPage(file: file, view: view, first: first, rows: rows, numbers: Array(first..<(first + n)))
    }

    /// The state after `train.csv` (1 000 rows) and `eval.csv` (100 rows) opened and indexed, on the Data screen.
    static func opened(width: Int = 80, height: Int = 24) -> (AppState, [Effect]) {
        var s = AppState()
        (s.width, s.height, s.screen) = (width, height, .data)
        s.data = DataFiles(train: ["data/train.csv"], eval: ["data/eval.csv"])
        var effects: [Effect] = []
        for (file, rows) in [("data/train.csv", 1000), ("data/eval.csv", 100)] {
            _ = Reducer.reduce(&s, .data(.opened(file: file, .success(names))))
            effects += Reducer.reduce(&s, .data(.indexed(file: file, IndexProgress(rows: rows, fraction: 1, complete: true)))).1
            _ = Reducer.reduce(&s, .data(.page(page(file, first: 0, n: min(64, rows)))))
        }
        return (s, effects)
    }

    static func key(_ s: inout AppState, _ k: Key) -> [Effect] { Reducer.reduce(&s, .key(k)).1 }

    @Test func openingAsksForTheFirstPageOfEachFile() {
        let (s, effects) = Self.opened()
        #expect(effects == [.data(.page(file: "data/train.csv", view: TableView(), rows: 0..<64)),
                            .data(.page(file: "data/eval.csv", view: TableView(), rows: 0..<64))])
        #expect(s.dataScreen.tabs.map(\.file) == ["data/train.csv", "data/eval.csv"])
        #expect(s.dataScreen.tabs.map(\.isEval) == [false, true])
        #expect(s.dataScreen.tab?.page?.rows.count == 64)
    }

    @Test func cursorMovesAndAsksOnlyForPagesNotHeld() {
        var (s, _) = Self.opened()
        #expect(Self.key(&s, .char("j")).isEmpty)
        #expect(Self.key(&s, .char("l")).isEmpty)
        #expect(s.dataScreen.tab?.row == 1 && s.dataScreen.tab?.column == 1)
        #expect(Self.key(&s, .left).isEmpty)
        #expect(s.dataScreen.tab?.column == 0 && s.dataScreen.tab?.previousColumn == 1)
        // G: the last rows are not on the page held: one page is asked for, from the first row shown.
        let effects = Self.key(&s, .char("G"))
        #expect(s.dataScreen.tab?.row == 999)
        #expect(s.dataScreen.tab?.top == 1000 - DataScreen.tableRows(s))
        #expect(effects == [.data(.page(file: "data/train.csv", view: TableView(), rows: (1000 - 18)..<(1000 - 18 + 64)))])
        _ = Self.key(&s, .char("g"))
        #expect(s.dataScreen.tab?.row == 0 && s.dataScreen.tab?.top == 0)
        _ = Self.key(&s, .pageDown)
        #expect(s.dataScreen.tab?.row == 18)
        _ = Reducer.reduce(&s, .command(.down, argument: "5000"))
        #expect(s.dataScreen.tab?.row == 999)
    }

    @Test func tabsKeepTheirOwnCursor() {
        var (s, _) = Self.opened()
        _ = Self.key(&s, .char("j"))
        _ = Self.key(&s, .tab)
        #expect(s.dataScreen.current == 1 && s.dataScreen.tab?.row == 0)
        _ = Self.key(&s, .backTab)
        #expect(s.dataScreen.current == 0 && s.dataScreen.tab?.row == 1)
    }

    @Test func sortAsksTheSessionThenShowsTheSortedRows() {
        var (s, _) = Self.opened()
        _ = Self.key(&s, .char("l"))
        let sort = TableView(sort: TableSort(column: "bill_length_mm", descending: true))
        #expect(Self.key(&s, .char("]")) == [.data(.view(file: "data/train.csv", sort))])
        #expect(s.dataScreen.tab?.job?.what == "sorting by bill_length_mm")
        #expect(s.dataScreen.tab?.shown == TableView())
        let effects = Reducer.reduce(&s, .data(.viewReady(file: "data/train.csv", sort, count: 1000))).1
        #expect(s.dataScreen.tab?.shown == sort && s.dataScreen.tab?.job == nil)
        #expect(effects == [.data(.page(file: "data/train.csv", view: sort, rows: 0..<64))])
        // The same sort again: file order.
        _ = Self.key(&s, .char("]"))
        #expect(s.dataScreen.tab?.shown == TableView() && s.dataScreen.tab?.wanted == TableView())
    }

    @Test func ctrlCCancelsASortAndKeepsTheView() {
        var (s, _) = Self.opened()
        _ = Self.key(&s, .char("["))
        #expect(s.dataScreen.tab?.job != nil)
        #expect(Self.key(&s, .ctrl("c")) == [.data(.cancelView(file: "data/train.csv"))])
        #expect(s.dataScreen.tab?.job == nil && s.dataScreen.tab?.wanted == TableView())
        #expect(s.log.last?.text == "sorting by island cancelled")
    }

    @Test func rowFilterAndColumnFilter() {
        var (s, _) = Self.opened()
        s.filter = "!adelie"
        Reducer.follow(&s, .filter)
        let row = ColumnFilter(column: nil, pattern: "adelie", inverted: true)
        #expect(s.dataScreen.tabs.allSatisfy { $0.wanted == TableView(filters: [row]) })
        // | asks for a pattern over the column, then filters by it too.
        _ = Self.key(&s, .char("|"))
        guard case let .edit(prompt, _) = s.overlay else { Issue.record("no prompt: \(s.overlay)"); return }
        #expect(prompt.command == .filterColumn)
        s.overlay = .none
        let both = TableView(filters: [row, ColumnFilter(column: "island", pattern: "^bis")])
        #expect(Reducer.reduce(&s, .command(.filterColumn, argument: "^bis")).1 == [.data(.view(file: "data/train.csv", both))])
        _ = Reducer.reduce(&s, .data(.viewReady(file: "data/train.csv", both, count: 12)))
        #expect(s.dataScreen.tab?.count == 12)
        // Esc without a sheet clears the column filter (the row filter stays).
        _ = Self.key(&s, .escape)
        #expect(s.dataScreen.tab?.filter == nil && s.dataScreen.tab?.wanted == TableView(filters: [row]))
    }

    @Test func sheetsStackAndHandBackAFilter() {
        var (s, _) = Self.opened()
        _ = Self.key(&s, .char("I"))
        #expect(s.dataScreen.sheets == [.describe(DescribeSheet(file: "data/train.csv"))])
        #expect(s.data.statistics["data/train.csv"] == .computing)
        _ = Self.key(&s, .escape)
        #expect(s.dataScreen.sheets.isEmpty)
        _ = Self.key(&s, .char("F"))
        #expect(s.dataScreen.sheets == [.frequency(FrequencySheet(file: "data/train.csv", column: "island"))])
        // Enter on a frequency value: every sheet closes and the table is filtered by it.
        let f = ColumnFilter(column: "sex", pattern: "^male$")
        let r = DataScreen.apply(&s.dataScreen, SheetResult(filter: f), app: s)
        #expect(s.dataScreen.sheets.isEmpty && s.dataScreen.tab?.filter == f && s.dataScreen.tab?.column == 2)
        #expect(r.effects == [.data(.view(file: "data/train.csv", TableView(filters: [f])))])
        // A sheet handing back another opens it on top.
        _ = DataScreen.apply(&s.dataScreen, SheetResult(open: .histogram(HistogramSheet(file: "data/train.csv", column: "bill_length_mm"))), app: s)
        #expect(s.dataScreen.sheets.count == 1)
        _ = Self.key(&s, .char("q"))
        #expect(s.dataScreen.sheets.isEmpty && s.screen == .data)
    }

    @Test func histogramAndScatterNeedNumbers() {
        var (s, _) = Self.opened()
        _ = Self.key(&s, .char("H"))
        #expect(s.dataScreen.sheets.isEmpty)
        #expect(s.log.last?.text.contains("island is not numeric") == true)
        _ = Self.key(&s, .char("l"))
        _ = Self.key(&s, .char("H"))
        #expect(s.dataScreen.sheets == [.histogram(HistogramSheet(file: "data/train.csv", column: "bill_length_mm"))])
        _ = Self.key(&s, .escape)
        _ = Self.key(&s, .char("."))
        #expect(s.dataScreen.sheets.isEmpty, "one numeric column: no scatter")
    }

    @Test func aFileThatCannotBeOpenedIsAnErrorInItsTab() {
        var (s, _) = Self.opened()
        let e = DataError(file: "data/eval.csv", line: 3, column: 2, problem: "unterminated quoted field", hint: "close the quote")
        _ = Reducer.reduce(&s, .data(.opened(file: "data/eval.csv", .failure(e))))
        #expect(s.dataScreen.tabs[1].error == e)
        #expect(s.dataScreen.tabs[0].error == nil)
    }

    @Test func filesTheWorkspaceNamesNowAreOpenedAndGoneOnesClosed() {
        var (s, _) = Self.opened()
        s.data = DataFiles(train: ["data/train.csv"], eval: ["data/test.csv"])
        #expect(Reducer.follow(&s, .workspace) == [.data(.open(["data/test.csv"]))])
        #expect(s.dataScreen.tabs.map(\.file) == ["data/train.csv"])
    }

    @Test func aClickMovesTheCursorToTheCell() {
        var (s, _) = Self.opened()
        _ = Self.key(&s, .click(x: 10, y: 5))
        #expect(s.dataScreen.tab?.row == 2 && s.dataScreen.tab?.column == 1)
    }
}
