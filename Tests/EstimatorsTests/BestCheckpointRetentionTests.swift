import Estimators
import Foundation
import Tensors
import Testing
import TestSupport

/// `keep_checkpoint_max` keeps the newest checkpoints and, beyond them, the best-evaluated one (est's deviation from TF).
@Suite struct BestCheckpointRetentionTests {
    /// Saves steps 1…`steps` keeping `keep`, recording `metric` = `values[step]` right after each save (as evaluations do).
    func train(_ dir: String, steps: Int, keep: Int, metric: String, values: [Int: Double], best: CheckpointMetric? = nil) throws -> CheckpointManager {
        let m = CheckpointManager(modelDir: dir)
        for step in 1...steps {
            let c = try m.save(step: Int64(step), variables: [("w", Tensor([Float(step)], shape: [1]))], sidecar: [:], keep: keep, best: best)
            if let v = values[step] { try m.recordEvaluation(c, name: "eval", metrics: [metric: v]) }
        }
        return m
    }

    func files(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".safetensors") }.sorted()
    }

    @Test func theBestAccuracyIsNotRotatedAway() throws {
        let dir = try Interop.temporaryDirectory("est-best1").path
        let m = try train(dir, steps: 8, keep: 3, metric: "accuracy", values: [1: 0.5, 2: 0.9, 3: 0.6, 4: 0.7, 5: 0.8, 6: 0.7, 7: 0.6, 8: 0.65])
        #expect(m.all().map(\.step) == [2, 6, 7, 8])
        #expect(try files(dir) == ["model.ckpt-2.safetensors", "model.ckpt-6.safetensors", "model.ckpt-7.safetensors", "model.ckpt-8.safetensors"])
        #expect(m.latest?.step == 8, "the best is kept, the newest stays the latest")
    }

    @Test func aRegressorsBestIsItsLowestAverageLoss() throws {
        let dir = try Interop.temporaryDirectory("est-best2").path
        let m = try train(dir, steps: 6, keep: 2, metric: "average_loss", values: [1: 3, 2: 1, 3: 0.5, 4: 2, 5: 4, 6: 5])
        #expect(m.all().map(\.step) == [3, 5, 6])
    }

    @Test func anExplicitMetricWins() throws {
        let dir = try Interop.temporaryDirectory("est-best3").path
        let m = try train(dir, steps: 5, keep: 2, metric: "loss", values: [1: 9, 2: 1, 3: 5, 4: 7, 5: 8],
                          best: CheckpointMetric(name: "loss", higherIsBetter: true))
        #expect(m.all().map(\.step) == [1, 4, 5], "loss declared higher-is-better: step 1's 9 is best")
    }

    @Test func withoutEvaluationsRotationIsTFs() throws {
        let dir = try Interop.temporaryDirectory("est-best4").path
        let m = try train(dir, steps: 6, keep: 2, metric: "accuracy", values: [:])
        #expect(m.all().map(\.step) == [5, 6])
        #expect(try files(dir).count == 2)
    }
}
