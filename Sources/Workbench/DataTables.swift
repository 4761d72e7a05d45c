import Datasets
import Foundation

/// The session's side of the Data screen: a row index per open file, and the rows of computed views (sorts,
/// filters) as row numbers, so the state never holds more than a page.
///
/// Used from the UI thread and the view jobs' threads; every field is guarded by `lock`.
final class DataTables: @unchecked Sendable {
    private let lock = NSLock()
    private var indexes: [String: CSVRowIndex] = [:]
    /// The views computed per file, newest last (a few are kept: the shown one and those asked for since).
    private var views: [String: [(view: TableView, rows: [Int32])]] = [:]
    private var jobs: [String: StopFlag] = [:]

    func index(_ file: String) -> CSVRowIndex? { lock.withLock { indexes[file] } }
    func setIndex(_ index: CSVRowIndex, for file: String) { lock.withLock { indexes[file] = index } }

    /// The row numbers of a computed view of a file.
    func rows(_ file: String, _ view: TableView) -> [Int32]? {
        lock.withLock { views[file]?.last { $0.view == view }?.rows }
    }

    func store(_ file: String, _ view: TableView, _ rows: [Int32]) {
        lock.withLock {
            var list = views[file, default: []].filter { $0.view != view }
            list.append((view, rows))
            views[file] = Array(list.suffix(3))
        }
    }

    /// A new job for a file: the one before is told to stop.
    func startJob(_ file: String) -> StopFlag {
        let flag = StopFlag()
        lock.withLock {
            jobs[file]?.stop()
            jobs[file] = flag
        }
        return flag
    }

    func stopJob(_ file: String) { lock.withLock { jobs[file]?.stop() } }
}

/// A flag a background job polls to know it should stop.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    func stop() { lock.withLock { stopped = true } }
    var isStopped: Bool { lock.withLock { stopped } }
}
