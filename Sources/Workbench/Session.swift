import Estimators
import Foundation
import Workspaces

/// Actions posted from other threads, taken by the UI loop.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Action] = []
    func post(_ a: Action) { lock.lock(); items.append(a); lock.unlock() }
    func take() -> [Action] { lock.lock(); defer { lock.unlock() }; let i = items; items = []; return i }
}

/// The workbench's driver: owns the state, feeds it actions, carries out the reducer's effects
/// and runs the UI loop over a ``Terminal``.
///
/// It changes the state only through the reducer: what it learns (a file written, a model_dir switched) comes back
/// as an action.
public final class Session {
    public private(set) var state: AppState
    public internal(set) var engine: WorkspaceEngine
    let inbox = Inbox()
    var watcher: RunWatcher
    let clock: () -> Double
    var lastPoll = -Double.infinity, lastCheckpointScan = -Double.infinity, lastTick = -Double.infinity
    /// The model_dir shown before a run started in a new one (`r`, `w`): shown again if that run leaves nothing.
    var modelDirBeforeRun: String?
    /// Seconds between reads of the event files.
    public var pollInterval = 0.25
    /// Every log line also goes here (nil when it could not be opened).
    let logFile: LogFile?
    /// The id of the next log line to write to the file.
    var logWritten = 0
    /// The Data screen's row indexes and computed views (``DataTables``).
    let dataTables = DataTables()

    /// A session on a workspace; `warnings` (e.g. from the theme loader) start the log.
    ///
    /// The log lines are also appended to `logPath` (default: ``LogFile/path(workspaceFolder:)``).
    /// `draft` is the workspace's text when it is not on disk yet (`est open data.csv`); else `workspace.toml` is read.
    public init(workspace: Workspace, device: String, warnings: [String] = [], logPath: String? = nil, draft: WorkspaceDraft? = nil,
                clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) {
        let inbox = self.inbox
        engine = WorkspaceEngine(workspace: workspace) { inbox.post(Action($0)) }
        watcher = RunWatcher(modelDir: workspace.modelDir)
        self.clock = clock
        let path = logPath ?? LogFile.path(workspaceFolder: workspace.folder)
        var logProblem: String?
        // A workspace not written yet gets its log file when it is (nothing is written before a save or a run).
        if draft?.onDisk == nil && draft != nil {
            logFile = nil
        } else {
            do { logFile = try LogFile(path: path) } catch { logFile = nil; logProblem = "could not open the log file \(path): \(error)" }
        }
        // The opening state is folded by the reducer too.
        let trees = workspace.trainsUntilTreesAreBuilt
        let info = WorkspaceInfo(name: workspace.name, estimatorKind: workspace.estimator.kind, trainsUntilTreesAreBuilt: trees, device: device,
                                 targetStep: trees ? 0 : Int64(workspace.steps ?? 0), evaluateIdle: workspace.workbench.evaluateIdle,
                                 logFile: logFile?.path)
        let opening: [Action] = [.tick(now: clock()), .opened(info),
                                 .log("workspace \(workspace.folder) · model_dir \(workspace.modelDir) · s starts training, ? lists keys", .info)]
            + (warnings + [logProblem].compactMap { $0 }).map { .log($0, .warning) }
            + [.watch(modelDir: workspace.modelDir, keepBest: KeepBest.load(modelDir: workspace.modelDir)),
               .checkpoints(WorkspaceEngine.checkpointRows(modelDir: workspace.modelDir))]
        var s = AppState()
        s.draft = draft ?? Self.readDraft(folder: workspace.folder)
        s.data = DataFiles(train: workspace.trainFiles, eval: workspace.evalFiles)
        for a in opening { _ = Reducer.reduce(&s, a) }
        state = s
        writeLog()
        // The data files are indexed from the start, so the Data screen shows its first page at once.
        performData(.open(s.data.all))
    }

    /// What hands an action to the UI loop from any thread (applied at the loop's next turn).
    public var post: @Sendable (Action) -> Void { { [inbox] in inbox.post($0) } }

    /// Applies what other threads posted after the loop ended (lines captured from stderr while the screen was
    /// given back) and waits until the log file has every line.
    public func finish() {
        for a in inbox.take() { dispatch(a) }
        logFile?.flush()
    }

