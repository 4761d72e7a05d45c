import Datasets
import Estimators
import FeatureColumns
import Foundation
import NN
import Summaries
import Tensors
import Testing
import TestSupport
import Workspaces

@Suite struct DNNVariantsTests {
    @Test func regressorLearnsAutoMPG() throws {
        let (_, stats, _) = try ColumnStatistics.compute(csv: fixture("auto_mpg.csv"), topK: 100)
        let columns = FeatureColumnInference.columns(from: stats, label: "mpg", forDNN: true, exclude: ["name"])
        let dir = try Interop.temporaryDirectory("est-reg").path
        let est = try DNNRegressor(hiddenUnits: [16, 8], featureColumns: columns, modelDir: dir, config: RunConfig(saveCheckpointsSteps: 1000))
        let input = InputFn.csv([fixture("auto_mpg.csv")], label: "mpg", batchSize: 32, shuffle: true, epochs: nil)
        let before = try est.train(input: input, steps: 1).evaluate(input: .csv([fixture("auto_mpg.csv")], label: "mpg", batchSize: 64))
        try est.train(input: input, steps: 600)
        let after = try est.evaluate(input: .csv([fixture("auto_mpg.csv")], label: "mpg", batchSize: 64))
        #expect(Set(after.keys) == ["average_loss", "label/mean", "prediction/mean", "loss", "global_step"])
        #expect(after["average_loss"]! < before["average_loss"]! / 10, "MSE \(before["average_loss"]!) → \(after["average_loss"]!)")
        #expect(abs(after["prediction/mean"]! - after["label/mean"]!) < 2)
    }

    @Test func dropoutAndBatchNormUseTensorFlowsNamesAndWriteSummaries() throws {
        let dir = try Interop.temporaryDirectory("est-bn").path
        let est = try DNNClassifier(hiddenUnits: [8, 8], featureColumns: irisFeatures, modelDir: dir, nClasses: 3, labelVocabulary: irisClasses,
                                    dropout: 0.2, batchNorm: true, config: RunConfig(saveSummarySteps: 5))
        try est.train(input: irisTrain(), steps: 30)
        #expect(est.variableNames.contains("dnn/hiddenlayer_1/batchnorm_1/moving_mean"))
        #expect(est.variableNames.contains("dnn/hiddenlayer_0/batchnorm_0/gamma"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("events.out") }
        let events = try EventFileReader.readAll(path: dir + "/" + files[0])
        let tags = Set(events.flatMap { e -> [String] in if case let .summary(v) = e.what { v.map(\.tag) } else { [] } })
        #expect(tags.isSuperset(of: ["loss", "dnn/hiddenlayer_0/fraction_of_zero_values", "dnn/hiddenlayer_0/activation",
                                     "dnn/logits/fraction_of_zero_values", "dnn/logits/activation"]))
        // Same seed, same dropout masks: two runs give identical weights.
        let dir2 = try Interop.temporaryDirectory("est-bn2").path
        let est2 = try DNNClassifier(hiddenUnits: [8, 8], featureColumns: irisFeatures, modelDir: dir2, nClasses: 3, labelVocabulary: irisClasses,
                                     dropout: 0.2, batchNorm: true, config: RunConfig(saveSummarySteps: 5))
        try est2.train(input: irisTrain(), steps: 30)
        #expect(try est.variableValue("dnn/logits/kernel").doubles == est2.variableValue("dnn/logits/kernel").doubles)
    }

    @Test func warmStartRenamesAndRemapsVocabularies() throws {
        // A model with an embedding over colors [red, green]; warm start a model over [green, blue, red].
        func table(_ colors: [String]) throws -> String {
            let dir = try Interop.temporaryDirectory("est-ws-data")
            var text = "color,y\n"
            for i in 0..<40 { text += "\(colors[i % colors.count]),\(i % 2)\n" }
            try text.write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
            return dir.appendingPathComponent("t.csv").path
        }
        func model(_ dir: String, _ vocab: [String], warm: WarmStartSettings? = nil) throws -> Estimator {
            let col = embeddingColumn(categoricalColumnWithVocabularyList("color", vocabulary: vocab), dimension: 2)
            return try DNNClassifier(hiddenUnits: [3], featureColumns: [col], modelDir: dir, optimizer: .instance(SGD(learningRate: 0)), warmStartFrom: warm)
        }
        let src = try Interop.temporaryDirectory("est-ws-a").path
        let a = try model(src, ["red", "green"])
        try a.train(input: .csv([try table(["red", "green"])], label: "y", batchSize: 8, epochs: nil), steps: 1)
        let emb = "dnn/input_from_feature_columns/input_layer/color_embedding/embedding_weights"
        let old = try a.variableValue(emb).doubles
        let dst = try Interop.temporaryDirectory("est-ws-b").path
        let b = try model(dst, ["green", "blue", "red"], warm: WarmStartSettings(checkpoint: src, variables: ".*embedding.*",
                                                                                  vocabularies: [emb: (old: ["red", "green"], new: ["green", "blue", "red"])]))
        try b.train(input: .csv([try table(["green", "blue", "red"])], label: "y", batchSize: 8, epochs: nil), steps: 1)
        let new = try b.variableValue(emb).doubles
        #expect(Array(new[0..<2]) == Array(old[2..<4]), "green came from old row 1")
        #expect(Array(new[4..<6]) == Array(old[0..<2]), "red came from old row 0")
        // Renames: this model's hiddenlayer_1/kernel comes from the source's hiddenlayer_2/kernel.
        let c = try Interop.temporaryDirectory("est-ws-c").path
        let source3 = try trainedIris()
        let r = try DNNClassifier(hiddenUnits: [10, 10], featureColumns: irisFeatures, modelDir: c, nClasses: 3, labelVocabulary: irisClasses,
                                  optimizer: .instance(SGD(learningRate: 0)),
                                  warmStartFrom: WarmStartSettings(checkpoint: source3, variables: "dnn/hiddenlayer_1/kernel",
                                                                   renames: ["dnn/hiddenlayer_1/kernel": "dnn/hiddenlayer_2/kernel"]))
        try r.train(input: irisTrain(), steps: 1)
        #expect(try r.variableValue("dnn/hiddenlayer_1/kernel").doubles == Estimator(modelFn: { _, _, _, _ in EstimatorSpec(mode: .eval) },
                                                                                       modelDir: source3).variableValue("dnn/hiddenlayer_2/kernel").doubles)
    }

    func trainedIris() throws -> String {
        let dir = try Interop.temporaryDirectory("est-ws-iris3").path
        try DNNClassifier(hiddenUnits: [10, 10, 10], featureColumns: irisFeatures, modelDir: dir, nClasses: 3, labelVocabulary: irisClasses)
            .train(input: irisTrain(), steps: 10)
        return dir
    }
}
