import Estimators
import Foundation
import Testing
import TestSupport
import Workspaces

/// A model_dir's own model against the workspace's, the workbench's engine on runs of their own, and `[workbench]`.
@Suite(.serialized) struct ModelDirTests {
    static let toml = """
    name = "t"
    [data]
    train = "data/train.csv"
    eval = "data/train.csv"
    label = "species"
    [estimator]
    kind = "DNNClassifier"
    hidden_units = [8, 4]
    [run]
    steps = 10
    save_checkpoints_steps = 5
    """

    @Test func differencesNameTheKeysAndTheNoteSaysWhichModelIsUsed() throws {
        let dir = try WorkspaceTests.workspace(Self.toml)
        let set = try Workspace.load(dir, overrides: ["estimator.hidden_units=[16]", "estimator.learning_rate=0.1"])
        let stats = try set.trainStatistics().columns
        let stored = try set.estimatorConfig(statistics: stats)
        let plain = try Workspace.load(dir)
        #expect(plain.differences(from: stored) == ["hidden_units", "learning_rate"])
        #expect(plain.differences(from: stored, statistics: stats) == ["hidden_units", "learning_rate"])
        #expect(set.differences(from: stored).isEmpty)
        // Another kind is named first: it explains the other keys.
        let trees = try Workspace.load(dir, overrides: ["estimator.kind=BoostedTreesClassifier"]).estimatorConfig(statistics: stats)
        #expect(plain.differences(from: trees, statistics: stats).first == "kind")
        try set.makeEstimator(statistics: stats).train(input: set.trainInput, maxSteps: 5)
        let note = try #require(plain.differenceNote(modelDir: set.modelDir))
        #expect(note.contains("hidden_units [16] there, [8,4] in the workspace (also learning_rate)"), "\(note)")
        #expect(set.differenceNote(modelDir: set.modelDir) == nil)
    }

