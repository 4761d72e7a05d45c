import Datasets
import Foundation

/// `csv`: read and type a whole CSV file (streaming, not kept), in MB/s and rows/s.
func benchCSV(path: String, threads: Int) throws {
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    var rows = 0
    let t = bestTime(budget: 0, minReps: 2, warmup: false) {
        do {
            let reader = try CSVReader(path: path, options: CSVOptions(threads: threads))
            rows = 0
            while let block = try reader.next() { rows += block.rowCount }
        } catch {
            print("est-bench: \(error)")
        }
    }
    emit([("workload", "csv"), ("file", path), ("threads", threads), ("rows", rows), ("mb_per_sec", Double(bytes) / t / 1e6),
          ("rows_per_sec", Double(rows) / t), ("seconds", t)])
}
