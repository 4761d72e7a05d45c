import Datasets
import Foundation
@testable import Workbench

/// The penguins training file, its statistics in an app state, and a canvas to draw a sheet into.
enum SheetFixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    /// The file on disk (275 rows, 8 columns, 11 missing sexes).
    static let penguins = repo + "/workspaces/penguins/data/train.csv"
    /// The name the states use for it (snapshots must not hold the checkout's path).
    static let file = "workspaces/penguins/data/train.csv"

    /// The statistics of the penguins training file, computed once.
    static let statistics: FileStatistics = {
        do throws(DataError) {
            let (rows, columns) = try ColumnStatistics.compute(csv: [penguins], topK: 100)
            return .ready(rows: rows, columns: columns)
        } catch { return .failed(error) }
    }()

    /// An app state of the given size whose data files hold the penguins statistics (or `stats`).
    static func state(width: Int = 80, height: Int = 24, stats: FileStatistics? = statistics) -> AppState {
        var s = AppState()
        (s.width, s.height) = (width, height)
        s.screen = .data
        s.data = DataFiles(train: [file])
        s.data.statistics[file] = stats
        return s
    }

    /// The sheet drawn where the Data screen's body is (under the header, over the status bar), as text.
    static func render(_ sheet: DataSheet, _ app: AppState, glyphs: Glyphs = .unicode) -> String {
        var c = Canvas(width: app.width, height: app.height)
        sheet.draw(in: Rect(x: 0, y: 1, width: app.width, height: app.height - 2), &c, glyphs, app: app)
        return (glyphs.isUnicode ? c : c.asciified()).text
    }

    /// A file in a fresh temporary folder.
    static func temporaryCSV(_ text: String, name: String = "data.csv") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-sheets-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The penguins value counts as the background work answers them.
    static func valueCounts(_ column: String) -> [ColumnStatistics.TopValue] {
        (try? Session.valueCounts(path: penguins, column: column, options: CSVOptions())) ?? []
    }
}
