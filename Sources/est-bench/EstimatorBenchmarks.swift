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
    let params = BoostedTreesParams(nBatchesPerLayer: 1, nTrees: trees, maxDepth: 6, learningRate: 0.1, quantileSketchEpsilon: 1.0 / 32,
        threads: threads)
    let est = try BoostedTreesClassifier(featureColumns: columns, modelDir: dir, params: params,
                                         config: RunConfig(saveSummarySteps: 1_000_000, saveCheckpointsSteps: 1_000_000,
                                             logStepCountSteps: 1_000_000))
    let input = InputFn(label: "label") { Dataset.table(table, blockRows: table.rowCount).repeat().batch(table.rowCount) }
    let start = now()
    try est.train(input: input)
    let t = now() - start
    let m = try est.evaluate(input: InputFn(label: "label") { Dataset.table(table, blockRows: table.rowCount).batch(table.rowCount) })
    emit([("workload", "trees"), ("threads", threads), ("rows", table.rowCount), ("trees", trees), ("seconds", t),
          ("train_auc", m["auc"] ?? 0), ("max_rss_mb", maxRSSMegabytes())])
}

/// The `linear` workload's columns (architecture.md §6).
func linearWorkloadColumns() -> [any FeatureColumn] {
    let detector = categoricalColumnWithVocabularyList("detector", vocabulary: ["A", "B", "C", "D"])
    let period = categoricalColumnWithVocabularyList("run_period", vocabulary: (0..<24).map { String(format: "r%02d", $0) })
    return (0..<28).map { numericColumn(String(format: "f%02d", $0), defaultValue: 0) as any FeatureColumn }
        + [detector, period, categoricalColumnWithHashBucket("trigger", hashBucketSize: 1000),
           crossedColumn([.column(detector), .column(period)], hashBucketSize: 1000)]
}

/// `linear` and `wide`: LinearClassifier (FTRL) and DNNLinearCombinedClassifier, batch 256, end to end from CSV.
func benchLinear(path: String, threads: Int, steps: Int, wide: Bool) throws {
    let dir = NSTemporaryDirectory() + "est-bench-linear-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let config = RunConfig(saveSummarySteps: 100, saveCheckpointsSteps: 1_000_000, logStepCountSteps: 100)
    let est: Estimator
    if wide {
        let dnn: [any FeatureColumn] = (0..<28).map { numericColumn(String(format: "f%02d", $0), defaultValue: 0) }
        est = try DNNLinearCombinedClassifier(linearFeatureColumns: linearWorkloadColumns(), dnnFeatureColumns: dnn, dnnHiddenUnits: [128, 64],
                                              modelDir: dir, dnnOptimizer: .named("Adagrad", learningRate: 0.05), config: config)
    } else {
        est = try LinearClassifier(featureColumns: linearWorkloadColumns(), modelDir: dir, config: config)
    }
    let input = InputFn.csv([path], label: "label", batchSize: 256, shuffle: true, epochs: nil, options: CSVOptions(threads: threads))
    try est.train(input: input, steps: 50)
    let start = now()
    try est.train(input: input, steps: steps)
    let t = now() - start
    emit([("workload", wide ? "wide" : "linear"), ("threads", threads), ("steps", steps), ("batch", 256),
          ("examples_per_sec", Double(steps * 256) / t), ("steps_per_sec", Double(steps) / t), ("seconds", t)])
}
