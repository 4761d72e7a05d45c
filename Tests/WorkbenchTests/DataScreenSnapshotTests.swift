import Datasets
import Testing
import TestSupport
@testable import Workbench

/// The Data screen drawn at 80×24 and 120×40: the table, a filtered table, a file's error, indexing going on.
struct DataScreenSnapshotTests {
    static let sizes = [(80, 24), (120, 40)]

    static func render(_ s: AppState) -> String { WorkbenchView.render(s, glyphs: .unicode).text }

    @Test func table() {
        for (w, h) in Self.sizes {
            var (s, _) = DataScreenReducerTests.opened(width: w, height: h)
            _ = DataScreenReducerTests.key(&s, .char("j"))
            _ = DataScreenReducerTests.key(&s, .char("l"))
            expectSnapshot(Self.render(s), named: "data-table-\(w)x\(h)")
        }
    }

    @Test func filteredAndSorted() {
        for (w, h) in Self.sizes {
            var (s, _) = DataScreenReducerTests.opened(width: w, height: h)
            let view = TableView(sort: TableSort(column: "island", descending: false), filters: [ColumnFilter(column: nil, pattern: "adelie")])
            s.dataScreen.tabs[0].wanted = view
            _ = Reducer.reduce(&s, .data(.viewReady(file: "data/train.csv", view, count: 1234)))
            _ = Reducer.reduce(&s, .data(.page(DataScreenReducerTests.page("data/train.csv", first: 0, n: 64, view: view))))
            expectSnapshot(Self.render(s), named: "data-filtered-\(w)x\(h)")
        }
    }

    @Test func errorView() {
        for (w, h) in Self.sizes {
            var (s, _) = DataScreenReducerTests.opened(width: w, height: h)
            let e = DataError(file: "data/eval.csv", line: 4, column: 2, problem: "unterminated quoted field (the quote opened here is never closed)",
                              hint: "close the quote, or double a quote inside a quoted field (\"\")")
            s.dataScreen.tabs[1] = DataTab(file: "data/eval.csv", isEval: true)
            s.dataScreen.tabs[1].error = e
            _ = DataScreenReducerTests.key(&s, .tab)
            expectSnapshot(Self.render(s), named: "data-error-\(w)x\(h)")
        }
    }

    @Test func indexingProgress() {
        for (w, h) in Self.sizes {
            var (s, _) = DataScreenReducerTests.opened(width: w, height: h)
            (s.dataScreen.tabs[0].complete, s.dataScreen.tabs[0].progress, s.dataScreen.tabs[0].rowsIndexed) = (false, 0.37, 412_000)
            expectSnapshot(Self.render(s), named: "data-indexing-\(w)x\(h)")
        }
    }
}
