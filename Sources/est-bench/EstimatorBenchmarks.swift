import Datasets
import Estimators
import FeatureColumns
import Foundation
import NN
import Tensors

/// `dnn`: DNNClassifier [128, 64] on the 28 numeric columns, Adagrad 0.05, batch 256, end to end from CSV.
func benchDNN(path: String, threads: Int, steps: Int) throws {
    let columns: [any FeatureColumn] = (0..<28).map { numericColumn(String(format: "f%02d", $0), defaultValue: 0) }
    let dir = NSTemporaryDirectory() + "est-bench-dnn-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let est = try DNNClassifier(hiddenUnits: [128, 64], featureColumns: columns, modelDir: dir, optimizer: .named("Adagrad", learningRate: 0.05),
                                config: RunConfig(saveSummarySteps: 100, saveCheckpointsSteps: 1_000_000, logStepCountSteps: 100))
    let input = InputFn.csv([path], label: "label", batchSize: 256, shuffle: true, epochs: nil, options: CSVOptions(threads: threads))
    try est.train(input: input, steps: 50)   // warm-up: build, first checkpoint, caches
    let start = now()
    try est.train(input: input, steps: steps)
    let t = now() - start
    emit([("workload", "dnn"), ("threads", threads), ("steps", steps), ("batch", 256), ("examples_per_sec", Double(steps * 256) / t),
          ("steps_per_sec", Double(steps) / t), ("seconds", t), ("max_rss_mb", maxRSSMegabytes())])
}

/// `trees`: BoostedTreesClassifier on the 28 numeric columns in 32 quantile buckets, 50 trees of depth 6,
/// learning rate 0.1, data in memory; `seconds` of training (quantiles, binning and trees).
func benchTrees(path: String, threads: Int, trees: Int) throws {
    let names = (0..<28).map { String(format: "f%02d", $0) }
    let loaded = try CSVReader.read(path: path, options: CSVOptions(threads: threads)).table
    let table = Table(names: names + ["label"], columns: (names + ["label"]).map { loaded[$0]! })
    let columns: [any FeatureColumn] = names.map { numericColumn($0, defaultValue: 0) }
    let dir = NSTemporaryDirectory() + "est-bench-trees-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let params = BoostedTreesParams(nBatchesPerLayer: 1, nTrees: trees, maxDepth: 6, learningRate: 0.1, quantileSketchEpsilon: 1.0 / 32, threads: threads)
    let est = try BoostedTreesClassifier(featureColumns: columns, modelDir: dir, params: params,
                                         config: RunConfig(saveSummarySteps: 1_000_000, saveCheckpointsSteps: 1_000_000, logStepCountSteps: 1_000_000))
    let input = InputFn(label: "label") { Dataset.table(table, blockRows: table.rowCount).repeat().batch(table.rowCount) }
    let start = now()
    try est.train(input: input)
    let t = now() - start
    let m = try est.evaluate(input: InputFn(label: "label") { Dataset.table(table, blockRows: table.rowCount).batch(table.rowCount) })
    emit([("workload", "trees"), ("threads", threads), ("rows", table.rowCount), ("trees", trees), ("seconds", t),
          ("train_auc", m["auc"] ?? 0), ("max_rss_mb", maxRSSMegabytes())])
}
