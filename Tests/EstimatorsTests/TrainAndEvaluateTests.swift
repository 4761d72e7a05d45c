import Estimators
import Foundation
import Testing
import TestSupport

@Suite struct TrainAndEvaluateTests {
    @Test func evaluatesAfterCheckpointsAndExports() throws {
        let dir = try Interop.temporaryDirectory("est-tae").path
        let est = try irisClassifier(dir, config: RunConfig(saveCheckpointsSteps: 50))
        let best = BestExporter(exportsToKeep: 2)
        let (metrics, exports) = try trainAndEvaluate(est, train: TrainSpec(input: irisTrain(), maxSteps: 200),
                                                      eval: EvalSpec(input: irisEval, exporters: [LatestExporter(exportsToKeep: 2), best, FinalExporter()],
                                                                     startDelaySecs: 0, throttleSecs: 0))
        #expect(metrics["global_step"] == 200)
        // Evaluations at 50, 100, 150 during training and a final one at 200.
        let m = CheckpointManager(modelDir: dir)
        let evaluated = m.all().filter { (m.sidecar($0)["evaluations"] as? [String: Any])?["eval"] != nil }.map(\.step)
        #expect(evaluated == [50, 100, 150, 200])
        #expect(exports.filter { $0.contains("/export/final/") }.count == 1)
        let latest = try FileManager.default.contentsOfDirectory(atPath: dir + "/export/latest")
        #expect(latest.count == 2, "LatestExporter keeps 2: \(latest)")
        let final = exports.first { $0.contains("/export/final/") }!
        let files = try FileManager.default.contentsOfDirectory(atPath: final)
        #expect(Set(files) == ["model.onnx", "signature.json", "variables.safetensors", "estimator.json", "assets", "README.txt"])
        let vars = try SafeTensors.read(from: URL(fileURLWithPath: final + "/variables.safetensors"))
        #expect(vars["dnn/logits/kernel"] != nil && !vars.tensors.contains { $0.name.hasPrefix("training/") })
        #expect(best.best != nil)
    }

    @Test func earlyStoppingStopsOnAThreshold() throws {
        let dir = try Interop.temporaryDirectory("est-early").path
        let est = try irisClassifier(dir, config: RunConfig(saveCheckpointsSteps: 20))
        let hook = EarlyStoppingHook(metric: "accuracy", rule: .higherThan(0.5))
        _ = try trainAndEvaluate(est, train: TrainSpec(input: irisTrain(), maxSteps: 2000, hooks: [hook]),
                                 eval: EvalSpec(input: irisEval, startDelaySecs: 0, throttleSecs: 0))
        #expect(est.globalStep < 2000, "stopped early at \(est.globalStep)")
    }

    @Test func profilerWritesChromeTraces() throws {
        let dir = try Interop.temporaryDirectory("est-prof").path
        let est = try irisClassifier(dir)
        try est.train(input: irisTrain(), steps: 20, hooks: [ProfilerHook(saveSteps: 10)])
        let trace = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/timeline-20.json"))) as! [String: Any]
        let events = trace["traceEvents"] as! [[String: Any]]
        #expect(events.count == 10 && events.allSatisfy { $0["ph"] as? String == "X" && $0["name"] as? String == "train_step" })
    }

    @Test func stopAtStepAndListenersCanStop() throws {
        let dir = try Interop.temporaryDirectory("est-stop").path
        let est = try irisClassifier(dir, config: RunConfig(saveCheckpointsSteps: 5))
        try est.train(input: irisTrain(), steps: 100, hooks: [StopAtStepHook(numSteps: 12)])
        #expect(est.globalStep == 12)
        final class StopAfterTwo: CheckpointSaverListener {
            var saves = 0
            func afterSave(step: Int64, path: String) -> Bool { saves += 1; return saves >= 2 }
        }
        let l = StopAfterTwo()
        try est.train(input: irisTrain(), steps: 100, savingListeners: [l])
        #expect(est.globalStep == 20, "stopped at the second save after step 12: \(est.globalStep)")
    }
}

import Tensors
