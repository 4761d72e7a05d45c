import Estimators
import Foundation
import Workspaces

/// Folds an action into the state; returns what to redraw or stop and the work to start.
///
/// Pure apart from the state it is given: no I/O, no clock (time arrives as `.tick`).
/// This is the root: it keeps engine events, the log, overlays and global commands, and hands every other command
/// to the current screen's module (``ScreenModule``), whose requests it then carries out.
public enum Reducer {
    public static func reduce(_ s: inout AppState, _ action: Action) -> (Reaction, [Effect]) {
        switch action {
        case let .key(k): return key(&s, k)
        case let .command(c, arg): return run(&s, c, argument: arg)
        case let .resize(w, h):
            (s.width, s.height) = (w, h)
            return (.redraw, [])
        case let .tick(now):
            s.now = now
            let watching = s.isWatchingElsewhere
            defer { s.watchingShown = watching }
            let idle = idleEvaluation(&s)
            return (s.run.isLive || s.job != nil || watching || watching != s.watchingShown || !idle.isEmpty ? .redraw : [], idle)
        case let .training(e): return training(&s, e)
        case let .runData(d, messages):
            let newCheckpoint = d.checkpointSteps != s.runData.checkpointSteps
            s.runData = d
            if !s.run.isLive { s.step = max(d.lastStep, s.checkpoints.map(\.step).max() ?? 0) }
            for m in messages { s.note(m, .warning) }
            follow(&s, .runData)
            return (.redraw, newCheckpoint ? [.reloadCheckpoints] : [])
        case let .checkpoints(rows):
            let previous = s.checkpoints
            s.checkpoints = rows
            follow(&s, .checkpoints(previous: previous))
            return (.redraw, [])
        case let .jobProgress(done):
            s.job?.done = done
            return (.redraw, [])
        case let .jobFinished(message, isError):
            s.job = nil
            s.note(message, isError ? .error : .info)
            return (.redraw, [.reloadCheckpoints])
        case let .compared(c):
            s.comparison = c
            s.overlay = .comparison
            return (.redraw, [])
        case let .log(text, level):
            s.note(text, level)
            return (.redraw, [])
        case let .runEvaluating(step):
            s.evaluatingStep = step
            return (.redraw, [])
        case let .runPlanned(plan):
            guard !s.run.isLive else { s.note("a run is live: stop it first (s)", .warning); return (.redraw, []) }
            s.overlay = .asking(.startRun(plan))
            return (.redraw, [])
        case let .opened(info):
            s.workspaceName = info.name
            s.estimatorKind = info.estimatorKind
            s.trainsUntilTreesAreBuilt = info.trainsUntilTreesAreBuilt
            s.device = info.device
            s.targetStep = info.targetStep
            s.evaluateIdle = info.evaluateIdle
            s.logFilePath = info.logFile
            return (.redraw, [])
        case let .otherTrainer(o):
            if let o, o != s.otherTrainer { s.note("another process trains \(s.modelDir): \(o.summary); watching it") }
            if o == nil, let gone = s.otherTrainer {
                // Its lock is free: it ended (or was killed). Its last summaries are not a run going on.
                s.note("pid \(gone.pid) no longer trains \(s.modelDir) (its lock is free)")
                s.otherTrainerEndedAt = s.now
            }
            s.otherTrainer = o
            return (.redraw, [])
        case .described, .workspaceSaved, .workspaceSaveFailed, .workspaceChangedOutside: return workspaceAction(&s, action)
        case let .data(e): return apply(&s, ScreenRegistry.reduce(DataScreen.self, &s, .follow(.data(e))) ?? ScreenResult())
        case let .input(e): return apply(&s, ScreenRegistry.reduce(InputScreen.self, &s, .follow(.input(e))) ?? ScreenResult())
        case let .watch(modelDir, keepBest):
            s.otherTrainer = nil
            s.modelDir = modelDir
            s.runData = RunData()
            s.checkpoints = []
            s.keepBest = keepBest
            follow(&s, .modelDir)
            return (.redraw, [])
        }
    }

