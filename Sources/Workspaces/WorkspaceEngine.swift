import Datasets
import Estimators
import Foundation
import Tensors

/// The work behind the workbench's keys, on threads of its own: training, evaluating a
/// checkpoint, comparing two. Results come back as ``EngineEvent`` values through `send`.
public final class WorkspaceEngine: @unchecked Sendable {
    public let workspace: Workspace
    let send: @Sendable (EngineEvent) -> Void
    let lock = NSCondition()
    private var stopRequested = false
    private var paused = false
    var cancelJob = false
    /// The model_dirs whose difference from the workspace the log has said (once a session each).
    var notedModelDirs: Set<String> = []
    private var statistics: [ColumnStatistics]? = nil
    private var rows = 0

    public init(workspace: Workspace, send: @escaping @Sendable (EngineEvent) -> Void) {
        (self.workspace, self.send) = (workspace, send)
    }

    /// The model_dir a start point trains in: `current` (the one on screen), or a new sibling for a branch.
    public func modelDir(for start: RunStart, current: String) -> String {
        switch start {
        case .latest: return current
        case let .resume(_, step): return uniqueDir(workspace.modelDir + "-from-\(step)")
        case let .warmStart(_, step): return uniqueDir(workspace.modelDir + "-warm-\(step)")
        }
    }

    func uniqueDir(_ base: String) -> String {
        var d = base, n = 2
        while FileManager.default.fileExists(atPath: d) { d = base + "-\(n)"; n += 1 }
        return d
    }

    func stats() throws -> (Int, [ColumnStatistics]) {
        lock.lock(); defer { lock.unlock() }
        if let s = statistics { return (rows, s) }
        let (r, s) = try workspace.trainStatistics()
        (rows, statistics) = (r, s)
        return (r, s)
    }

    /// Trains `plan` on a thread of its own, evaluating at checkpoints (about 20 times a run at
    /// most) so the charts get eval points. Without eval data it trains without evaluations; an
    /// evaluation that fails is reported once and training goes on without them.
    public func startTraining(_ plan: RunPlan, keepAll: Bool = false) {
        lock.lock(); stopRequested = false; paused = false; lock.unlock()
        let t = Thread { [self] in
            // A new model_dir (r, w) that gets no checkpoint is removed when the run fails: no empty run is left behind.
            let isNew = plan.start != .latest && !FileManager.default.fileExists(atPath: plan.modelDir)
            do {
                let dir = plan.modelDir
                // A branch is locked before its files are copied in; training then uses that lock.
                var lock: ModelDirLock? = nil
                defer { lock?.release() }
                if case let .resume(prefix, _) = plan.start {
                    lock = try ModelDirLock.acquire(modelDir: dir)
                    try branch(from: prefix, into: dir)
                }
                let (_, stats) = try stats()
                var ws = workspace
                if keepAll { ws.run.keepCheckpointMax = nil }
                // A model_dir continues the model its estimator.json records (a note says how it differs from the
                // workspace), unless a --set estimator.… asks for another model.
                let est = try ws.trainingEstimator(modelDir: dir, statistics: { stats }, note: noteOnce(dir))
                if case let .warmStart(prefix, _) = plan.start { est.warmStart = WarmStartSettings(checkpoint: prefix) }
                est.heldLock = lock
                let send = self.send
                est.onEvent = { e in
                    // A failure is reported once, by the catch below (a refused lock, or a clash said for the workbench),
                    // not also by the estimator.
                    if case .failed = e { return }
                    send(.training(e))
                }
                est.shouldStop = { [weak self] in self?.isStopRequested() ?? true }
                let current = CheckpointManager(modelDir: dir).latest?.step ?? 0
                let target = Int(plan.targetStep)
                if Int(current) >= target {
                    send(.log("already at step \(current) ≥ the planned target \(target) (trained elsewhere meanwhile): nothing to train", .info))
                } else if plan.extendsFinishedRun {
                    send(.log("already at step \(current): training \(target - Int(current)) more steps", .info))
                }
                var listeners: [CheckpointSaverListener] = []
                if let input = try? workspace.evalInput() {
                    // About 20 evaluations a run, then the final checkpoint's (inside the run, under its lock).
                    let every = max(1, Int64(target - Int(current)) / 20)
                    listeners.append(Self.evaluator(est, input: input, cadence: .everySteps(every), send: send))
                } else {
                    send(.log("no eval data in workspace.toml ([data] eval): training without evaluations", .warning))
                }
                try est.train(input: workspace.trainInput, maxSteps: target, hooks: [ControlHook(engine: self)], savingListeners: listeners)
            } catch let e as EstimatorError where e.freeModelDir != nil {
                if isNew { removeIfEmpty(plan.modelDir) }
                send(.training(.failed(message: clashMessage(e))))
            } catch {
                if isNew { removeIfEmpty(plan.modelDir) }
                send(.training(.failed(message: "\(error)")))
            }
        }
        t.name = "est-train"
        t.start()
    }

