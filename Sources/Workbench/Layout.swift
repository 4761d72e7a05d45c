/// Where everything goes: a pure function of the terminal size and the state.
///
/// The root places the header, the status bar, the tabs and the overlays; the current screen its panels
/// (``ScreenModule/layout(_:body:_:app:)``).
public struct Layout: Equatable, Sendable {
    public static let minWidth = 80, minHeight = 24

    public var tooSmall = false
    public var header = Rect(x: 0, y: 0, width: 0, height: 0)
    public var status = Rect(x: 0, y: 0, width: 0, height: 0)
    /// The x range of each screen's tab in the header.
    public var tabs: [Screen: Range<Int>] = [:]
    // Train (TrainScreen.layout).
    public var info = Rect(x: 0, y: 0, width: 0, height: 0)
    public var charts: [Rect] = []
    /// The index (into `AppState.chartTags`) of the first chart shown.
    public var firstChart = 0
    public var chartColumns = 1
    public var log = Rect(x: 0, y: 0, width: 0, height: 0)
    // Checkpoints, and the placeholders' one panel.
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
        // The body, between the header and the status bar, is the current screen's.
        ScreenRegistry.layout(ScreenRegistry.module(for: s.screen), &l, body: Rect(x: 0, y: 1, width: w, height: h - 2), app: s)
        let ow = min(w - 4, 110), oh = min(h - 2, 34)
        l.overlay = Rect(x: (w - ow) / 2, y: (h - oh) / 2, width: ow, height: oh)
        return l
    }
}
