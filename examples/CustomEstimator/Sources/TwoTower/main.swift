import CPUBackend
import Estimators
import Foundation
import Tensors

// Trains the two-tower model on the Titanic workspace's data, evaluates it and predicts a few
// passengers, like TF's custom-estimator guide. Arguments: [MODEL_DIR] [STEPS].
// The model_dir opens in TensorBoard and in `est checkpoints --model-dir MODEL_DIR`.
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let data = here.appendingPathComponent("../../../../workspaces/titanic/data").standardized.path
let arguments = CommandLine.arguments.dropFirst()
let modelDir = arguments.first ?? "runs/two-tower"
let steps = arguments.dropFirst().first.flatMap { Int($0) } ?? 2000

Backends.register(CPUBackend())
Backends.setDefault("cpu")

let model = TwoTowerModel()
let estimator = Estimator(modelFn: model.callAsFunction, modelDir: modelDir,
                          config: RunConfig(randomSeed: 42, saveCheckpointsSteps: 500))
do {
    try estimator.train(input: .csv([data + "/train.csv"], label: "survived", batchSize: 32, shuffle: true, epochs: nil), maxSteps: steps)
    let metrics = try estimator.evaluate(input: .csv([data + "/eval.csv"], label: "survived", batchSize: 64))
    for key in metrics.keys.sorted() { print("\(key): \(String(format: "%.4f", metrics[key]!))") }
    var shown = 0
    try estimator.predict(input: .csv([data + "/eval.csv"], label: nil, batchSize: 8), keys: ["probabilities", "class_ids"]) { p in
        guard shown < 3 else { return }
        shown += 1
        print("passenger \(shown): \(p["probabilities"]!) survived \(p["class_ids"]!)")
    }
    // Exported for serving: the model function traced to ONNX (docs/export.md), on the rows it was trained on first.
    let export = try estimator.export(to: modelDir + "/export/manual")
    print("exported \(export)")
    // est's own predictions of the eval rows, for scripts/example.sh to compare with onnxruntime's on the export.
    var probabilities: [Double] = [], classIDs: [Double] = []
    try estimator.predict(input: .csv([data + "/eval.csv"], label: nil, batchSize: 64), keys: ["probabilities", "class_ids"]) { p in
        if case let .floats(v)? = p["probabilities"] { probabilities += v.map(Double.init) }
        if case let .floats(v)? = p["class_ids"] { classIDs += v.map(Double.init) }
    }
    let predictions = try JSONSerialization.data(withJSONObject: ["probabilities": probabilities, "class_ids": classIDs])
    try predictions.write(to: URL(fileURLWithPath: modelDir + "/eval_predictions.json"))
    var summary: [String: Any] = metrics
    summary["export"] = export
    let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
