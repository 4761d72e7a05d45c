import Workspaces

/// `:evaluate-all` and idle evaluation: every checkpoint of the model_dir not evaluated yet, as one background job.
extension Reducer {
    /// `:evaluate-all`: one job over the checkpoints with no evaluation, oldest first; `Ctrl-C` cancels it.
    static func evaluateAll(_ s: inout AppState) -> (Reaction, [Effect]) {
        let todo = s.checkpoints.filter { !$0.isEvaluated }.sorted { $0.step < $1.step }
        guard s.job == nil else { s.note("\(s.job!.title) is still running (Ctrl-C cancels it)", .warning); return (.redraw, []) }
        guard !todo.isEmpty else { s.note("every checkpoint of \(s.modelDir) is evaluated"); return (.redraw, []) }
        s.job = Job(title: "evaluating \(todo.count) checkpoint(s)", done: 0)
        s.note("evaluating \(todo.count) checkpoint(s) not evaluated yet (steps \(todo.map { String($0.step) }.joined(separator: ", ")))")
        return (.redraw, [.evaluateAll(rows: todo)])
    }

    /// On a tick, when the workspace allows it (`[workbench] evaluate_idle`) and nothing runs (no run here or elsewhere,
    /// no job, no question): evaluates the checkpoints not evaluated yet, each tried once.
    static func idleEvaluation(_ s: inout AppState) -> [Effect] {
        guard s.evaluateIdle, !s.run.isLive, s.job == nil, s.overlay == .none, !s.isWatchingElsewhere else { return [] }
        let todo = s.checkpoints.filter { !$0.isEvaluated && !s.idleEvaluated.contains($0.step) }.sorted { $0.step < $1.step }
        guard !todo.isEmpty else { return [] }
        s.idleEvaluated.formUnion(todo.map(\.step))
        s.job = Job(title: "evaluating \(todo.count) checkpoint(s) while idle", done: 0)
        s.note("idle: evaluating \(todo.count) checkpoint(s) not evaluated yet (Ctrl-C cancels; [workbench] evaluate_idle)")
        return [.evaluateAll(rows: todo)]
    }
}
