import Foundation
import Testing
import Workspaces
@testable import CLI

/// `est train` with `[data] eval_split` (no eval file) evaluates on the held-out rows; `[input] num_epochs` ends training early.
@Suite(.serialized) struct TrainSplitTests {
    /// A copy of iris whose workspace.toml has `replace` applied.
    static func iris(_ edit: (String) -> String) throws -> String {
        let folder = try TrainEvaluationTests.irisCopy()
        let path = folder + "/workspace.toml"
        try edit(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        return folder
    }

    @Test func evalSplitEvaluatesWithoutAnEvalFile() throws {
        let folder = try Self.iris { $0.replacingOccurrences(of: "eval = \"data/eval.csv\"", with: "eval_split = 0.2\nsplit_seed = 3") }
        let ws = try Workspace.load(folder)
        #expect(ws.evalFiles.isEmpty && ws.hasEvaluationData)
        try TrainEvaluationTests.train([folder, "--steps", "200", "--eval-throttle-secs", "0"])
        #expect(try TrainEvaluationTests.evalSteps(folder + "/runs/main") == [100, 200])
    }

    @Test func numEpochsStopsAtTheEndOfTheLastPass() throws {
        let folder = try Self.iris { $0.replacingOccurrences(of: "batch_size = 32", with: "batch_size = 40\nnum_epochs = 2") }
        try TrainEvaluationTests.train([folder, "--steps", "500", "--no-eval"])
        // 120 rows in batches of 40: 3 steps a pass, 6 for two passes, far from 500.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/runs/main")
        #expect(files.contains("model.ckpt-6.json"), "\(files.sorted())")
        #expect(!files.contains { $0.hasPrefix("model.ckpt-7") })
    }
}
