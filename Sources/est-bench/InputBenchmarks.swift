import Datasets
import FeatureColumns
import Foundation
import Tensors

/// `csv`: read and type a whole CSV file (streaming, not kept), in MB/s and rows/s.
func benchCSV(path: String, threads: Int, withPandas: Bool) throws {
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
    var fields: [(String, Any)] = [("workload", "csv"), ("file", path), ("threads", threads), ("rows", rows), ("mb_per_sec", Double(bytes) / t / 1e6),
                                   ("rows_per_sec", Double(rows) / t), ("seconds", t), ("max_rss_mb", maxRSSMegabytes())]
    if withPandas, let p = pandasReadCSV(path: path) {
        fields += [("pandas_mb_per_sec", Double(bytes) / p / 1e6), ("pandas_seconds", p)]
    }
    emit(fields)
}

/// `input`: CSV → shuffle(10 000) → batch(256) → feature columns, for the dnn and linear workloads.
func benchInput(path: String, threads: Int) throws {
    let numeric = (0..<28).map { String(format: "f%02d", $0) }
    let dnnColumns: [any FeatureColumn] = numeric.map { numericColumn($0, defaultValue: 0) }
    let detector = categoricalColumnWithVocabularyList("detector", vocabulary: ["A", "B", "C", "D"])
    let period = categoricalColumnWithVocabularyList("run_period", vocabulary: (0..<24).map { String(format: "r%02d", $0) })
    let linearColumns: [any CategoricalColumn] = numeric.map {
        bucketizedColumn(numericColumn($0, defaultValue: 0), boundaries: [0]) as any CategoricalColumn
    }
        + [detector, period, categoricalColumnWithHashBucket("trigger", hashBucketSize: 1000),
           crossedColumn([.column(detector), .column(period)], hashBucketSize: 1000)]
    for workload in ["dnn", "linear"] {
        var rng = RandomGenerator(seed: 1)
        let dense = try DenseFeatures(dnnColumns, rng: &rng, on: Backends.default)
        let start = now()
        let it = try Dataset.csv([path], options: CSVOptions(threads: threads)).shuffle(buffer: 10_000, seed: 1).batch(256).prefetch(4).makeIterator()
        var examples = 0, checksum = 0.0
        while let batch = try it.next() {
            let features = Features(batch)
            if workload == "dnn" {
                checksum += try dense(features, on: Backends.default).shape.count > 0 ? 1 : 0
            } else {
                for c in linearColumns { checksum += Double(try c.ids(features).ids.count) }
            }
            examples += batch.rowCount
        }
        let t = now() - start
        emit([("workload", "input"), ("columns", workload), ("threads", threads), ("examples", examples),
              ("examples_per_sec", Double(examples) / t), ("seconds", t), ("max_rss_mb", maxRSSMegabytes())])
        _ = checksum
    }
}

/// The peak resident memory of this process so far.
func maxRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// pandas' `read_csv` on the same file, when the venv has pandas (the twin of `csv`).
func pandasReadCSV(path: String) -> Double? {
    let python = ".venv/bin/python"
    guard FileManager.default.isExecutableFile(atPath: python) else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    let script = "import time,sys\ntry:\n import pandas\nexcept ImportError:\n sys.exit(3)\n"
        + "t=time.perf_counter(); pandas.read_csv(sys.argv[1]); print(time.perf_counter()-t)"
    p.arguments = ["-c", script, path]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return nil }
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { return nil }
    return Double(String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}
