import Datasets
import Foundation

/// The cursor of a sheet's rows: the moves every sheet shares.
enum SheetCursor {
    /// The rows a page key moves: the Data screen's body less the sheet's box and header lines.
    static func page(_ app: AppState) -> Int { max(1, app.height - 7) }

    /// The selection after a move command over `count` rows; nil when `c` is not a move.
    static func move(_ c: Command, _ i: Int, count: Int, page: Int) -> Int? {
        let last = max(0, count - 1)
        switch c {
        case .up: return max(0, min(last, i - 1))
        case .down: return min(last, i + 1)
        case .top: return 0
        case .bottom: return last
        case .pageUp: return max(0, min(last, i - page))
        case .pageDown: return min(last, i + page)
        default: return nil
        }
    }

    /// The first row shown so the selected row is visible in `height` rows.
    static func first(selected: Int, height: Int) -> Int { max(0, selected - max(1, height) + 1) }
}

/// What the sheets draw alike: their box, the state of the statistics, an error with where it is, numbers.
enum SheetDrawing {
    static let boxStyle = Style(fg: .role(.dataBox))
    static let headerStyle = Style(fg: .role(.graphText), bold: true)
    static let muted = Style.role(.inactiveFg)

    /// The box of a sheet with its title; returns the inside.
    static func box(_ r: Rect, title: String, _ c: inout Canvas, _ g: Glyphs) -> Rect {
        c.box(r, title: title, style: boxStyle, titleStyle: .role(.title, bold: true), glyphs: g)
        return r.inset(1)
    }

    /// The statistics of `file` when ready; otherwise draws where they stand ("computing statistics…", the error) in `r`.
    static func statistics(_ file: String, app: AppState, in r: Rect, _ c: inout Canvas) -> (rows: Int, columns: [ColumnStatistics])? {
        switch app.data.statistics[file] {
        case let .ready(rows, columns)?: return (rows, columns)
        case .computing?, nil: c.put("computing statistics of \(file)…", x: r.x + 1, y: r.y + 1, style: muted, maxWidth: r.width - 2)
        case let .failed(e)?: error(e, in: r, &c)
        }
        return nil
    }

    /// A data error as the compiler would say it: `file:line:column: error: problem`, then `help: hint`, wrapped.
    static func error(_ e: DataError, in r: Rect, _ c: inout Canvas) {
        var y = r.y + 1
        let lines = wrap("\(e.location): error: \(e.problem)", width: r.width - 2).map { ($0, Style(fg: .role(.statusError), bold: true)) }
            + wrap("help: \(e.hint)", width: r.width - 2).map { ($0, Style.plain) }
        for (line, style) in lines where y < r.maxY {
            c.put(line, x: r.x + 1, y: y, style: style, maxWidth: r.width - 2)
            y += 1
        }
    }

    /// `text` cut into lines of at most `width` characters, at spaces where there are some.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            while word.count > width {
                if !line.isEmpty { lines.append(line); line = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if line.isEmpty { line = word } else if line.count + 1 + word.count <= width { line += " " + word } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A number in at most `width` characters: whole numbers exactly while they fit, else 4 significant digits.
    static func number(_ v: Double?, width: Int = 8) -> String {
        guard let v else { return "" }
        if v.isFinite, v == v.rounded(), abs(v) < 1e15, String(Int64(v)).count <= width { return String(Int64(v)) }
        return ChartRenderer.format(v, width: width)
    }

    /// A share as a percentage with one decimal ("4.0%").
    static func percent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? String(format: "%.1f%%", 100 * Double(part) / Double(whole)) : "–"
    }

    /// A horizontal bar of `fraction` of `width` cells, in eighths with Unicode, whole `#` cells without.
    static func bar(_ fraction: Double, width: Int, _ g: Glyphs) -> String {
        guard width > 0, fraction > 0 else { return "" }
        let f = min(1, fraction)
        guard g.isUnicode else { return String(repeating: "#", count: max(1, Int((f * Double(width)).rounded()))) }
        let eighths = max(1, Int((f * Double(width * 8)).rounded()))
        let partial: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var s = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { s.append(partial[eighths % 8]) }
        return s
    }
}