    @Test func theWorkbenchEvaluatesAndResumesARunOfItsOwnAndAClashNamesAFreeRun() throws {
        let dir = try WorkspaceTests.workspace(Self.toml)
        let set = try Workspace.load(dir, overrides: ["estimator.hidden_units=[16]"])
        try set.makeEstimator(statistics: try set.trainStatistics().columns).train(input: set.trainInput, maxSteps: 5)
        let plain = try Workspace.load(dir)
        final class Events: @unchecked Sendable {
            let lock = NSLock(); var all: [EngineEvent] = []
            func add(_ e: EngineEvent) { lock.lock(); all.append(e); lock.unlock() }
            func wait(_ done: (EngineEvent) -> Bool) -> EngineEvent? {
                for _ in 0..<600 {
                    lock.lock(); let hit = all.first(where: done); lock.unlock()
                    if let hit { return hit }
                    Thread.sleep(forTimeInterval: 0.05)
                }
                return nil
            }
        }
        // A --set estimator.… asks for another model: training it where [16] lives is a clash naming a free run, and the
        // suggested command keeps the --set.
        let asks = try Workspace.load(dir, overrides: ["estimator.hidden_units=[8,4]"])
        let clashEvents = Events()
        WorkspaceEngine(workspace: asks) { clashEvents.add($0) }
            .startTraining(RunPlan(start: .latest, modelDir: asks.modelDir, fromStep: 5, targetStep: 10))
        let failed = clashEvents.wait { if case .training(.failed) = $0 { true } else { false } }
        guard case let .training(.failed(message))? = failed else { Issue.record("no failure"); return }
        #expect(message.contains("dnn/hiddenlayer_0/kernel: checkpoint [4, 16], model [4, 8]"), "\(message)")
        #expect(message.contains("--set 'estimator.hidden_units=[8,4]' --set run.model_dir=runs/main-2"), "\(message)")
        let events = Events()
        let engine = WorkspaceEngine(workspace: plain) { events.add($0) }
        #expect(message.contains("free run runs/main-2"), "\(message)")
        #expect(clashEvents.all.filter { if case .training(.failed) = $0 { true } else { false } }.count == 1, "the clash is said once")
        // Evaluating its checkpoint rebuilds its own model from estimator.json and says how it differs.
        let c = try #require(CheckpointManager(modelDir: plain.modelDir).latest)
        engine.evaluate(prefix: c.prefix, step: c.step, modelDir: plain.modelDir)
        let finished = events.wait { if case .jobFinished = $0 { true } else { false } }
        guard case let .jobFinished(text, isError)? = finished else { Issue.record("no result"); return }
        #expect(!isError && text.hasPrefix("evaluated step 5"), "\(text)")
        #expect(events.all.contains { if case let .log(l, .info) = $0 { l.contains("hidden_units [16] there") } else { false } })
        // Resuming from it (a branch) continues its own model.
        let branch = engine.modelDir(for: .resume(prefix: c.prefix, step: c.step), current: plain.modelDir)
        engine.startTraining(RunPlan(start: .resume(prefix: c.prefix, step: c.step), modelDir: branch, fromStep: c.step, targetStep: 10))
        let end = events.wait { if case .training(.finished) = $0 { true } else { false } }
        #expect(end != nil, "\(events.all.compactMap { if case let .training(.failed(m)) = $0 { m } else { nil } })")
        #expect(CheckpointManager(modelDir: branch).latest?.step == 10)
        // A second evaluation does not say the difference again.
        engine.evaluateAll([(c.prefix, c.step)], modelDir: plain.modelDir)
        _ = events.wait { if case let .jobFinished(m, _) = $0 { m.hasPrefix("evaluated 1 of 1") } else { false } }
        #expect(events.all.filter { if case let .log(l, .info) = $0 { l.contains("has its own model") && l.hasPrefix(plain.modelDir + " ") } else { false } }
            .count == 1)
        // Without a --set estimator.…, the workspace's own model_dir continues the model it holds ([16]), with the note.
        let own = Events()
        WorkspaceEngine(workspace: plain) { own.add($0) }.startTraining(RunPlan(start: .latest, modelDir: plain.modelDir, fromStep: 5, targetStep: 10))
        _ = own.wait { if case .training(.finished) = $0 { true } else if case .training(.failed) = $0 { true } else { false } }
        #expect(CheckpointManager(modelDir: plain.modelDir).latest?.step == 10)
        #expect(!own.all.contains { if case .training(.failed) = $0 { true } else { false } })
        #expect(own.all.contains { if case let .log(l, .info) = $0 { l.contains("hidden_units [16] there") } else { false } })
    }

    @Test func theKeepBestMetricNamesTheCheckpointRotationKeeps() throws {
        let w = try Workspace.load(try WorkspaceTests.workspace(Self.toml))
        let stats = try w.trainStatistics().columns
        #expect(try w.makeEstimator(statistics: stats).config.bestCheckpointMetric == nil, "the head's default")
        try KeepBest.save(KeepBest(n: 2, metric: "auc", higherIsBetter: true), modelDir: w.modelDir)
        #expect(try w.makeEstimator(statistics: stats).config.bestCheckpointMetric == CheckpointMetric(name: "auc", higherIsBetter: true))
        var noted: [String] = []
        try w.makeEstimator(statistics: stats).train(input: w.trainInput, maxSteps: 5)
        let rebuilt = try w.modelDirEstimator(w.modelDir, statistics: { stats }, note: { noted.append($0) })
        #expect(rebuilt.config.bestCheckpointMetric == CheckpointMetric(name: "auc", higherIsBetter: true) && noted.isEmpty)
    }

    @Test func workbenchTableKeys() throws {
        #expect(try Workspace.load(try WorkspaceTests.workspace(Self.toml)).workbench.evaluateIdle == false)
        let on = try Workspace.load(try WorkspaceTests.workspace(Self.toml + "\n[workbench]\nevaluate_idle = true\n"))
        #expect(on.workbench.evaluateIdle)
        #expect { try Workspace.load(try WorkspaceTests.workspace(Self.toml + "\n[workbench]\nevaluate_idel = true\n")) } throws: {
            "\($0)".contains("workspace.toml:13: error: unknown key 'evaluate_idel' in [workbench] (did you mean 'evaluate_idle'?)")
        }
        #expect { try Workspace.load(try WorkspaceTests.workspace(Self.toml + "\n[workbench]\nevaluate_idle = 1\n")) } throws: {
            "\($0)".contains("'evaluate_idle' must be true or false")
        }
    }
}
