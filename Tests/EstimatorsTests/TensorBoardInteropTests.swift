import Estimators
import Foundation
import Summaries
import Testing
import TestSupport

/// TensorBoard's own reader loads a model_dir written by est and sees every tag and step.
@Suite struct TensorBoardInteropTests {
    @Test(.enabled(if: Interop.hasModule("tensorboard"), "needs the venv with tensorboard that .ci/run creates"))
    func tensorBoardReadsTrainingAndEvaluationSummaries() throws {
        let dir = try Interop.temporaryDirectory("est-tb").path
        let est = try irisClassifier(dir, config: RunConfig(saveSummarySteps: 10, saveCheckpointsSteps: 50, logStepCountSteps: 25))
        try est.train(input: irisTrain(), steps: 100)
        _ = try est.evaluate(input: irisEval)
        let w = try EventFileWriter(directory: dir + "/extra")
        try w.write(Event(wallTime: 1, step: 3, what: .summary([SummaryValue(tag: "h", kind: .histogram(Histogram([0.5, 1, 2])))])))

        let train = try Interop.script("tensorboard_check.py", [dir])
        #expect(train.status == 0, "\(train.output)")
        let t = try JSONSerialization.jsonObject(with: Data(train.output.utf8)) as! [String: Any]
        let scalars = t["scalars"] as! [String: [[Double]]]
        #expect(scalars["loss"]?.map { Int($0[0]) } == [1] + Array(stride(from: 10, through: 100, by: 10)))
        #expect(scalars["global_step/sec"]?.map { Int($0[0]) } == [25, 50, 75, 100])

        let eval = try Interop.script("tensorboard_check.py", [dir + "/eval"])
        let e = try JSONSerialization.jsonObject(with: Data(eval.output.utf8)) as! [String: Any]
        let es = e["scalars"] as! [String: [[Double]]]
        #expect(Set(es.keys) == ["accuracy", "average_loss", "loss"])
        #expect(es["accuracy"]?.first?.first == 100)
        #expect((e["tensors"] as? [String]) == ["checkpoint_path"])

        let extra = try Interop.script("tensorboard_check.py", [dir + "/extra"])
        let x = try JSONSerialization.jsonObject(with: Data(extra.output.utf8)) as! [String: Any]
        #expect((x["histograms"] as? [String: [Int]])?["h"] == [3])
    }
}
