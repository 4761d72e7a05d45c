import ArgumentParser
import Estimators
import Foundation
import Summaries
import Workspaces
import Testing
import TestSupport
@testable import CLI

/// `est train` evaluates as `trainAndEvaluate` does when the workspace has eval data; `--no-eval` turns it off.
@Suite(.serialized) struct TrainEvaluationTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func irisCopy() throws -> String {
        let dir = try Interop.temporaryDirectory("est-cli-train").path
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        for f in ["workspace.toml", "data/train.csv", "data/eval.csv"] {
            try FileManager.default.copyItem(atPath: repo + "/workspaces/iris/" + f, toPath: dir + "/" + f)
        }
        return dir
    }

    static func evalSteps(_ modelDir: String) throws -> [Int64] {
        let dir = modelDir + "/eval"
        guard FileManager.default.fileExists(atPath: dir) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: dir).flatMap { try EventFileReader.readAll(path: dir + "/" + $0) }.compactMap {
            if case let .summary(v) = $0.what, v.contains(where: { $0.tag == "accuracy" }) { return $0.step } else { return nil }
        }.sorted()
    }

    /// What `est train ARGS` trains with (without its Ctrl-C handler, which the SIGINT test owns).
    static func train(_ arguments: [String]) throws {
        let command = try TrainCommand.parse(arguments)
        WorkspaceCommands.setUpBackend(threads: 2)
        let ws = try command.options.loadWorkspace()
        let (_, stats) = try ws.trainStatistics()
        let est = try ws.makeEstimator(modelDirOverride: command.options.modelDir, statistics: stats)
        let listeners: [CheckpointSaverListener] = [command.evaluator(ws, est, quiet: true, exports: TrainCommand.Exports())].compactMap { $0 }
        try est.train(input: ws.trainInput, maxSteps: command.steps, savingListeners: listeners)
    }

    @Test func trainWritesEvalEventsAtCheckpointsAndTheEnd() throws {
        let folder = try Self.irisCopy()
        try Self.train([folder, "--steps", "300", "--eval-throttle-secs", "0"])
        // Checkpoints every 100 steps ([run] save_checkpoints_steps): 100, 200, 300 (never step 0).
        #expect(try Self.evalSteps(folder + "/runs/main") == [100, 200, 300])
        // The default throttle (600 s, TF's) evaluates the first checkpoint after step 0 and the last.
        try Self.train([folder, "--steps", "600", "--model-dir", folder + "/runs/b"])
        #expect(try Self.evalSteps(folder + "/runs/b") == [100, 600])
    }

    @Test func noEvalTurnsItOff() throws {
        let folder = try Self.irisCopy()
        try Self.train([folder, "--steps", "200", "--no-eval"])
        #expect(try Self.evalSteps(folder + "/runs/main").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder + "/runs/main/eval"))
    }

    @Test func evaluationLinesListTheMetrics() {
        let line = TrainCommand.evaluationLine(step: 300, ["accuracy": 0.96666, "loss": 0.1, "global_step": 300])
        #expect(line == "eval at step 300: accuracy 0.9667, loss 0.1000")
    }
}