    /// The evaluator of a workbench run: reports "evaluating" while it works, and a failure once as a warning.
    static func evaluator(_ est: Estimator, input: InputFn, cadence: CheckpointEvaluator.Cadence,
                          send: @escaping @Sendable (EngineEvent) -> Void) -> CheckpointEvaluator {
        let e = CheckpointEvaluator(estimator: est, input: input, cadence: cadence)
        e.onEvaluating = { send(.evaluating(step: $0)) }
        e.onFinalEvaluation = { send(.log("evaluating the final checkpoint (step \($0))…", .info)) }
        e.onFailure = { error in
            send(.log("evaluation failed, training goes on without evaluations: \(error)".split(separator: "\n").joined(separator: " · "),
                .warning))
        }
        return e
    }

    /// Copies a checkpoint, its sidecar and the model description into a new model_dir whose
    /// state file names that checkpoint: training there continues from it.
    func branch(from prefix: String, into dir: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let name = (prefix as NSString).lastPathComponent
        for ext in [".safetensors", ".json"] where fm.fileExists(atPath: prefix + ext) {
            try fm.copyItem(atPath: prefix + ext, toPath: dir + "/" + name + ext)
        }
        let source = (prefix as NSString).deletingLastPathComponent
        if fm.fileExists(atPath: source + "/estimator.json") { try fm.copyItem(atPath: source + "/estimator.json", toPath: dir + "/estimator.json") }
        let m = CheckpointManager(modelDir: dir)
        guard let c = m.all().first else {
            throw EstimatorError("could not copy \(prefix) into \(dir)", hint: "check the disk space and permissions")
        }
        try m.writeState([c])
    }

    /// Removes a model_dir a run created when it holds no checkpoint (only the lock, an event file, estimator.json).
    func removeIfEmpty(_ dir: String) {
        guard FileManager.default.fileExists(atPath: dir), CheckpointManager(modelDir: dir).all().isEmpty else { return }
        do {
            try FileManager.default.removeItem(atPath: dir)
            send(.log("removed \(dir): the run failed before its first checkpoint", .info))
        } catch {
            send(.log("could not remove the empty model_dir \(dir): \(error.localizedDescription)", .warning))
        }
    }

    public func stopTraining() { lock.lock(); stopRequested = true; paused = false; lock.broadcast(); lock.unlock() }
    public func pauseTraining(_ p: Bool) { lock.lock(); paused = p; lock.broadcast(); lock.unlock() }

    func isStopRequested() -> Bool { lock.lock(); defer { lock.unlock() }; return stopRequested }

    /// Blocks while paused; true when training should stop.
    func waitIfPaused() -> Bool {
        lock.lock(); defer { lock.unlock() }
        while paused && !stopRequested { _ = lock.wait(until: Date().addingTimeInterval(0.2)) }
        return stopRequested
    }

    final class ControlHook: TrainingHook {
        let engine: WorkspaceEngine
        init(engine: WorkspaceEngine) { self.engine = engine }
        func beforeStep(_ c: HookContext) throws { if engine.waitIfPaused() { throw StopTraining("stopped from the workbench") } }
        func afterStep(_ c: HookContext) throws { if engine.waitIfPaused() { throw StopTraining("stopped from the workbench") } }
    }

    struct Cancelled: Error, CustomStringConvertible { var description: String { "cancelled" } }

