import Datasets
import Foundation

/// A sheet the Data screen opens over its table (VisiData's sheets): describe, frequency, histogram, scatter.
///
/// The Data screen keeps a stack of them (Esc or q closes the top one), hands each the commands it does not take
/// itself, and draws the top one in its body. A sheet asks for background work with ``openingRequests`` and gets
/// the answers through ``follow(_:)``; the statistics of its file are in ``AppState/data``.
public enum DataSheet: Equatable, Sendable {
    case describe(DescribeSheet)
    case frequency(FrequencySheet)
    case histogram(HistogramSheet)
    case scatter(ScatterSheet)

    /// The file the sheet is about.
    public var file: String {
        switch self {
        case let .describe(s): s.file
        case let .frequency(s): s.file
        case let .histogram(s): s.file
        case let .scatter(s): s.file
        }
    }

    /// The title on the sheet's tab ("describe train.csv", "frequency of island").
    public var title: String {
        switch self {
        case let .describe(s): "describe \((s.file as NSString).lastPathComponent)"
        case let .frequency(s): "frequency of \(s.column)"
        case let .histogram(s): "histogram of \(s.column)"
        case let .scatter(s): "\(s.y) against \(s.x)"
        }
    }

    /// Background work to start when the sheet opens (the statistics of ``file`` are asked for by the Data screen).
    public var openingRequests: [SheetRequest] {
        switch self {
        case .describe, .histogram: []
        case let .frequency(s): [.valueCounts(path: s.file, column: s.column)]
        case let .scatter(s): [.scatterSample(path: s.file, x: s.x, y: s.y, limit: s.limit)]
        }
    }

    /// Folds a command; nil when it is not one of the sheet's.
    public mutating func reduce(_ c: Command, argument: String?, app: AppState) -> SheetResult? {
        switch self {
        case var .describe(s): defer { self = .describe(s) }; return s.reduce(c, app: app)
        case var .frequency(s): defer { self = .frequency(s) }; return s.reduce(c, app: app)
        case var .histogram(s): defer { self = .histogram(s) }; return s.reduce(c, app: app)
        case var .scatter(s): defer { self = .scatter(s) }; return s.reduce(c, app: app)
        }
    }

    /// Takes an answer of background work (one for another sheet or file is ignored).
    public mutating func follow(_ e: SheetEvent) {
        switch self {
        case var .frequency(s): s.follow(e); self = .frequency(s)
        case var .scatter(s): s.follow(e); self = .scatter(s)
        case .describe, .histogram: break
        }
    }

    /// Draws the sheet in `r`.
    public func draw(in r: Rect, _ c: inout Canvas, _ g: Glyphs, app: AppState) {
        switch self {
        case let .describe(s): s.draw(in: r, &c, g, app: app)
        case let .frequency(s): s.draw(in: r, &c, g, app: app)
        case let .histogram(s): s.draw(in: r, &c, g, app: app)
        case let .scatter(s): s.draw(in: r, &c, g, app: app)
        }
    }

    /// The key hints of the sheet for the status bar, with the keys the Data screen binds (a command without a key is left out).
    public var hints: String {
        let parts: [(Command, String)] = switch self {
        case .describe: [(.openSelected, "frequency"), (.histogram, "histogram"), (.scatter, "scatter x then y"), (.panRight, "more columns")]
        case .frequency: [(.openSelected, "filter the table to the value")]
        case .histogram: [(.fewerBins, "fewer bins"), (.moreBins, "more bins"), (.panRight, "next bin")]
        case .scatter: [(.scatter, "swap axes")]
        }
        return parts.compactMap { c, what in Self.key(c).map { "\($0) \(what)  " } }.joined() + "Esc back "
    }

    /// The label of the first key that runs `c` on the Data screen.
    static func key(_ c: Command) -> String? { KeyBindings.table.first { $0.screen == .data && $0.command == c }?.keys.first?.label }
}

/// What a sheet hands back: the usual screen result, and what the Data screen does with its stack and its table.
public struct SheetResult: Equatable, Sendable {
    public var result: ScreenResult
    /// A sheet to open on top (describe → frequency of the selected column).
    public var open: DataSheet?
    /// Close every sheet and filter the table (Enter on a frequency row: rows with that value).
    public var filter: ColumnFilter?
    public init(_ result: ScreenResult = ScreenResult(), open: DataSheet? = nil, filter: ColumnFilter? = nil) {
        (self.result, self.open, self.filter) = (result, open, filter)
    }
}

/// A filter of the Data screen's table: a regular expression over one column or (column nil) the whole row.
public struct ColumnFilter: Equatable, Sendable {
    public var column: String?
    public var pattern: String
    /// Keep the rows that do not match (a leading `!` typed in the prompt).
    public var inverted: Bool
    public init(column: String?, pattern: String, inverted: Bool = false) { (self.column, self.pattern, self.inverted) = (column, pattern, inverted) }

    /// The rows of `column` whose cell is exactly `value` (`""`, a missing cell, gives `^$`).
    public static func exactly(_ value: String, in column: String) -> ColumnFilter {
        ColumnFilter(column: column, pattern: "^" + NSRegularExpression.escapedPattern(for: value) + "$")
    }
}

/// Background work a sheet asks for (carried as ``DataRequest/sheet(_:)``).
public enum SheetRequest: Equatable, Sendable {
    /// Every value of a column with its count, most frequent first.
    case valueCounts(path: String, column: String)
    /// Up to `limit` (x, y) pairs of two numeric columns, sampled evenly over the file.
    case scatterSample(path: String, x: String, y: String, limit: Int)
}

/// Answers of a sheet's background work (carried as ``DataEvent/sheet(_:)``).
public enum SheetEvent: Equatable, Sendable {
    /// The exact text values of a column with their counts, most frequent first (ties by value); a missing cell counts
    /// as the value `""`. At most ``FrequencySheet/distinctCap`` values: the most frequent ones.
    case valueCounts(path: String, column: String, Result<[ColumnStatistics.TopValue], DataError>)
    case scatterSample(path: String, x: String, y: String, Result<[ScatterPoint], DataError>)
}

/// One point of a scatter sample.
public struct ScatterPoint: Equatable, Sendable {
    public var x: Double, y: Double
    public init(x: Double, y: Double) { (self.x, self.y) = (x, y) }
}

/// Where a sheet's background data stands.
public enum SheetData<Value: Equatable & Sendable>: Equatable, Sendable {
    case loading
    case ready(Value)
    case failed(DataError)

    /// The value once it arrived.
    public var value: Value? { if case let .ready(v) = self { v } else { nil } }

    init(_ r: Result<Value, DataError>) {
        switch r {
        case let .success(v): self = .ready(v)
        case let .failure(e): self = .failed(e)
        }
    }
}
