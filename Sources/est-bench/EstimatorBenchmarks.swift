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
