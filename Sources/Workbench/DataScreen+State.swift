import Datasets

extension DataScreen {
    /// The Data screen's state: one tab per data file, the current tab, the stack of sheets.
    ///
    /// Only what is on screen is kept (a page of rows per tab and small metadata); the row indexes, sort orders and
    /// filter results live in the session.
    public struct State: Equatable, Sendable {
        public var tabs: [DataTab] = []
        public var current = 0
        /// Sheets open over the table (describe, frequency, histogram, scatter); the last is drawn.
        public var sheets: [DataSheet] = []
        public init() {}

        /// The tab shown, if any.
        public var tab: DataTab? { tabs.indices.contains(current) ? tabs[current] : nil }
    }
}

/// One data file's table on the Data screen: what is known of the file, the cursor, and the view (sort, filter).
public struct DataTab: Equatable, Sendable {
    public var file: String
    /// Whether it is an eval file (else a training file).
    public var isEval: Bool
    public var names: [String] = []
    public var rowsIndexed = 0
    /// Bytes indexed over the file's size, 0...1.
    public var progress = 0.0
    public var complete = false
    /// Why the file cannot be shown, or why indexing stopped (rows before it stay readable).
    public var error: DataError?
    /// Cursor: row in the view's order, column index into ``names``.
    public var row = 0, column = 0
    /// The first view row and column shown.
    public var top = 0, left = 0
    /// The column current before the last column move (the x axis of a scatter plot).
    public var previousColumn: Int?
    /// The tab's own filter (`|`, or Enter on a frequency value); the `/` row filter is shared by every tab.
    public var filter: ColumnFilter?
    /// The view asked for, and the one whose rows are shown (differs while a sort or filter is computed).
    public var wanted = TableView()
    public var shown = TableView()
    /// Rows in the view shown (the indexed rows when it is the plain file order).
    public var shownCount = 0
    /// The work going on for ``wanted`` ("sorting by bill_length_mm", 0.37).
    public var job: ViewJob?
    public var page: DataPage?
    /// The widest value seen so far in each column (pages read), so columns do not shift while scrolling.
    public var widest: [Int] = []

    public init(file: String, isEval: Bool) { (self.file, self.isEval) = (file, isEval) }

    /// The file's name without its folder.
    public var name: String { file.split(separator: "/").last.map(String.init) ?? file }
    /// Rows in the current view.
    public var count: Int { shown.isPlain ? rowsIndexed : shownCount }
}

/// How a table is ordered and filtered: the session computes its rows (``DataRequest/view(file:_:)``).
public struct TableView: Equatable, Sendable {
    public var sort: TableSort?
    /// Every filter must pass (the `/` row filter, a column filter).
    public var filters: [ColumnFilter] = []
    public init(sort: TableSort? = nil, filters: [ColumnFilter] = []) { (self.sort, self.filters) = (sort, filters) }
    /// File order, every row.
    public var isPlain: Bool { sort == nil && filters.isEmpty }
}

/// A sort by one column.
public struct TableSort: Equatable, Sendable {
    public var column: String
    public var descending: Bool
    public init(column: String, descending: Bool) { (self.column, self.descending) = (column, descending) }
}

/// Background work on a tab's view, with its progress.
public struct ViewJob: Equatable, Sendable {
    public var what: String
    public var fraction: Double
    public init(what: String, fraction: Double) { (self.what, self.fraction) = (what, fraction) }
}

/// Rows of a view read from the file: `first` is the first row's position in the view.
public struct DataPage: Equatable, Sendable {
    public var file: String
    public var view: TableView
    public var first: Int
    public var rows: [[String]]
    /// Each row's number in the file (0-based data row).
    public var numbers: [Int]
    /// A row of the page that does not split into one field per column (file:line, the counts).
    public var problem: DataError?
    public init(file: String, view: TableView, first: Int, rows: [[String]], numbers: [Int], problem: DataError? = nil) {
        (self.file, self.view, self.first, self.rows, self.numbers, self.problem) = (file, view, first, rows, numbers, problem)
    }

    /// The row at a view position, if on this page.
    public func row(_ i: Int) -> [String]? { rows.indices.contains(i - first) ? rows[i - first] : nil }
}

/// Where a file's indexing stands.
public struct IndexProgress: Equatable, Sendable {
    public var rows: Int
    public var fraction: Double
    public var complete: Bool
    public var error: DataError?
    public init(rows: Int, fraction: Double, complete: Bool, error: DataError? = nil) {
        (self.rows, self.fraction, self.complete, self.error) = (rows, fraction, complete, error)
    }
}

/// Work the Data screen asks of the session.
public enum DataRequest: Equatable, Sendable {
    /// Work of a sheet (describe, frequency, histogram, scatter).
    case sheet(SheetRequest)
    /// Open a row index of each file (answered with ``DataEvent/opened(file:_:)``, then progress).
    case open([String])
    /// Rows `rows` of a view of a file (answered at once with ``DataEvent/page(_:)``).
    case page(file: String, view: TableView, rows: Range<Int>)
    /// Compute a view's rows in the background (a sort, a filter); the plain view needs no work.
    case view(file: String, TableView)
    /// Stop the view work of a file.
    case cancelView(file: String)
}

/// What the session's data work answers.
public enum DataEvent: Equatable, Sendable {
    /// An answer for a sheet.
    case sheet(SheetEvent)
    /// A file's header (its column names), or why it cannot be opened.
    case opened(file: String, Result<[String], DataError>)
    /// Indexing went on.
    case indexed(file: String, IndexProgress)
    case page(DataPage)
    case viewProgress(file: String, TableView, ViewJob)
    /// A view's rows are ready: `count` rows.
    case viewReady(file: String, TableView, count: Int)
    /// A view's work stopped: cancelled (nil) or failed.
    case viewStopped(file: String, TableView, DataError?)
}