    /// Appends the log lines not written yet to the log file.
    func writeLog() {
        guard let logFile, state.logTotal > logWritten else { return }
        let first = max(logWritten, state.logDropped) - state.logDropped
        logFile.append(Array(state.log[first...]))
        logWritten = state.logTotal
    }

    /// Applies one action and carries out its effects.
    @discardableResult
    public func dispatch(_ a: Action) -> Reaction {
        let (keepBefore, dirBefore) = (state.keepBest, state.modelDir)
        let (reaction, effects) = Reducer.reduce(&state, a)
        writeLog()
        // A setting changed in the same model_dir is saved; another model_dir brings its own.
        if state.keepBest != keepBefore && state.modelDir == dirBefore { saveKeepBest() }
        for e in effects { perform(e) }
        // A new run that failed before its first checkpoint leaves no model_dir (the engine removes it): back to the one before.
        if case .training(.failed) = a, let back = modelDirBeforeRun, !FileManager.default.fileExists(atPath: state.modelDir) {
            modelDirBeforeRun = nil
            let gone = state.modelDir
            watch(back)
            dispatch(.log("\(gone) was not kept (the run failed before its first checkpoint): back to \(back)", .info))
        }
        return reaction
    }

    /// The keep-best setting is saved in the model_dir (`workbench.json`) so it outlives the session.
    func saveKeepBest() {
        let path = KeepBest.path(modelDir: state.modelDir)
        do { try KeepBest.save(state.keepBest, modelDir: state.modelDir) } catch {
            dispatch(.log("could not save the keep-best setting in \(path): \(error)", .error))
        }
    }

    func perform(_ e: Effect) {
        switch e {
        case let .planTraining(from):
            // A run is planned from what the screens show: the draft's settings, not yet written.
            if let d = state.draft, d.isDirty, !state.run.isLive, case let .success(ws) = d.workspace() { use(ws) }
            engine.plan(from, current: state.modelDir)
        case let .startTraining(plan):
            // Confirmed: the draft is written before the run (a draft that cannot be written starts nothing).
            if let d = state.draft, d.isDirty {
                saveWorkspace(d.text, expecting: d.onDisk, then: nil)
                if state.draft?.isDirty != false {
                    dispatch(.training(.failed(message: "not started: \(d.file) could not be written (the log says why)")))
                    return
                }
            }
            let dir = plan.modelDir
            modelDirBeforeRun = dir != state.modelDir ? state.modelDir : nil
            if dir != state.modelDir { watch(dir) }
            switch plan.start {
            case .latest: break
            case let .resume(_, step): dispatch(.log("resuming from step \(step) in a new model_dir \(dir)", .info))
            case let .warmStart(_, step): dispatch(.log("warm-starting a new run from step \(step) in \(dir)", .info))
            }
            // With keep-best on, the run keeps every checkpoint and keep-best trims them after it.
            engine.startTraining(plan, keepAll: state.keepBest != nil)
        case .stopTraining: engine.stopTraining()
        case .quitUnsaved: break
        case let .pauseTraining(p): engine.pauseTraining(p)
        case let .evaluate(prefix, step): engine.evaluate(prefix: prefix, step: step, modelDir: state.modelDir)
        case let .evaluateAll(rows): engine.evaluateAll(rows.map { ($0.prefix, $0.step) }, modelDir: state.modelDir)
        case .cancelJob: engine.cancel()
        case let .compare(a, b): engine.compare(a, b)
        case let .deleteCheckpoints(prefixes):
            let m = CheckpointManager(modelDir: state.modelDir)
            do {
                try m.remove(m.all().filter { prefixes.contains($0.prefix) })
                dispatch(.log("deleted \(prefixes.count) checkpoint(s)", .info))
            } catch { dispatch(.log("could not delete checkpoints: \(error)", .error)) }
            perform(.reloadCheckpoints)
        case let .exportChartCSV(tags): exportCSV(tags)
        case .reloadCheckpoints:
            dispatch(.checkpoints(WorkspaceEngine.checkpointRows(modelDir: state.modelDir)))
            lastCheckpointScan = clock()
        case let .describe(path): describe(path)
        case let .saveWorkspace(text, expecting, then): saveWorkspace(text, expecting: expecting, then: then)
        case let .data(r): performData(r)
        case let .input(r): performInput(r)
        }
    }

    /// Switches the charts and the checkpoint list to another model_dir.
    func watch(_ dir: String) {
        watcher = RunWatcher(modelDir: dir)
        dispatch(.watch(modelDir: dir, keepBest: KeepBest.load(modelDir: dir)))
    }

