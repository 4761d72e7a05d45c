import Datasets
import Foundation

/// The histogram of one numeric column, drawn with the canvas: a bar per bin, the bin edges under it, counts beside it.
///
/// The bins are the statistics' equal-width bins (``ColumnStatistics/histogram``); fewer and more bins merge
/// neighbours in groups that divide their number (20 → 10 → 5 → 4 → 2 → 1), so every count stays exact.
public struct HistogramSheet: Equatable, Sendable {
    public var file: String, column: String
    /// The bins drawn; nil: as many as the statistics have.
    public var bins: Int?
    /// The bin under the cursor, described under the chart.
    public var selected = 0
    public init(file: String, column: String) { (self.file, self.column) = (file, column) }

    /// The statistics of the column, when ready.
    func statistics(_ app: AppState) -> ColumnStatistics? { app.data.ready(file)?.columns.first { $0.name == column } }

    /// One bar: a range of values and how many fell in it.
    struct Bin: Equatable {
        var lower: Double, upper: Double, count: Int
    }

    /// The bins to draw: the statistics' bins merged into `bins` groups.
    func shownBins(_ st: ColumnStatistics) -> [Bin] {
        let all = st.histogram.map { Bin(lower: $0.lower, upper: $0.upper, count: $0.count) }
        guard let want = bins, want > 0, want < all.count, all.count % want == 0 else { return all }
        let group = all.count / want
        return (0..<want).map { k in
            let part = all[(k * group)..<((k + 1) * group)]
            return Bin(lower: part.first!.lower, upper: part.last!.upper, count: part.reduce(0) { $0 + $1.count })
        }
    }

    /// The bin counts fewer/more can choose for `n` statistics bins: the divisors of `n`, ascending.
    static func binChoices(_ n: Int) -> [Int] { n < 1 ? [] : (1...n).filter { n % $0 == 0 } }

    mutating func reduce(_ c: Command, app: AppState) -> SheetResult? {
        let n = statistics(app)?.histogram.count ?? 0
        let current = min(bins ?? n, n)
        switch c {
        case .fewerBins, .moreBins:
            let choices = Self.binChoices(n)
            guard let i = choices.firstIndex(of: current) else { return SheetResult() }
            let j = c == .fewerBins ? max(0, i - 1) : min(choices.count - 1, i + 1)
            if choices[j] != current {
                selected = selected * choices[j] / max(1, current)
                bins = choices[j] == n ? nil : choices[j]
            }
            return SheetResult()
        case .up, .panLeft: selected = max(0, min(current - 1, selected - 1))
        case .down, .panRight: selected = max(0, min(current - 1, selected + 1))
        case .top, .pageUp: selected = 0
        case .bottom, .pageDown: selected = max(0, current - 1)
        default: return nil
        }
        return SheetResult()
    }
}