    static func training(_ s: inout AppState, _ e: TrainingEvent) -> (Reaction, [Effect]) {
        switch e {
        case let .started(step, target):
            // A stop pressed before training got going stays a stop.
            if s.run != .stopping { s.run = .running }
            s.step = step; s.targetStep = target
            s.note("training from step \(step) to \(target)")
        case let .step(step, loss, eps, sps):
            s.step = step; s.loss = loss; s.examplesPerSec = eps; s.stepsPerSec = sps; s.skipping = nil
        case let .skipping(done, total): s.skipping = BatchSkip(done: done, total: total)
        case let .checkpointSaved(step, _):
            s.step = max(s.step, step)
            return (.redraw, [.reloadCheckpoints])
        case let .evaluated(step, name, metrics):
            let shown = ["accuracy", "auc", "average_loss", "loss"].compactMap { k in metrics[k].map { "\(k) \(String(format: "%.4f", $0))" } }
            s.note("evaluated \(name) at step \(step): " + (shown.isEmpty ? "\(metrics.count) metrics" : shown.joined(separator: ", ")))
            return (.redraw, [.reloadCheckpoints])
        case let .exported(path): s.note("exported \(path)")
        case let .finished(step, loss):
            s.evaluatingStep = nil; s.skipping = nil
            s.step = step
            if let loss { s.loss = loss }
            // A stop asked for by the user ends "stopped at N"; reaching the target (or every tree) "finished at N".
            let byUser = s.run == .stopping && step < s.targetStep
            s.run = byUser ? .stopped(step: step) : .finished(step: step)
            s.localRunEndedAt = s.now
            let treesBuilt = step < s.targetStep && s.trainsUntilTreesAreBuilt
            s.note(byUser ? "training stopped at step \(step) of \(s.targetStep) (s continues)"
                : treesBuilt ? "training finished at step \(step): every tree is built (n_trees)" : "training finished at step \(step)")
            return (.redraw, [.reloadCheckpoints] + retention(&s))
        case let .failed(message):
            s.skipping = nil
            s.run = .failed(message)
            s.localRunEndedAt = s.now
            s.note(message.split(separator: "\n").joined(separator: " · "), .error)
        case let .log(m): s.note(m)
        case let .warning(m): s.note(m, .warning)
        }
        return (.redraw, [])
    }

    /// The keep-best setting applied after a run: delete what is not among the best N (and not the newest).
    static func retention(_ s: inout AppState) -> [Effect] {
        guard let k = s.keepBest else { return [] }
        let scored = s.checkpoints.filter { $0.metrics[k.metric] != nil }
            .sorted { k.higherIsBetter ? $0.metrics[k.metric]! > $1.metrics[k.metric]! : $0.metrics[k.metric]! < $1.metrics[k.metric]! }
        let keep = Set(scored.prefix(k.n).map(\.step) + [s.checkpoints.map(\.step).max()].compactMap { $0 })
        // Checkpoints not evaluated by the metric are never deleted unseen: evaluate them first (:evaluate-all).
        let doomed = scored.filter { !keep.contains($0.step) }
        let unevaluated = s.checkpoints.count - scored.count
        guard !doomed.isEmpty else { return [] }
        s.note("keep-best \(k.n) by \(k.metric): deleting \(doomed.count) evaluated checkpoint(s)"
            + (unevaluated > 0 ? "; \(unevaluated) not evaluated are kept (:evaluate-all)" : ""))
        return [.deleteCheckpoints(prefixes: doomed.map(\.prefix))]
    }

    /// Tells every screen, current or not, that shared state it follows changed; returns the effects they ask for.
    @discardableResult
    static func follow(_ s: inout AppState, _ change: SharedChange) -> [Effect] {
        var effects: [Effect] = []
        for m in ScreenRegistry.modules {
            if let r = ScreenRegistry.reduce(m, &s, .follow(change)) { effects += apply(&s, r).1 }
        }
        return effects
    }

    /// Hands a command to the current screen; one it does not take is refused with a line saying where it works.
    static func toScreen(_ s: inout AppState, _ c: Command, argument: String?) -> (Reaction, [Effect]) {
        guard let r = ScreenRegistry.reduce(ScreenRegistry.module(for: s.screen), &s, .command(c, argument: argument)) else {
            let home = KeyBindings.screens(for: c).map { "\($0.title) (\($0.rawValue))" }.joined(separator: ", ")
            s.note(home.isEmpty ? "\(c.rawValue) does nothing on \(s.screen.title)" : "\(c.rawValue) works on \(home)", .warning)
            return (.redraw, [])
        }
        return apply(&s, r)
    }

    /// Carries out what a screen asked for; its effects follow those of its requests.
    static func apply(_ s: inout AppState, _ r: ScreenResult) -> (Reaction, [Effect]) {
        var effects: [Effect] = []
        for q in r.requests {
            switch q {
            case let .note(text, level): s.note(text, level)
            case let .show(screen): s.screen = screen
            case let .confirm(c): s.overlay = .asking(c)
            case let .palette(text): s.overlay = .palette(text: text, selection: 0)
            case let .startTraining(from):
                // The engine works out the target and model_dir; the run starts after a yes (``Action/runPlanned(_:)``).
                effects.append(.planTraining(from: from))
            case let .evaluate(row):
                guard s.job == nil else { s.note("\(s.job!.title) is still running (Ctrl-C cancels it)", .warning); continue }
                s.job = Job(title: "evaluating step \(row.step)", done: 0)
                effects.append(.evaluate(prefix: row.prefix, step: row.step))
            case let .keepBest(k): s.keepBest = k
            case let .edit(p): s.overlay = .edit(p, text: p.initial)
            case .setWorkspace, .replaceWorkspace, .saveWorkspace, .describe: effects += workspaceRequest(&s, q)
            }
        }
        return (r.reaction, effects + r.effects)
    }
}
