import Datasets
import Foundation

/// The Data screen's sorts and filters, computed over a file's whole index on a thread of their own.
extension Session {
    /// Computes a view's rows (sorted by a column, then filtered) and posts its progress and its end.
    func startView(_ file: String, _ view: TableView) {
        guard let index = dataTables.index(file) else { return }
        let flag = dataTables.startJob(file)
        let post = self.post, tables = dataTables
        let title = DataScreen.jobTitle(view)
        Thread.detachNewThread {
            var last = 0.0
            func report(_ f: Double) {
                let now = Date().timeIntervalSince1970
                guard now - last >= 0.1 else { return }
                last = now
                post(.data(.viewProgress(file: file, view, ViewJob(what: title, fraction: f))))
            }
            let stop = { flag.isStopped }
            // The whole file first: sorts and filters are over every row.
            while !index.isComplete {
                if stop() { post(.data(.viewStopped(file: file, view, nil))); return }
                Thread.sleep(forTimeInterval: 0.02)
            }
            do throws(DataError) {
                let share = view.sort != nil && !view.filters.isEmpty ? 0.5 : 1
                var rows: [Int32]?
                if let sort = view.sort {
                    guard let c = index.names.firstIndex(of: sort.column) else {
                        throw DataError(file: file, problem: "no column \(sort.column)", hint: "the file changed: open it again")
                    }
                    rows = try index.sortedRows(column: c, descending: sort.descending, stop: stop, progress: { report($0 * share) })
                    if rows == nil { post(.data(.viewStopped(file: file, view, nil))); return }
                }
                if !view.filters.isEmpty {
                    let patterns = view.filters.map { f in
                        RowPattern(column: f.column.flatMap { index.names.firstIndex(of: $0) }, pattern: f.pattern, inverted: f.inverted)
                    }
                    guard let mask = try index.matchingRows(patterns, stop: stop, progress: { report(1 - share + $0 * share) }) else {
                        post(.data(.viewStopped(file: file, view, nil)))
                        return
                    }
                    rows = (rows ?? (0..<Int32(mask.count)).map { $0 }).filter { Int($0) < mask.count && mask[Int($0)] }
                }
                let result = rows ?? (0..<Int32(index.rowsIndexed)).map { $0 }
                tables.store(file, view, result)
                post(.data(.viewReady(file: file, view, count: result.count)))
            } catch {
                post(.data(.viewStopped(file: file, view, error)))
            }
        }
    }
}
