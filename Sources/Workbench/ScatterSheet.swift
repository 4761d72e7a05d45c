import Datasets
import Foundation

/// A scatter plot of two numeric columns (braille dots), from a sample of the rows spread evenly over the file.
///
/// The points come from ``SheetRequest/scatterSample(path:x:y:limit:)``; rows where either value is missing or not a
/// number are left out. Where several points fall in one cell its colour runs along the metric gradient (density).
/// Scatter again swaps the axes.
public struct ScatterSheet: Equatable, Sendable {
    /// The most points asked for by default: enough to fill a 120×40 plot's braille dots several times.
    public static let defaultLimit = 20_000

    public var file: String, x: String, y: String
    /// The most points sampled.
    public var limit = ScatterSheet.defaultLimit
    /// The sample, once read (x and y as named by ``x`` and ``y``).
    public var points: SheetData<[ScatterPoint]> = .loading
    public init(file: String, x: String, y: String) { (self.file, self.x, self.y) = (file, x, y) }

    mutating func reduce(_ c: Command, app: AppState) -> SheetResult? {
        guard c == .scatter else { return nil }
        (x, y) = (y, x)
        if case let .ready(p) = points { points = .ready(p.map { ScatterPoint(x: $0.y, y: $0.x) }) }
        return SheetResult()
    }

    mutating func follow(_ e: SheetEvent) {
        guard case let .scatterSample(path, ex, ey, result) = e, path == file else { return }
        if ex == x && ey == y {
            points = SheetData(result)
        } else if ex == y && ey == x {
            // Asked before the axes were swapped.
            points = SheetData(result.map { $0.map { ScatterPoint(x: $0.y, y: $0.x) } })
        }
    }
}