    /// The estimator of `modelDir` (from its estimator.json) and the workspace's eval input for a job: each batch is
    /// progress, a cancel stops it between batches, and the estimator's warnings ("evaluated without recording":
    /// another process trains this model_dir) are warnings in the log.
    func evaluationJob(modelDir: String) throws -> (Estimator, InputFn) {
        let est = try workspace.modelDirEstimator(modelDir, statistics: { try self.stats().1 }, note: noteOnce(modelDir))
        let input = try workspace.evalInput()
        est.onEvent = { [send] e in
            if case let .warning(m) = e { send(.log(m, .warning)) }
        }
        let counter = Counter()
        let wrapped = InputFn(label: input.label) { [self] in
            try input.make().map { [self] t in
                if isCancelled() { throw Cancelled() }
                send(.jobProgress(done: counter.next()))
                return t
            }
        }
        return (est, wrapped)
    }

    /// Evaluates one checkpoint on the workspace's eval data; progress per batch; cancellable.
    public func evaluate(prefix: String, step: Int64, modelDir: String) {
        lock.lock(); cancelJob = false; lock.unlock()
        let t = Thread { [self] in
            do {
                let (est, input) = try evaluationJob(modelDir: modelDir)
                let m = try est.evaluate(input: input, checkpoint: prefix)
                let shown = m.keys.sorted().filter { $0 != "global_step" }.prefix(4).map { "\($0) \(String(format: "%.4f", m[$0]!))" }
                send(.jobFinished(message: "evaluated step \(step): " + shown.joined(separator: ", "), isError: false))
            } catch is Cancelled {
                send(.jobFinished(message: "evaluation of step \(step) cancelled", isError: false))
            } catch {
                send(.jobFinished(message: "evaluation of step \(step) failed: \(error)".split(separator: "\n").joined(separator: " · "),
                    isError: true))
            }
        }
        t.name = "est-evaluate"
        t.start()
    }

    public func cancel() { lock.lock(); cancelJob = true; lock.unlock() }
    func isCancelled() -> Bool { lock.lock(); defer { lock.unlock() }; return cancelJob }

    /// Metric deltas and per-variable L2 change between two checkpoints (model variables only).
    public func compare(_ a: CheckpointRow, _ b: CheckpointRow) {
        let t = Thread { [self] in
            do {
                let backend = Backends.default
                let fa = try SafeTensors.read(from: URL(fileURLWithPath: a.prefix + ".safetensors"), on: backend)
                let fb = try SafeTensors.read(from: URL(fileURLWithPath: b.prefix + ".safetensors"), on: backend)
                let tb = Dictionary(fb.tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { x, _ in x })
                var vars: [(name: String, change: Double, norm: Double)] = []
                for (name, ta) in fa.tensors where !name.hasPrefix("training/") && name != "global_step" {
                    guard let other = tb[name], other.shape == ta.shape else { continue }
                    // Only float weights; values that are not finite (bucket boundaries padded with
                    // infinities) are left out of both norms.
                    guard ta.dtype == .float32 || ta.dtype == .float64 else { continue }
                    let x = ta.doubles, y = other.doubles
                    var d = 0.0, n = 0.0
                    for i in x.indices where x[i].isFinite && y[i].isFinite { d += (y[i] - x[i]) * (y[i] - x[i]); n += x[i] * x[i] }
                    vars.append((name, d.squareRoot(), n.squareRoot()))
                }
                let names = Set(a.metrics.keys).union(b.metrics.keys).subtracting(["global_step"]).sorted()
                send(.compared(Comparison(a: a.step, b: b.step, metricDeltas: names.map { ($0, a.metrics[$0], b.metrics[$0]) }, variables: vars)))
            } catch {
                send(.log("compare failed: \(error)", .error))
            }
        }
        t.start()
    }

    /// Writes `data` to `path` atomically (temporary file, then rename), creating its folder: how the
    /// workbench saves its settings and chart exports without a half-written file.
    public static func writeFile(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try AtomicFile.write(data, to: URL(fileURLWithPath: path))
    }

    /// Every checkpoint of `modelDir` with its sidecar's evaluations.
    public static func checkpointRows(modelDir: String) -> [CheckpointRow] {
        let m = CheckpointManager(modelDir: modelDir)
        return m.all().map { c in
            let side = m.sidecar(c), metrics = m.metrics(c)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: c.path)[.size] as? Int) ?? 0
            return CheckpointRow(step: c.step, prefix: c.prefix, wallTime: side["wall_time"] as? Double, bytes: bytes, metrics: metrics,
                                 isReadable: CheckpointRow.looksReadable(c.path, bytes: bytes))
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