    func exportCSV(_ tags: [String]) {
        var text = "tag,series,step,wall_time,value,smoothed\n"
        for tag in tags {
            for line in state.chart(tag).lines {
                let values = line.points.map(\.value)
                let smooth = line.smooth ? Smoothing.tensorBoard(values, weight: state.chartView.smoothing) : values
                for (i, p) in line.points.enumerated() {
                    let x = ChartRenderer.x(p, state.chartView.xAxis, origin: state.runData.origin ?? 0)
                    if let w = state.chartView.window, !w.contains(x) { continue }
                    text += "\(tag),\(line.name),\(p.step),\(p.wallTime),\(p.value),\(smooth[i])\n"
                }
            }
        }
        let path = state.modelDir + "/charts-\(Int(clock())).csv"
        do {
            try WorkspaceEngine.writeFile(Data(text.utf8), to: path)
            dispatch(.log("wrote the visible chart data to \(path)", .info))
        } catch { dispatch(.log("could not write \(path): \(error)", .error)) }
    }

    /// Takes what other threads posted and reads new summaries when due; true if anything changed.
    @discardableResult
    public func pump() -> Bool {
        var changed = false
        for a in inbox.take() { if !dispatch(a).isEmpty { changed = true } }
        let now = clock()
        if now - lastTick >= 1 { lastTick = now; if !dispatch(.tick(now: now)).isEmpty { changed = true } }
        if now - lastPoll >= pollInterval {
            lastPoll = now
            let (dataChanged, messages) = watcher.poll()
            if dataChanged || !messages.isEmpty { dispatch(.runData(watcher.data, messages: messages)); changed = true }
        }
        if now - lastCheckpointScan >= 2 {
            let rows = WorkspaceEngine.checkpointRows(modelDir: state.modelDir)
            lastCheckpointScan = now
            if rows != state.checkpoints { dispatch(.checkpoints(rows)); changed = true }
            // The model_dir's lock says whether another process trains there (this process's own runs excepted).
            let other = ModelDirLock.holder(of: state.modelDir).flatMap { h in
                h.isThisProcess ? nil : OtherTrainer(pid: h.pid, summary: h.summary)
            }
            if other != state.otherTrainer { dispatch(.otherTrainer(other)); changed = true }
            if checkWorkspaceOnDisk() { changed = true }
        }
        return changed
    }

    /// The UI loop: a frame right after each key, otherwise at most 10 frames a second and only
    /// on change; returns on quit.
    /// A live run is stopped (and its final checkpoint written) before it returns.
    public func run(on terminal: Terminal, until stop: ((AppState) -> Bool)? = nil, timeout: Double = .infinity) {
        dispatch(.resize(width: terminal.width, height: terminal.height))
        let start = clock()
        var dirty = true, lastFrame = -Double.infinity, quitting = false, quitDeadline = 0.0
        while true {
            if let input = terminal.read(timeoutMs: 25) {
                var reaction: Reaction = []
                switch input {
                case let .key(k): reaction = dispatch(.key(k))
                case let .resize(w, h): reaction = dispatch(.resize(width: w, height: h))
                case .terminate: reaction = .quit; if state.run.isLive { perform(.stopTraining) }
                case .interrupt: reaction = state.job != nil || state.run.isLive ? dispatch(.key(.ctrl("c"))) : .quit
                }
                // Input is answered at once; only data-driven redraws wait for the 10 frames/s budget.
                if reaction.contains(.repaint) { terminal.invalidate() }
                if reaction.contains(.redraw) || reaction.contains(.repaint) { dirty = true; lastFrame = -Double.infinity }
                if reaction.contains(.quit) && !quitting {
                    quitting = true; quitDeadline = clock() + 15
                    if state.run.isLive { dispatch(.log("stopping training before quitting…", .info)); perform(.stopTraining) }
                }
            }
            if pump() { dirty = true }
            let now = clock()
            if quitting && (!state.run.isLive || now > quitDeadline) { break }
            if let stop, stop(state) { break }
            if now - start > timeout { break }
            if dirty && now - lastFrame >= 0.1 {
                terminal.draw(WorkbenchView.render(state, glyphs: terminal.glyphs))
                lastFrame = now; dirty = false
            }
        }
        terminal.draw(WorkbenchView.render(state, glyphs: terminal.glyphs))
    }
}
