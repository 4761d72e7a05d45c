import Estimators
import Foundation
import Testing
import TestSupport

/// `CheckpointEvaluator`: TF's local train_and_evaluate cadence, shared by `est train` and the workbench.
@Suite struct CheckpointEvaluatorTests {
    static func evaluatedSteps(_ dir: String) -> [Int64] {
        let m = CheckpointManager(modelDir: dir)
        return m.all().filter { (m.sidecar($0)["evaluations"] as? [String: Any])?["eval"] != nil }.map(\.step)
    }

    @Test(arguments: [(CheckpointEvaluator.Cadence.throttleSecs(0), [Int64(50), 100, 150, 200]),
                      (.throttleSecs(3600), [50, 200]),
                      (.everySteps(100), [100, 200])])
    func evaluatesAfterSavesAtItsCadenceAndTheFinalCheckpoint(cadence: CheckpointEvaluator.Cadence, expected: [Int64]) throws {
        let dir = try Interop.temporaryDirectory("est-ckpt-eval").path
        let est = try irisClassifier(dir, config: RunConfig(saveCheckpointsSteps: 50, keepCheckpointMax: nil))
        let e = CheckpointEvaluator(estimator: est, input: irisEval, cadence: cadence)
        final class Seen { var steps: [Int64] = []; var evaluating: [Int64?] = []; var final: [Int64] = [] }
        let seen = Seen()
        e.onFinalEvaluation = { seen.final.append($0) }
        e.onEvaluated = { step, m in
            #expect(m["global_step"] == Double(step))
            seen.steps.append(step)
        }
        e.onEvaluating = { seen.evaluating.append($0) }
        try est.train(input: irisTrain(), maxSteps: 200, savingListeners: [e])
        #expect(seen.steps == expected, "the step-0 checkpoint is never evaluated")
        #expect(Self.evaluatedSteps(dir) == expected)
        #expect(seen.evaluating == expected.flatMap { [$0, nil] })
        #expect(seen.final == (cadence == .everySteps(100) || cadence == .throttleSecs(0) ? [] : [200]), "200 was evaluated at its save already")
        #expect(FileManager.default.fileExists(atPath: dir + "/eval"))
    }

    @Test func aFailedEvaluationIsReportedOnceAndTrainingGoesOn() throws {
        let dir = try Interop.temporaryDirectory("est-ckpt-eval-fail").path
        let est = try irisClassifier(dir, config: RunConfig(saveCheckpointsSteps: 50))
        let bad = InputFn.csv(["/nonexistent/eval.csv"], label: "species", batchSize: 8)
        let e = CheckpointEvaluator(estimator: est, input: bad, cadence: .throttleSecs(0))
        final class Failures { var count = 0 }
        let failures = Failures()
        e.onFailure = { _ in failures.count += 1 }
        try est.train(input: irisTrain(), maxSteps: 200, savingListeners: [e])
        #expect(est.globalStep == 200)
        #expect(failures.count == 1)
        #expect(Self.evaluatedSteps(dir).isEmpty)
    }
}
