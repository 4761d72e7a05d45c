import Foundation
import Workspaces
@testable import Workbench

/// States for view and reducer tests: fixed numbers, no clock, no files.
enum Fixtures {
    /// A loss falling from 1.1 with some noise, every 10 steps up to `steps`.
    static func lossCurve(steps: Int = 1000, every: Int = 10) -> [ScalarPoint] {
        stride(from: every, through: steps, by: every).map { s in
            let t = Double(s) / Double(steps)
            return ScalarPoint(step: Int64(s), wallTime: 1000 + Double(s) / 100, value: 1.1 * exp(-3 * t) + 0.05 * sin(Double(s) * 0.37) + 0.02)
        }
    }

    static func evalSeries(_ f: (Double) -> Double, steps: Int = 1000, every: Int = 100) -> [ScalarPoint] {
        stride(from: every, through: steps, by: every).map { s in ScalarPoint(step: Int64(s), wallTime: 1000 + Double(s) / 100, value: f(Double(s) / Double(steps))) }
    }

    /// A run half way through with train loss, eval loss, accuracy and throughput.
    static func trainingState(width: Int, height: Int) -> AppState {
        var s = AppState()
        (s.width, s.height) = (width, height)
        s.workspaceName = "iris"; s.estimatorKind = "DNNClassifier"; s.modelDir = "workspaces/iris/runs/main"; s.device = "cpu · 2 threads"
        s.run = .running; s.step = 600; s.targetStep = 1000; s.loss = 0.1234; s.stepsPerSec = 1234; s.examplesPerSec = 39_488
        var d = RunData()
        d.origin = 1000
        d.train["loss"] = lossCurve(steps: 600)
        d.train["global_step/sec"] = stride(from: 100, through: 600, by: 100).map { ScalarPoint(step: Int64($0), wallTime: 1000 + Double($0) / 100, value: 1200 + Double($0 % 300)) }
        d.eval["loss"] = evalSeries({ 0.9 * exp(-2.5 * $0) + 0.08 }, steps: 600)
        d.eval["accuracy"] = evalSeries({ min(0.97, 0.6 + 0.8 * $0) }, steps: 600)
        d.eval["average_loss"] = d.eval["loss"]
        d.checkpointSteps = [0, 200, 400, 600]
        s.runData = d
        var rows: [CheckpointRow] = []
        for st in [200, 400, 600] {
            let x = Double(st) / 10_000
            let metrics: [String: Double] = ["accuracy": 0.9 + x, "average_loss": 0.3 - x, "loss": 0.3 - x, "global_step": Double(st)]
            rows.append(CheckpointRow(step: Int64(st), prefix: "workspaces/iris/runs/main/model.ckpt-\(st)", wallTime: nil, bytes: 2970, metrics: metrics))
        }
        rows.append(CheckpointRow(step: 0, prefix: "workspaces/iris/runs/main/model.ckpt-0", wallTime: nil, bytes: 2970, metrics: [:]))
        s.checkpoints = rows
        s.log = [LogLine(time: 0, level: .info, text: "training from step 0 to 1000"),
                 LogLine(time: 0, level: .info, text: "evaluated eval at step 600: accuracy 0.9667, loss 0.1"),
                 LogLine(time: 0, level: .warning, text: "a warning line")]
        return s
    }

    static func checkpointState(width: Int, height: Int) -> AppState {
        var s = trainingState(width: width, height: height)
        s.screen = .checkpoints
        s.run = .finished(step: 600)
        s.selectedStep = 400
        s.marked = [200]
        return s
    }
}
