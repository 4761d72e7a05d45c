import Datasets
import Estimators
import FeatureColumns
import Foundation
import NN
import Summaries
import Tensors
import Testing
import TestSupport

func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

let irisFeatures: [any FeatureColumn] = ["sepal_length", "sepal_width", "petal_length", "petal_width"].map { numericColumn($0) }
let irisClasses = ["setosa", "versicolor", "virginica"]

func irisTrain(epochs: Int? = nil, seed: UInt64 = 1) -> InputFn {
    .csv([fixture("iris_train.csv")], label: "species", batchSize: 32, shuffle: true, epochs: epochs, seed: seed)
}
var irisEval: InputFn { .csv([fixture("iris_eval.csv")], label: "species", batchSize: 32) }

func irisClassifier(_ dir: String, config: RunConfig = RunConfig(saveCheckpointsSteps: 100)) throws -> Estimator {
    try DNNClassifier(hiddenUnits: [10, 10], featureColumns: irisFeatures, modelDir: dir, nClasses: 3, labelVocabulary: irisClasses, config: config)
}

@Suite(.serialized) struct EstimatorTests {
    @Test func trainsIrisToAccuracyAndWritesTensorFlowsModelDir() throws {
        let dir = try Interop.temporaryDirectory("est-iris").path
        let est = try irisClassifier(dir)
        final class Events: @unchecked Sendable { var list: [TrainingEvent] = []; let lock = NSLock() }
        let events = Events()
        est.onEvent = { e in events.lock.withLock { events.list.append(e) } }
        try est.train(input: irisTrain(), steps: 1000)
        let m = try est.evaluate(input: irisEval)
        #expect(m["accuracy"]! >= 0.93, "accuracy \(m["accuracy"]!)")
        #expect(m["global_step"] == 1000)
        #expect(Set(m.keys) == ["accuracy", "average_loss", "loss", "global_step"])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files.contains("checkpoint") && files.contains("model.ckpt-1000.safetensors") && files.contains("estimator.json"))
        #expect(files.filter { $0.hasPrefix("model.ckpt-") && $0.hasSuffix(".safetensors") }.count == 5, "keep_checkpoint_max 5: \(files.sorted())")
        let state = try String(contentsOfFile: dir + "/checkpoint", encoding: .utf8)
        #expect(state.hasPrefix("model_checkpoint_path: \"model.ckpt-1000\""))
        #expect(est.variableNames.contains("dnn/hiddenlayer_0/kernel") && est.variableNames.contains("dnn/logits/bias")
                && est.variableNames.contains("global_step") && est.variableNames.contains("training/Adagrad/dnn/logits/bias/accumulator"))
        // TensorBoard summaries: loss in the model_dir, metrics in eval/.
        let trainEvents = try files.filter { $0.hasPrefix("events.out.tfevents") }.flatMap { try EventFileReader.readAll(path: dir + "/" + $0) }
        let lossSteps = trainEvents.compactMap { e -> Int64? in if case let .summary(v) = e.what, v.contains(where: { $0.tag == "loss" }) { e.step } else { nil } }
        #expect(lossSteps.contains(1) && lossSteps.contains(100) && lossSteps.contains(1000))
        let evalFiles = try FileManager.default.contentsOfDirectory(atPath: dir + "/eval")
        let evalEvents = try EventFileReader.readAll(path: dir + "/eval/" + evalFiles[0])
        #expect(evalEvents.contains { if case let .summary(v) = $0.what { $0.step == 1000 && v.contains { $0.tag == "accuracy" } } else { false } })
        let list = events.lock.withLock { events.list }
        #expect(list.first == .started(step: 0, targetStep: 1000))
        #expect(list.contains { if case .checkpointSaved(step: 500, _) = $0 { true } else { false } })
        #expect(list.contains { if case .evaluated(step: 1000, _, _) = $0 { true } else { false } })
        // Predict: one dictionary per example, in order.
        var predicted: [String] = []
        try est.predict(input: .csv([fixture("iris_eval.csv")], label: nil, batchSize: 7), keys: ["classes", "probabilities"]) {
            if case let .strings(s)? = $0["classes"] { predicted.append(s[0]) }
        }
        #expect(predicted.count == 30)
    }

    @Test func stepsAndMaxStepsFollowTensorFlowsRules() throws {
        let dir = try Interop.temporaryDirectory("est-steps").path
        let est = try irisClassifier(dir)
        #expect(throws: EstimatorError.self) { try est.train(input: irisTrain(), steps: 10, maxSteps: 20) }
        try est.train(input: irisTrain(), steps: 30)
        #expect(est.globalStep == 30)
        try est.train(input: irisTrain(), steps: 20)
        #expect(est.globalStep == 50)
        try est.train(input: irisTrain(), maxSteps: 40)   // already past: nothing to do
        #expect(est.globalStep == 50)
        try est.train(input: irisTrain(), maxSteps: 60)
        #expect(est.globalStep == 60)
    }

    @Test func evaluateBeforeTrainingSaysNotTrained() throws {
        let est = try irisClassifier(try Interop.temporaryDirectory("est-untrained").path)
        #expect { _ = try est.evaluate(input: irisEval) } throws: { ($0 as? EstimatorError)?.problem.contains("not trained") ?? false }
    }

    @Test func resumingGivesTheWeightsOfAnUninterruptedRun() throws {
        let a = try irisClassifier(try Interop.temporaryDirectory("est-a").path)
        try a.train(input: irisTrain(), steps: 60)
        let bDir = try Interop.temporaryDirectory("est-b").path
        try irisClassifier(bDir).train(input: irisTrain(), steps: 25)
        try irisClassifier(bDir).train(input: irisTrain(), steps: 35)   // a new process would do this
        let b = try irisClassifier(bDir)
        for name in ["dnn/hiddenlayer_0/kernel", "dnn/logits/bias", "training/Adagrad/dnn/hiddenlayer_1/kernel/accumulator"] {
            expectClose(try b.variableValue(name).doubles, try a.variableValue(name).doubles, tolerance: 1e-6, name)
        }
    }

    @Test func evaluateAndPredictReuseTheLoadedCheckpoint() throws {
        let dir = try Interop.temporaryDirectory("est-cache").path
        try irisClassifier(dir).train(input: irisTrain(), steps: 20)
        let est = try irisClassifier(dir)
        _ = try est.evaluate(input: irisEval)
        #expect(est.checkpointReads == 1)
        _ = try est.evaluate(input: irisEval)
        try est.predict(input: .csv([fixture("iris_eval.csv")], label: nil, batchSize: 30)) { _ in }
        #expect(est.checkpointReads == 1, "an unchanged checkpoint was read again")
        try est.train(input: irisTrain(), steps: 5)
        _ = try est.evaluate(input: irisEval)
        #expect(est.checkpointReads == 1, "the model in memory is the newest checkpoint")
    }

    @Test func aDifferentModelInTheModelDirIsNamed() throws {
        let dir = try Interop.temporaryDirectory("est-mismatch").path
        try irisClassifier(dir).train(input: irisTrain(), steps: 5)
        let other = try DNNClassifier(hiddenUnits: [7], featureColumns: irisFeatures, modelDir: dir, nClasses: 3, labelVocabulary: irisClasses)
        #expect { try other.train(input: irisTrain(), steps: 5) } throws: { e in
            let p = (e as? EstimatorError)?.problem ?? ""
            return p.contains("holds a different model") && p.contains("dnn/hiddenlayer_0/kernel") && ((e as? EstimatorError)?.hint.contains("new model_dir") ?? false)
        }
    }

    @Test func aCorruptNewestCheckpointFallsBackToThePreviousOne() throws {
        let dir = try Interop.temporaryDirectory("est-corrupt").path
        try irisClassifier(dir, config: RunConfig(saveCheckpointsSteps: 10)).train(input: irisTrain(), steps: 20)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: dir + "/model.ckpt-20.safetensors"))
        let est = try irisClassifier(dir)
        let m = try est.evaluate(input: irisEval)
        #expect(m["global_step"] == 10)
    }

    @Test func labelsOutsideTheVocabularyNameTheValue() throws {
        let dir = try Interop.temporaryDirectory("est-badlabel").path
        let est = try DNNClassifier(hiddenUnits: [4], featureColumns: irisFeatures, modelDir: dir, nClasses: 3, labelVocabulary: ["setosa", "versicolor", "other"])
        #expect { try est.train(input: irisTrain(), steps: 2) } throws: { ($0 as? EstimatorError)?.problem.contains("'virginica'") ?? false }
    }

    @Test func nanLossStopsWithTensorFlowsMessage() throws {
        let dir = try Interop.temporaryDirectory("est-nan").path
        let est = try DNNClassifier(hiddenUnits: [4], featureColumns: irisFeatures, modelDir: dir, nClasses: 3, labelVocabulary: irisClasses,
                                    optimizer: .instance(SGD(learningRate: 1e30)))
        #expect { try est.train(input: irisTrain(), steps: 50) } throws: { "\($0)".hasPrefix("Model diverged with loss = NaN at step") }
    }

    @Test func warmStartCopiesMatchingVariables() throws {
        let src = try Interop.temporaryDirectory("est-ws-src").path
        let a = try irisClassifier(src)
        try a.train(input: irisTrain(), steps: 30)
        let dst = try Interop.temporaryDirectory("est-ws-dst").path
        let b = try DNNClassifier(hiddenUnits: [10, 10], featureColumns: irisFeatures, modelDir: dst, nClasses: 3, labelVocabulary: irisClasses,
                                  optimizer: .instance(SGD(learningRate: 0)), warmStartFrom: WarmStartSettings(checkpoint: src, variables: "dnn/hiddenlayer_.*"))
        try b.train(input: irisTrain(), steps: 1)
        expectClose(try b.variableValue("dnn/hiddenlayer_0/kernel").doubles, try a.variableValue("dnn/hiddenlayer_0/kernel").doubles, tolerance: 0, "warm-started")
        #expect(try b.variableValue("dnn/logits/kernel").doubles != a.variableValue("dnn/logits/kernel").doubles, "logits were not selected")
    }
}
