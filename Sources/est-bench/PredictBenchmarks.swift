import CPUBackend
import Datasets
import Estimators
import Exports
import FeatureColumns
import Foundation
import NN
import Synchronization
import ONNX
import Tensors

/// `predict --export DIR`: rows/s of the native runtime on an export, streaming the CSV (parse included), and on a table
/// already in memory; `--make-export DIR` trains the dnn workload's model briefly and exports it (Estimator.export) to run it on.
func benchPredict(export: String, path: String, threads: Int, batch: Int, memoryRows: Int) throws {
    let backend = CPUBackend(threads: 1)   // batches run side by side, one per thread (as est predict --export does)
    let load = now()
    let model = try ExportedModel(directory: export, backend: backend)
    let loadSeconds = now() - load
    var rows = 0
    var checksum = 0.0
    let cpu0 = cpuSeconds()
    let t0 = now()
    rows = try model.predict(csv: path, batchSize: batch, threads: threads) { _, outputs in
        if case let .int64(ids, _)? = outputs["class_ids"] { checksum += Double(ids.reduce(0, +)) }
    }
    let streaming = now() - t0
    let cpu = cpuSeconds() - cpu0
    emit([("workload", "predict"), ("mode", "csv"), ("export", export), ("file", path), ("threads", threads), ("batch", batch), ("rows", rows),
          ("seconds", streaming), ("rows_per_sec", Double(rows) / streaming), ("cpu_seconds", cpu),
          ("rows_per_cpu_sec", Double(rows) / cpu), ("load_seconds", loadSeconds), ("class_id_sum", checksum), ("max_rss_mb", maxRSSMegabytes())])
    // In memory: the first `memoryRows` rows as one table, predicted in batches (no parsing), best of a few passes.
    let first = try CSVReader(path: path)
    let inferred = Dictionary(zip(first.names, first.types), uniquingKeysWith: { a, _ in a })
    let reader = try CSVReader(path: path, options: model.csvOptions(inferred: inferred, threads: threads))
    var blocks = [Table]()
    var held = 0
    while held < memoryRows, let b = try reader.next() { blocks.append(b); held += b.rowCount }
    let all = Table.concatenate(blocks)
    let table = all.rowCount > memoryRows ? all.slice(0..<memoryRows) : all
    let batches = stride(from: 0, to: table.rowCount, by: batch).map { table.slice($0..<min($0 + batch, table.rowCount)) }
    let failures = Mutex<[ExportError]>([])
    var cpuPerPass = Double.infinity
    let t = bestTime(budget: 2, minReps: 3, maxReps: 20) {
        let next = Atomic<Int>(0)
        let c0 = cpuSeconds()
        defer { cpuPerPass = min(cpuPerPass, cpuSeconds() - c0) }
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while case let k = next.add(1, ordering: .relaxed).oldValue, k < batches.count {
                do throws(ExportError) { _ = try model.predict(batches[k]) } catch { failures.withLock { $0.append(error) } }
            }
        }
    }
    if let failure = failures.withLock({ $0.first }) { throw failure }
    emit([("workload", "predict"), ("mode", "memory"), ("threads", threads), ("batch", batch), ("rows", table.rowCount), ("seconds", t),
          ("rows_per_sec", Double(table.rowCount) / t), ("rows_per_cpu_sec", Double(table.rowCount) / cpuPerPass)])
    // One row at a time (what a single-row request costs est serve, without HTTP): the median and 99th percentile.
    let one = table.slice(0..<1)
    var times = [Double]()
    for _ in 0..<2000 {
        let t0 = now()
        _ = try model.predict(one)
        times.append(now() - t0)
    }
    times.sort()
    emit([("workload", "predict"), ("mode", "one-row"), ("calls", times.count), ("p50_us", times[times.count / 2] * 1e6),
          ("p99_us", times[times.count * 99 / 100] * 1e6)])
}

/// User and system CPU seconds of the whole process so far (every thread).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Writes a stand-in for the dnn workload's export: `f00`…`f27` → concat → Dense 128 relu → Dense 64 relu → 2 logits,
/// softmax probabilities and argmax class ids, glorot weights (seed 1), every input defaulting to 0.
func makeDNNExport(at directory: String, data: String, threads: Int) throws -> String {
    let columns: [any FeatureColumn] = (0..<28).map { numericColumn(String(format: "f%02d", $0), defaultValue: 0) }
    let dir = NSTemporaryDirectory() + "est-bench-export-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let est = try DNNClassifier(hiddenUnits: [128, 64], featureColumns: columns, modelDir: dir, optimizer: .named("Adagrad", learningRate: 0.05),
                                config: RunConfig(saveCheckpointsSteps: 1_000_000))
    try est.train(input: .csv([data], label: "label", batchSize: 256, shuffle: true, epochs: nil, options: CSVOptions(threads: threads)), steps: 200)
    let path = try est.export(to: directory)
    emit([("workload", "predict"), ("made_export", path), ("trained_steps", 200)])
    return path
}
