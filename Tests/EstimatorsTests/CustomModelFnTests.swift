import Datasets
import Estimators
import FeatureColumns
import Foundation
import NN
import Tensors
import Testing
import TestSupport

/// A model function written by hand, without a head: its own loss, `evalMetricOps` and predictions.
@Suite struct CustomModelFnTests {
    static let features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]

    static func labels(_ c: Column) -> Tensor {
        Tensor((0..<c.count).map { Int64(irisClasses.firstIndex(of: c.string($0) ?? "") ?? 0) })
    }

    static func modelFn(_ table: Table, _ labels: Column?, _ mode: ModeKeys, _ ctx: ModelContext) throws -> EstimatorSpec {
        let x = Tensor((0..<table.rowCount).flatMap { r in features.map { Float(table[$0]!.double(r) ?? 0) } }, shape: [table.rowCount, 4], on: ctx.backend)
        let layer = ctx.layer("custom/logits") { rng in Dense(inputSize: 4, units: 3, name: "custom/logits", rng: &rng, on: ctx.backend) }
        let logits = layer(x)
        var spec = EstimatorSpec(mode: mode, predictions: ["class_ids": logits.argmax(axis: 1)])
        if let labels {
            let y = Self.labels(labels).to(ctx.backend)
            spec.loss = Losses.sparseSoftmaxCrossEntropy(labels: y, logits: logits).mean()
            spec.trainOps = [TrainOp(optimizer: Adagrad(learningRate: 0.3))]
            spec.evalMetricOps["accuracy"] = .mean((logits.argmax(axis: 1) .== y).cast(to: .float32))
            // Weighted: only the rows of class 2 count, so this is the recall of class 2.
            spec.evalMetricOps["recall_virginica"] = .mean((logits.argmax(axis: 1) .== y).cast(to: .float32), weights: (y .== 2).cast(to: .float32))
        }
        return spec
    }

    @Test func evalMetricOpsAreStreamingWeightedMeansOverTheWholeEvaluation() throws {
        let dir = try Interop.temporaryDirectory("est-custom").path
        let est = Estimator(modelFn: Self.modelFn, modelDir: dir, config: RunConfig(randomSeed: 7))
        try est.train(input: .csv([fixture("iris_train.csv")], label: "species", batchSize: 16, shuffle: true, epochs: nil), steps: 200)
        // Batches of 7 rows: the streaming mean must weigh every example, not every batch, the same.
        let m = try est.evaluate(input: .csv([fixture("iris_eval.csv")], label: "species", batchSize: 7))
        var correct = 0.0, total = 0.0, virginica = 0.0, virginicaCorrect = 0.0
        let eval = try CSVReader.read(path: fixture("iris_eval.csv")).table
        var row = 0
        try est.predict(input: .csv([fixture("iris_eval.csv")], label: nil, batchSize: 7)) { p in
            guard case let .floats(ids)? = p["class_ids"] else { return }
            let truth = irisClasses.firstIndex(of: eval["species"]!.string(row) ?? "")!
            let hit = Int(ids[0]) == truth ? 1.0 : 0.0
            (correct, total) = (correct + hit, total + 1)
            if truth == 2 { (virginicaCorrect, virginica) = (virginicaCorrect + hit, virginica + 1) }
            row += 1
        }
        #expect(total == 30 && abs(m["accuracy"]! - correct / total) < 1e-12)
        #expect(abs(m["recall_virginica"]! - virginicaCorrect / virginica) < 1e-12)
        #expect(m["accuracy"]! > 0.8)
        #expect(m["loss"] != nil && m["global_step"] == 200)
    }
}
