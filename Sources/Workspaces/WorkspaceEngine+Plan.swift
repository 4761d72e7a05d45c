import Estimators
import Foundation

extension WorkspaceEngine {
    /// The step target of a run from `fromStep`: the workspace's `[run] steps` (or the budget picked from the data
    /// size; boosted trees: until `n_trees` are built), or that many more when the model_dir is there already; with
    /// `[input] num_epochs`, no further than the batches of that many passes.
    /// Nil when every tree is built (more steps would add nothing).
    func target(fromStep: Int64) throws -> (target: Int64, extends: Bool)? {
        let (rows, _) = try stats()
        let isTrees = workspace.estimator.estimatorKind.isBoostedTrees
        let steps = Int64(isTrees ? workspace.defaultSteps(rows: rows) : workspace.steps ?? workspace.defaultSteps(rows: rows))
        // `[input] num_epochs` ends a run when its passes over the data are done (a run's input starts afresh).
        let passes = workspace.numEpochs.map { Int64((rows * $0 + workspace.batchSize - 1) / workspace.batchSize) }
        if fromStep < steps { return (isTrees ? steps : min(steps, fromStep + (passes ?? steps)), false) }
        return isTrees ? nil : (fromStep + min(steps, passes ?? steps), true)
    }

    /// Works out a run (its model_dir, start and target step) on a thread of its own and sends it as
    /// ``EngineEvent/planned(_:)``, for the front-end to confirm; nothing is written.
    ///
    /// Boosted trees with every tree built send a line saying so instead.
    public func plan(_ start: RunStart, current: String) {
        let t = Thread { [self] in
            do {
                let dir = modelDir(for: start, current: current)
                let from: Int64 = switch start {
                case .latest: CheckpointManager(modelDir: dir).latest?.step ?? 0
                case let .resume(_, step): step
                case .warmStart: 0
                }
                guard let (target, extends) = try target(fromStep: from) else {
                    let n = workspace.estimator.trees.nTrees
                    send(.log("every tree is built in \(dir) (n_trees = \(n)); raise n_trees to grow more", .info))
                    return
                }
                send(.planned(RunPlan(start: start, modelDir: dir, fromStep: from, targetStep: target, extendsFinishedRun: extends)))
            } catch {
                send(.log("cannot start training: \(error)".split(separator: "\n").joined(separator: " · "), .error))
            }
        }
        t.name = "est-plan"
        t.start()
    }
}
