/// Where everything goes: a pure function of the terminal size and the state.
public struct Layout: Equatable, Sendable {
    public static let minWidth = 80, minHeight = 24

    public var tooSmall = false
    public var header = Rect(x: 0, y: 0, width: 0, height: 0)
    public var status = Rect(x: 0, y: 0, width: 0, height: 0)
    /// The x range of each screen's tab in the header.
    public var tabs: [Screen: Range<Int>] = [:]
    // Train.
    public var info = Rect(x: 0, y: 0, width: 0, height: 0)
    public var charts: [Rect] = []
    /// The index (into `AppState.chartTags`) of the first chart shown.
    public var firstChart = 0
    public var chartColumns = 1
    public var log = Rect(x: 0, y: 0, width: 0, height: 0)
    // Checkpoints.
    public var table = Rect(x: 0, y: 0, width: 0, height: 0)
    public var detail = Rect(x: 0, y: 0, width: 0, height: 0)
    // Overlays.
    public var overlay = Rect(x: 0, y: 0, width: 0, height: 0)

    public static func compute(_ s: AppState) -> Layout {
        var l = Layout()
        let w = s.width, h = s.height
        guard w >= minWidth && h >= minHeight else { l.tooSmall = true; return l }
        l.header = Rect(x: 0, y: 0, width: w, height: 1)
        l.status = Rect(x: 0, y: h - 1, width: w, height: 1)
        var x = 1
        for sc in Screen.allCases {
            let label = "\(sc.rawValue) \(sc.title)"
            l.tabs[sc] = x..<(x + label.count + 2)
            x += label.count + 3
        }
        let bodyTop = 1, bodyBottom = h - 1
        switch s.screen {
        case .train:
            l.info = Rect(x: 0, y: bodyTop, width: w, height: 2)
            let logH = max(5, h / 5)
            l.log = Rect(x: 0, y: bodyBottom - logH, width: w, height: logH)
            let area = Rect(x: 0, y: l.info.maxY, width: w, height: l.log.y - l.info.maxY)
            let count = s.chartTags.count
            // One row when the charts fit across; else the fewest columns that show them all.
            let maxCols = max(1, min(3, w / 40)), rowsAvail = max(1, area.height / 10)
            let cols = count <= maxCols ? max(1, count) : (1...maxCols).first { $0 * rowsAvail >= count } ?? maxCols
            let rows = max(1, min(rowsAvail, (count + cols - 1) / cols))
            l.chartColumns = cols
            let focusedRow = min(s.focusedChart, max(0, count - 1)) / cols
            let firstRow = max(0, focusedRow - rows + 1)
            l.firstChart = firstRow * cols
            let cw = w / cols, ch = area.height / rows
            for i in 0..<(rows * cols) where l.firstChart + i < count {
                let r = i / cols, c = i % cols
                l.charts.append(Rect(x: c * cw, y: area.y + r * ch, width: c == cols - 1 ? w - c * cw : cw, height: r == rows - 1 ? area.height - r * ch : ch))
            }
        case .checkpoints:
            let detailH = max(8, (h - 2) * 2 / 5)
            l.table = Rect(x: 0, y: bodyTop, width: w, height: bodyBottom - bodyTop - detailH)
            l.detail = Rect(x: 0, y: l.table.maxY, width: w, height: detailH)
        default:
            l.table = Rect(x: 0, y: bodyTop, width: w, height: bodyBottom - bodyTop)
        }
        let ow = min(w - 4, 110), oh = min(h - 2, 34)
        l.overlay = Rect(x: (w - ow) / 2, y: (h - oh) / 2, width: ow, height: oh)
        return l
    }
}
