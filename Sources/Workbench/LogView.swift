import Foundation

/// What the log pane and the full-screen log (`L`) show, as rows of text: pure functions of the state, shared by
/// the views and by the reducer (which keeps the cursor and the scroll in range).
///
/// No line is ever lost to a cut: a pane line cut at its edge ends in `…`, `Enter` shows it whole (wrapped), and
/// the full-screen log wraps every line.
public enum LogView {
    /// One row on screen: which log line (its index in `AppState.log`) and which part of it.
    public struct Row: Equatable, Sendable {
        public var index: Int
        /// The text of this row (a wrapped part of the line, or the whole line when it is not wrapped).
        public var text: String
        /// The line's first row (the one with its time).
        public var isFirst: Bool
    }

    /// The time in front of a line ("14:05:10 "; nothing for a line without a time).
    public static func stamp(_ line: LogLine) -> String { line.time > 0 ? TrainScreen.timeOfDay(Date(timeIntervalSince1970: line.time)) + " " : "" }

    /// The level in front of a line in the full-screen log, six columns wide (blank for info).
    public static func levelTag(_ line: LogLine) -> String {
        switch line.level {
        case .info: "      "
        case .warning: "warn  "
        case .error: "error "
        }
    }

    /// Splits `text` into rows of at most `width` characters, at the last space that fits (long words are cut);
    /// joined with single spaces at the breaks, the rows give the text back.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var rest = Array(text.unicodeScalars)
        var rows: [String] = []
        while rest.count > width {
            let window = rest[0...width]
            if let space = window.lastIndex(of: " "), space > 0 {
                rows.append(String(String.UnicodeScalarView(rest[..<space])))
                rest = Array(rest[(space + 1)...])
            } else {
                rows.append(String(String.UnicodeScalarView(rest[..<width])))
                rest = Array(rest[width...])
            }
        }
        rows.append(String(String.UnicodeScalarView(rest)))
        return rows
    }

    /// The log pane's cursor as an index into `s.log` (the newest line when it follows, or when its line was dropped).
    public static func cursorIndex(_ cursor: Int?, _ s: AppState) -> Int {
        guard !s.log.isEmpty else { return 0 }
        guard let id = cursor else { return s.log.count - 1 }
        return max(0, min(s.log.count - 1, id - s.logDropped))
    }

    /// The pinned errors the pane shows in `height` rows (at most two; one in a small pane), oldest first, as ids.
    public static func pinned(_ s: AppState, height: Int) -> [Int] {
        guard height >= 2 else { return [] }
        return Array(s.unacknowledgedErrors.suffix(height >= 5 ? 2 : 1))
    }

    /// The rows of the pane below the pinned errors: the lines around the cursor, the newest at the bottom when
    /// there is room, an expanded line wrapped to `width` (its time included), `height` rows at most.
    public static func paneRows(_ s: AppState, cursor: Int?, expanded: Set<Int>, width: Int, height: Int) -> [Row] {
        guard !s.log.isEmpty, height > 0 else { return [] }
        let ci = cursorIndex(cursor, s)
        func rows(_ i: Int) -> [Row] {
            guard expanded.contains(s.logLineID(i)) else { return [Row(index: i, text: s.log[i].text, isFirst: true)] }
            let w = width - stamp(s.log[i]).count
            return wrap(s.log[i].text, width: w).enumerated().map { Row(index: i, text: $1, isFirst: $0 == 0) }
        }
        // The bottom line: the newest, unless the cursor would not fit under it.
        var bottom = s.log.count - 1, below = (ci...bottom).map { rows($0).count }.reduce(0, +)
        while bottom > ci && below > height { below -= rows(bottom).count; bottom -= 1 }
        var out = (ci...bottom).flatMap(rows)
        var top = ci
        while top > 0 && out.count < height { top -= 1; out = rows(top) + out }
        if out.count <= height { return out }
        // Too many: a cursor line taller than the pane shows its beginning, else the oldest rows go.
        let start = out.firstIndex { $0.index == ci } ?? 0
        return out.count - start <= height ? Array(out.suffix(height)) : Array(out[start..<(start + height)])
    }

    /// The log pane's height: `base`, or taller (up to `limit`) so that an expanded line at the cursor fits whole
    /// under the pinned errors.
    public static func paneHeight(_ s: AppState, _ t: TrainScreen.State, base: Int, limit: Int, width: Int) -> Int {
        guard !s.log.isEmpty else { return base }
        let i = cursorIndex(t.logCursor, s)
        guard t.logExpanded.contains(s.logLineID(i)) else { return base }
        let rows = wrap(s.log[i].text, width: width - 2 - stamp(s.log[i]).count).count
        let wanted = rows + 2 + pinned(s, height: max(base, limit) - 2).count
        return max(base, min(wanted, limit))
    }

    /// Whether a line passes the full-screen log's filter: case-insensitive, on its text and its level
    /// ("warning", "error"; info lines have none).
    public static func matches(_ line: LogLine, _ filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        let level = line.level == .info ? "" : "\(line.level) "
        return (level + line.text).range(of: filter, options: [.caseInsensitive]) != nil
    }

    /// Every row of the full-screen log for a text width: the lines that pass the filter, each wrapped whole.
    public static func fullRows(_ s: AppState, filter: String, width: Int) -> [Row] {
        s.log.indices.filter { matches(s.log[$0], filter) }.flatMap { i in
            let w = width - stamp(s.log[i]).count - levelTag(s.log[i]).count
            return wrap(s.log[i].text, width: w).enumerated().map { Row(index: i, text: $1, isFirst: $0 == 0) }
        }
    }

    /// The full-screen log's panel (the body, between the header and the status bar) and its text rows.
    public static func fullScreenRect(_ s: AppState) -> Rect { Rect(x: 0, y: 1, width: s.width, height: max(0, s.height - 2)) }

    /// How many rows of lines the full-screen log shows (its panel less the borders, the filter line and a blank).
    public static func fullScreenHeight(_ s: AppState) -> Int { max(1, fullScreenRect(s).height - 4) }

    /// The furthest the full-screen log scrolls up (in rows from the newest) with this filter.
    public static func maxScroll(_ s: AppState, filter: String) -> Int {
        let r = fullScreenRect(s)
        return max(0, fullRows(s, filter: filter, width: r.width - 2).count - fullScreenHeight(s))
    }
}
