import ArgumentParser
import Datasets
import Foundation

/// `est inspect CSV [--json]`: column statistics of a CSV file.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Column statistics of a CSV file.",
        discussion: """
        Example:
          est inspect data/train.csv --type zip=string --json
        """
    )

    @Argument(help: "The CSV file.")
    var path: String

    @Flag(help: "One JSON object on standard output instead of a table.")
    var json = false

    @Option(name: .customLong("type"), help: ArgumentHelp("A column's type: int, float, bool or string; repeatable.", valueName: "column=type"),
            transform: InspectCommand.columnType)
    var types: [ColumnTypeOverride] = []

    @Option(help: ArgumentHelp("The field delimiter, one ASCII character.", valueName: "c"), transform: InspectCommand.delimiterCharacter)
    var delimiter: Character = ","

    /// `COLUMN=TYPE` for `--type`.
    struct ColumnTypeOverride {
        let column: String
        let type: ColumnType
    }

    static func columnType(_ text: String) throws -> ColumnTypeOverride {
        guard let eq = text.firstIndex(of: "="), let t = ColumnType(rawValue: String(text[text.index(after: eq)...])) else {
            throw ValidationError("needs COLUMN=int|float|bool|string")
        }
        return ColumnTypeOverride(column: String(text[..<eq]), type: t)
    }

    static func delimiterCharacter(_ text: String) throws -> Character {
        guard text.count == 1, let c = text.first, c.isASCII else { throw ValidationError("needs one ASCII character") }
        return c
    }

    func run() throws {
        let types = Dictionary(self.types.map { ($0.column, $0.type) }, uniquingKeysWith: { _, last in last })
        let (rows, columns, reader) = try ColumnStatistics.compute(csv: path, options: CSVOptions(delimiter: delimiter, types: types))
        if json {
            print(Self.jsonReport(rows: rows, columns: columns))
        } else {
            print(Self.table(path: path, rows: rows, columns: columns))
        }
        if reader.skippedRows > 0 {
            FileHandle.standardError.write(Data("est: skipped \(reader.skippedRows) bad rows\n".utf8))
        }
    }

    /// A value for JSON: float32 data values print as the float's shortest text (4.3, not 4.300000190734863).
    static func number(_ x: Double?) -> Any {
        guard let x, x.isFinite else { return NSNull() }
        if Double(Float(x)) == x, let short = Double(String(Float(x))) { return short }
        return x
    }

    static func jsonReport(rows: Int, columns: [ColumnStatistics]) -> String {
        let cols: [[String: Any]] = columns.map { c in
            [
                "name": c.name, "type": c.type.rawValue, "count": c.count, "missing": c.missing, "distinct": c.distinct,
                "distinct_exact": c.distinctIsExact, "mean": number(c.mean), "std": number(c.std), "min": number(c.min), "p1": number(c.p1),
                "p25": number(c.p25), "p50": number(c.p50), "p75": number(c.p75), "p99": number(c.p99), "max": number(c.max),
                "top": c.top.map { [$0.value, $0.count] as [Any] },
                "histogram": c.histogram.map { [number($0.lower), number($0.upper), $0.count] as [Any] },
            ]
        }
        let object: [String: Any] = ["rows": rows, "columns": cols]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func fmt(_ x: Double?) -> String {
        guard let x else { return "" }
        if x == x.rounded() && Swift.abs(x) < 1e12 { return String(Int64(x)) }
        return String(format: Swift.abs(x) >= 1000 || Swift.abs(x) < 0.01 ? "%.4g" : "%.4f", x)
    }

    static func table(path: String, rows: Int, columns: [ColumnStatistics]) -> String {
        var lines = ["\(path): \(rows) rows, \(columns.count) columns", ""]
        let header = ["column", "type", "count", "missing", "distinct", "mean", "std", "min", "p50", "max", "top"]
        var cells: [[String]] = [header]
        for c in columns {
            let top = c.top.prefix(3).map { "\($0.value) (\($0.count))" }.joined(separator: ", ")
            cells.append([c.name, c.type.rawValue, String(c.count), String(c.missing), (c.distinctIsExact ? "" : "~") + String(c.distinct),
                          fmt(c.mean), fmt(c.std), fmt(c.min), fmt(c.p50), fmt(c.max), top])
        }
        let widths = header.indices.map { i in cells.map { $0[i].count }.max()! }
        for row in cells {
            lines.append(row.enumerated().map { i, s in
                let padding = String(repeating: " ", count: widths[i] - s.count)
                return i == row.count - 1 ? s : (i >= 2 && i <= 9 ? padding + s : s + padding)
            }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
