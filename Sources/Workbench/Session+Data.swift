import Datasets
import Foundation

/// The Data screen's background work: indexing files, reading pages, sorting and filtering.
extension Session {
    func performData(_ r: DataRequest) {
        switch r {
        case let .sheet(w): performSheet(w)
        case let .open(files): for f in files { openTable(f) }
        case let .page(file, view, rows): dispatch(.data(.page(page(file, view, rows))))
        case let .view(file, view): startView(file, view)
        case let .cancelView(file): dataTables.stopJob(file)
        }
    }

    /// The CSV options of the workspace (the draft's when it parses).
    var dataOptions: CSVOptions { (try? state.draft?.workspace().get())?.csvOptions ?? engine.workspace.csvOptions }

    /// Opens a file's row index: its header at once, its first page's rows waited for (milliseconds), the rest
    /// indexed in the background with progress posted ten times a second.
    func openTable(_ file: String) {
        let index: CSVRowIndex
        if let open = dataTables.index(file) {
            index = open
        } else {
            do throws(DataError) { index = try CSVRowIndex(path: file, options: dataOptions) } catch {
                dispatch(.data(.opened(file: file, .failure(error))))
                return
            }
            dataTables.setIndex(index, for: file)
            let post = self.post
            Thread.detachNewThread { [weak index] in
                while let index {
                    let done = index.isComplete
                    post(.data(.indexed(file: file, Self.progress(index))))
                    if done { return }
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
        }
        dispatch(.data(.opened(file: file, .success(index.names))))
        _ = try? index.rows(0..<64)
        dispatch(.data(.indexed(file: file, Self.progress(index))))
    }

    static func progress(_ index: CSVRowIndex) -> IndexProgress {
        let complete = index.isComplete
        return IndexProgress(rows: index.rowsIndexed, fraction: index.progress, complete: complete, error: index.error)
    }

    /// Rows of a view, read at once with `pread` (only the rows asked for; rows not indexed yet are left out).
    func page(_ file: String, _ view: TableView, _ range: Range<Int>) -> DataPage {
        var p = DataPage(file: file, view: view, first: range.lowerBound, rows: [], numbers: [])
        guard let index = dataTables.index(file) else { return p }
        do throws(DataError) {
            if view.isPlain {
                let upper = min(range.upperBound, index.rowsIndexed)
                guard range.lowerBound < upper else { return p }
                p.rows = try index.rows(range.lowerBound..<upper)
                p.numbers = Array(range.lowerBound..<(range.lowerBound + p.rows.count))
            } else {
                guard let all = dataTables.rows(file, view) else { return p }
                let numbers = all[min(range.lowerBound, all.count)..<min(range.upperBound, all.count)].map(Int.init)
                p.rows = try index.rows(numbered: numbers)
                p.numbers = Array(numbers.prefix(p.rows.count))
            }
        } catch {
            p.problem = error
            return p
        }
        p.problem = ragged(index, p)
        return p
    }

    /// The first row of a page without one field per column, as an error with its file:line (counted for rows
    /// near the start; a row far in is named by its number).
    func ragged(_ index: CSVRowIndex, _ p: DataPage) -> DataError? {
        guard let k = p.rows.firstIndex(where: { $0.count != index.names.count }) else { return nil }
        let row = p.numbers[k], fields = p.rows[k].count, want = index.names.count
        let line = row < 200_000 ? index.line(ofRow: row) ?? 0 : 0
        return DataError(file: index.path, line: line, column: fields > want ? want + 1 : fields,
                         problem: "row \(row + 1) has \(fields) field\(fields == 1 ? "" : "s"); the header has \(want)",
                         hint: "every row needs one field per header column; leave a field empty for a missing value")
    }
}
