import ArgumentParser
import Estimators
import Foundation
import Testing
import TestSupport
import Workspaces
@testable import CLI

/// A run made with `--set` stays usable: commands on its model_dir rebuild its own model; a clash offers a free run.
@Suite(.serialized) struct ModelDirCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func irisCopy() throws -> String {
        let dir = try Interop.temporaryDirectory("est-cli-md").path
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        for f in ["workspace.toml", "data/train.csv", "data/eval.csv"] {
            try FileManager.default.copyItem(atPath: repo + "/workspaces/iris/" + f, toPath: dir + "/" + f)
        }
        return dir
    }

    /// `est train ARGS` as the command does it, without the SIGINT handler (CommandTests checks that handler in parallel).
    static func train(_ arguments: [String], steps: Int) throws {
        let command = try #require(try EstCommand.parseAsRoot(["train"] + arguments) as? TrainCommand)
        let ws = try command.options.loadWorkspace()
        let est = try command.options.trainingEstimator(ws, statistics: try ws.trainStatistics().columns, note: { _ in })
        do { try est.train(input: ws.trainInput, maxSteps: steps) } catch let e as EstimatorError { throw command.options.clash(e, ws) }
    }

    @Test func aRunMadeWithSetIsEvaluatedTrainedAndClashesOfferAFreeRun() throws {
        let ws = try Self.irisCopy()
        let big = ws + "/runs/big"
        try Self.train([ws, "--set", "estimator.hidden_units=[16]", "--model-dir", big], steps: 10)
        // est evaluate on that model_dir: its own model, from its estimator.json.
        let evaluate = try #require(try EstCommand.parseAsRoot(["evaluate", "--model-dir", big]) as? EvaluateCommand)
        var notes: [String] = []
        let (_, est) = try evaluate.options.loadEstimator(threads: 1, note: { notes.append($0) })
        #expect(try est.evaluate(input: try Workspace.load(ws).evalInput())["global_step"] == 10)
        #expect(notes.count == 1 && notes[0].contains("hidden_units [16] there, [10,10] in the workspace"), "\(notes)")
        // est train continues it without the --set.
        try Self.train([ws, "--model-dir", big], steps: 20)
        #expect(CheckpointManager(modelDir: big).latest?.step == 20)
        // A --set asking for another model is a clash naming one variable and a free run.
        do {
            try Self.train([ws, "--set", "estimator.hidden_units=[8]", "--model-dir", big], steps: 30)
            Issue.record("trained another model over runs/big")
        } catch let e as EstimatorError {
            #expect(e.problem.contains("dnn/hiddenlayer_0/kernel: checkpoint [4, 16], model [4, 8]"), "\(e.problem)")
            #expect(e.hint.contains("--model-dir \(big)-2") && e.hint.contains("--set run.model_dir=runs/big-2"), "\(e.hint)")
        }
    }
}
