import Datasets

/// The describe sheet (VisiData's Shift+I): one row per column of a file's statistics.
///
/// The rows come from ``AppState/data`` (the Data screen asks for the statistics when it opens the sheet). Enter or
/// frequency opens the frequency sheet of the column under the cursor, histogram its histogram; scatter marks the
/// column as the x of a scatter plot, and scatter on a second column opens the plot with that column as y.
public struct DescribeSheet: Equatable, Sendable {
    public var file: String
    /// The row under the cursor (a column of the file, in header order).
    public var selected = 0
    /// The first statistic shown after the frozen name column (←/→ scroll when they do not all fit).
    public var firstStatistic = 0
    /// The column marked as a scatter plot's x, waiting for the y.
    public var scatterX: String?
    public init(file: String) { self.file = file }

    mutating func reduce(_ c: Command, app: AppState) -> SheetResult? {
        let columns = app.data.ready(file)?.columns ?? []
        if let i = SheetCursor.move(c, selected, count: columns.count, page: SheetCursor.page(app)) {
            selected = i
            return SheetResult()
        }
        let chosen = selected < columns.count ? columns[selected] : nil
        switch c {
        case .panLeft:
            firstStatistic = max(0, firstStatistic - 1)
            return SheetResult()
        case .panRight:
            firstStatistic = min(Self.statistics(wide: app.width - 4 >= Self.wideWidth).count, firstStatistic + 1)
            return SheetResult()
        case .openSelected, .frequency:
            guard let chosen else { return notReady }
            return SheetResult(open: .frequency(FrequencySheet(file: file, column: chosen.name)))
        case .histogram:
            guard let chosen else { return notReady }
            guard chosen.type != .string else {
                let why = "a histogram needs a numeric column; '\(chosen.name)' is \(chosen.type) (frequency shows its values)"
                return SheetResult(.note(why, .warning))
            }
            return SheetResult(open: .histogram(HistogramSheet(file: file, column: chosen.name)))
        case .scatter:
            guard let chosen else { return notReady }
            guard chosen.type != .string else {
                return SheetResult(.note("a scatter plot needs numeric columns; '\(chosen.name)' is \(chosen.type)", .warning))
            }
            guard let x = scatterX, x != chosen.name else {
                scatterX = scatterX == chosen.name ? nil : chosen.name
                return SheetResult(scatterX == nil ? ScreenResult() : .note("scatter: x is '\(chosen.name)'; choose the y column and scatter again"))
            }
            scatterX = nil
            return SheetResult(open: .scatter(ScatterSheet(file: file, x: x, y: chosen.name)))
        default:
            return nil
        }
    }

    private var notReady: SheetResult { SheetResult(.note("the statistics of \(file) are not ready yet", .info)) }
}

/// One column of the describe table after the name: its header and its text for a column's statistics.
struct DescribeStatistic {
    var header: String
    var text: (ColumnStatistics, _ rows: Int) -> String
    /// Text (the type) reads left to right; numbers line up on the right.
    var leftAligned = false

    init(_ header: String, leftAligned: Bool = false, _ text: @escaping (ColumnStatistics, _ rows: Int) -> String) {
        (self.header, self.leftAligned, self.text) = (header, leftAligned, text)
    }

    init(_ header: String, number: @escaping (ColumnStatistics) -> Double?) {
        self.init(header) { c, _ in SheetDrawing.number(number(c)) }
    }
}

extension DescribeStatistic {
    /// `text` in `width` cells, aligned as this statistic reads.
    func aligned(_ text: String, _ width: Int) -> String {
        leftAligned ? text : text.leftPadded(to: width)
    }
}

extension DescribeSheet {
    /// The statistics shown, in order; `wide` (a 120-column terminal) adds the 1st and 99th percentiles.
    static func statistics(wide: Bool) -> [DescribeStatistic] {
        var s: [DescribeStatistic] = [
            DescribeStatistic("type", leftAligned: true) { c, _ in c.type.rawValue },
            DescribeStatistic("count") { c, _ in String(c.count) },
            DescribeStatistic("missing") { c, rows in c.missing == 0 ? "0" : "\(c.missing) \(SheetDrawing.percent(c.missing, of: rows))" },
            DescribeStatistic("distinct") { c, _ in (c.distinctIsExact ? "" : "~") + String(c.distinct) },
            DescribeStatistic("min", number: { $0.min }),
            DescribeStatistic("max", number: { $0.max }),
            DescribeStatistic("mean", number: { $0.mean }),
            DescribeStatistic("std", number: { $0.std }),
        ]
        if wide { s.append(DescribeStatistic("p1", number: { $0.p1 })) }
        s += [DescribeStatistic("p25", number: { $0.p25 }), DescribeStatistic("p50", number: { $0.p50 }),
              DescribeStatistic("p75", number: { $0.p75 })]
        if wide { s.append(DescribeStatistic("p99", number: { $0.p99 })) }
        return s
    }

    /// The most frequent values in one line: "Adelie 152 · Gentoo 124 · Chinstrap 57".
    static func topValues(_ c: ColumnStatistics) -> String {
        c.top.prefix(12).map { "\($0.value.isEmpty ? "(empty)" : $0.value) \($0.count)" }.joined(separator: " · ")
    }
}
