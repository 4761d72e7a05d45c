import Estimators
import Testing
import Workspaces
@testable import Workbench

/// The reducer fed recorded event sequences and key presses.
@Suite struct ReducerTests {
    static func fold(_ s: inout AppState, _ actions: [Action]) -> [Effect] {
        actions.flatMap { Reducer.reduce(&s, $0).1 }
    }

    /// A short run's events in the shape `Estimator.onEvent` emits them (JourneyTests also folds
    /// events recorded from a real run).
    static let recorded: [TrainingEvent] = [
        .started(step: 0, targetStep: 200),
        .checkpointSaved(step: 0, path: "runs/main/model.ckpt-0"),
        .step(step: 100, loss: 0.41, examplesPerSec: 31_000, stepsPerSec: 980),
        .checkpointSaved(step: 100, path: "runs/main/model.ckpt-100"),
        .evaluated(step: 100, name: "eval", metrics: ["accuracy": 0.9, "average_loss": 0.3, "loss": 0.3, "global_step": 100]),
        .step(step: 200, loss: 0.12, examplesPerSec: 33_000, stepsPerSec: 1010),
        .checkpointSaved(step: 200, path: "runs/main/model.ckpt-200"),
        .evaluated(step: 200, name: "eval", metrics: ["accuracy": 0.9667, "average_loss": 0.1, "loss": 0.1, "global_step": 200]),
        .finished(step: 200, loss: 0.12),
    ]

    @Test func recordedRunEndsFinishedWithItsNumbers() {
        var s = AppState()
        #expect(Self.fold(&s, [.key(.char("s"))]) == [.planTraining(from: .latest)])
        #expect(s.run == .idle)   // nothing starts before a yes
        let plan = RunPlan(start: .latest, modelDir: "runs/main", fromStep: 0, targetStep: 200)
        #expect(Self.fold(&s, [.runPlanned(plan)]).isEmpty && s.overlay == .asking(.startRun(plan)))
        #expect(WorkbenchView.render(s, glyphs: .unicode).text.contains("Train from step 0 to 200 in runs/main? (y/n)"))
        #expect(Self.fold(&s, [.key(.char("y"))]) == [.startTraining(plan)])
        #expect(s.run == .starting && s.overlay == .none)
        var reloads = 0
        for e in Self.recorded {
            reloads += Reducer.reduce(&s, .training(e)).1.filter { $0 == .reloadCheckpoints }.count
            if case .step(100, _, _, _) = e { #expect(s.run == .running && s.step == 100 && s.targetStep == 200) }
        }
        #expect(s.run == .finished(step: 200))
        #expect(s.loss == 0.12 && s.stepsPerSec == 1010 && s.examplesPerSec == 33_000)
        #expect(reloads == 6)   // every checkpoint, evaluation and the end refresh the list
        #expect(s.log.contains { $0.text == "evaluated eval at step 200: accuracy 0.9667, average_loss 0.1000, loss 0.1000" })
    }

    @Test func evaluationsDuringARunAreShown() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        _ = Reducer.reduce(&s, .runEvaluating(step: 600))
        #expect(WorkbenchView.render(s, glyphs: .unicode).text.contains("evaluating step 600…"))
        _ = Reducer.reduce(&s, .runEvaluating(step: nil))
        #expect(!WorkbenchView.render(s, glyphs: .unicode).text.contains("evaluating step"))
    }

    @Test func failureIsShownAndAnotherStartIsAllowed() {
        var s = AppState()
        _ = Self.fold(&s, [.key(.char("s")), .training(.started(step: 0, targetStep: 10)), .training(.failed(message: "Model diverged with loss = NaN at step 3\nhelp: lower the learning rate"))])
        #expect(s.run == .failed("Model diverged with loss = NaN at step 3\nhelp: lower the learning rate"))
        #expect(s.log.last?.level == .error && s.log.last?.text.contains("NaN at step 3 · help") == true)
        #expect(Self.fold(&s, [.key(.char("s"))]) == [.planTraining(from: .latest)])
    }

    @Test func startStopPauseResume() {
        var s = AppState()
        _ = Self.fold(&s, [.key(.char("s")), .training(.started(step: 0, targetStep: 100))])
        #expect(Self.fold(&s, [.key(.char("p"))]) == [.pauseTraining(true)] && s.run == .paused)
        #expect(Self.fold(&s, [.key(.char("p"))]) == [.pauseTraining(false)] && s.run == .running)
        #expect(Self.fold(&s, [.key(.char("s"))]) == [.stopTraining] && s.run == .stopping)
        #expect(Self.fold(&s, [.key(.char("s"))]) == [])   // already stopping
    }

    @Test func quitAsksWhileTrainingAndQuitsOtherwise() {
        var s = AppState()
        #expect(Reducer.reduce(&s, .key(.char("q"))).0.contains(.quit))
        _ = Self.fold(&s, [.key(.char("s")), .training(.started(step: 0, targetStep: 100))])
        let (r, e) = Reducer.reduce(&s, .key(.char("q")))
        #expect(!r.contains(.quit) && e.isEmpty)
        guard case .confirm = s.overlay else { Issue.record("no confirmation"); return }
        _ = Reducer.reduce(&s, .key(.char("n")))
        #expect(s.overlay == .none && s.run == .running)
        _ = Reducer.reduce(&s, .key(.char("q")))
        let (r2, e2) = Reducer.reduce(&s, .key(.char("y")))
        #expect(r2.contains(.quit) && e2 == [.stopTraining])
    }

    @Test func escapeClosesOverlaysAndCtrlCCancels() {
        var s = AppState()
        _ = Self.fold(&s, [.key(.char("?"))])
        #expect(s.overlay == .help)
        _ = Self.fold(&s, [.key(.escape)])
        #expect(s.overlay == .none)
        s.job = Job(title: "evaluating step 5", done: 3)
        #expect(Self.fold(&s, [.key(.ctrl("c"))]) == [.cancelJob] && s.job?.cancelling == true)
        s.job = nil
        _ = Self.fold(&s, [.key(.char("s")), .training(.started(step: 0, targetStep: 100))])
        #expect(Self.fold(&s, [.key(.ctrl("c"))]) == [.stopTraining])
    }

    @Test func chartKeys() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        _ = Self.fold(&s, [.key(.char(">")), .key(.char(">"))])
        #expect(s.chartView.smoothing == 0.9)
        _ = Self.fold(&s, [.key(.char("<"))])
        #expect(s.chartView.smoothing == 0.8)
        _ = Self.fold(&s, [.key(.char("y")), .key(.char("x"))])
        #expect(s.chartView.logY && s.chartView.xAxis == .relative)
        _ = Self.fold(&s, [.key(.char("x")), .key(.char("x"))])
        #expect(s.chartView.xAxis == .step)
        _ = Self.fold(&s, [.key(.char("+"))])
        #expect(s.chartView.window == 305...600)   // the newest half of loss's 10…600
        _ = Self.fold(&s, [.key(.char("h"))])
        #expect(s.chartView.window!.upperBound < 600)
        // Pinned: new data does not move the window; f follows again.
        let pinned = s.chartView.window
        var d = s.runData
        d.train["loss"]!.append(ScalarPoint(step: 700, wallTime: 1007, value: 0.1))
        _ = Reducer.reduce(&s, .runData(d, messages: []))
        #expect(s.chartView.window == pinned)
        _ = Self.fold(&s, [.key(.char("f"))])
        #expect(s.chartView.window == nil)
        #expect(Self.fold(&s, [.key(.char("E"))]) == [.exportChartCSV(tags: s.chartTags)])
    }

    @Test func chartTagsOrderAndFocus() {
        var s = Fixtures.trainingState(width: 80, height: 24)
        #expect(s.chartTags == ["loss", "accuracy", "average_loss", "global_step/sec"])
        _ = Self.fold(&s, [.key(.char("j"))])
        #expect(s.focusedChart == 2)   // two charts across at 80 columns
        _ = Self.fold(&s, [.key(.tab), .key(.char("k"))])
        #expect(s.focusedPane == 1 && s.logScroll == 1)
    }

    @Test func checkpointSelectionMarksSortingAndCompare() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        #expect(s.sortedCheckpoints.map(\.step) == [0, 200, 400, 600])
        _ = Self.fold(&s, [.key(.char("o")), .key(.char("o")), .key(.char("o"))])
        #expect(s.sortKey == "accuracy" && s.sortDescending)
        #expect(s.sortedCheckpoints.map(\.step) == [600, 400, 200, 0])   // unevaluated last
        _ = Self.fold(&s, [.key(.char("O"))])
        #expect(s.sortedCheckpoints.map(\.step) == [200, 400, 600, 0])
        s.selectedStep = 400; s.marked = []
        _ = Self.fold(&s, [.key(.char(" ")), .key(.char(" "))])
        #expect(s.marked == [400, 600] && s.selectedStep == 0)
        let e = Self.fold(&s, [.key(.char("c"))])
        #expect(e.count == 1)
        if case let .compare(a, b) = e[0] { #expect(a.step == 400 && b.step == 600) }
        s.selectedStep = 200
        #expect(Self.fold(&s, [.key(.char("e"))]) == [.evaluate(prefix: "workspaces/iris/runs/main/model.ckpt-200", step: 200)])
        #expect(Self.fold(&s, [.key(.char("e"))]) == [])   // one job at a time
    }

    @Test func resumeAndWarmStartFromACheckpoint() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        s.selectedStep = 400
        #expect(Self.fold(&s, [.key(.char("r"))]) == [.planTraining(from: .resume(prefix: "workspaces/iris/runs/main/model.ckpt-400", step: 400))])
        #expect(s.screen == .train)
        s.run = .finished(step: 600); s.screen = .checkpoints; s.selectedStep = 600
        #expect(Self.fold(&s, [.key(.char("r"))]) == [.planTraining(from: .latest)])
        s.run = .finished(step: 600); s.screen = .checkpoints; s.selectedStep = 200
        #expect(Self.fold(&s, [.key(.char("w"))]) == [.planTraining(from: .warmStart(prefix: "workspaces/iris/runs/main/model.ckpt-200", step: 200))])
        // Refused on a live run.
        s.screen = .checkpoints; s.run = .running
        #expect(Self.fold(&s, [.key(.char("w"))]) == [])
    }

    @Test func keepBestAsksForATypedConfirmation() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        _ = Self.fold(&s, [.key(.char("o")), .key(.char("o")), .key(.char("o"))])   // accuracy, best first
        _ = Self.fold(&s, [.command(.keepBest, argument: "1")])
        guard case let .confirm(_, expected, _, then) = s.overlay else { Issue.record("no confirmation"); return }
        #expect(expected == "delete")
        // Keeps the best (600, also the latest): deletes 200 and 400; 0 is not evaluated and stays.
        #expect(then == .deleteCheckpoints(prefixes: [200, 400].map { "workspaces/iris/runs/main/model.ckpt-\($0)" }))
        #expect(Self.fold(&s, [.key(.char("d")), .key(.char("e")), .key(.enter)]) == [])   // wrong word: nothing deleted
        _ = Self.fold(&s, [.command(.keepBest, argument: "1")])
        #expect(Self.fold(&s, "delete".map { .key(.char($0)) } + [.key(.enter)]) == [then])
        s.run = .running
        _ = Self.fold(&s, [.command(.keepBest, argument: "1")])
        #expect(s.overlay == .none && s.log.last?.text.contains("refused") == true)
    }

    @Test func paletteRunsCommandsByName() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        _ = Self.fold(&s, [.key(.char(":"))] + "log-y".map { .key(.char($0)) } + [.key(.enter)])
        #expect(s.chartView.logY && s.overlay == .none)
        _ = Self.fold(&s, [.key(.char(":"))] + "smoothing-more 0.95".map { .key(.char($0)) } + [.key(.enter)])
        #expect(s.chartView.smoothing == 0.95)
        _ = Self.fold(&s, [.key(.char(":"))] + "nonsense".map { .key(.char($0)) } + [.key(.enter)])
        #expect(s.log.last?.level == .warning)
        #expect(Reducer.paletteMatches("zoom") == [.zoomIn, .zoomOut])
    }

    @Test func mouseSelectsTabsRowsAndCharts() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        let l = Layout.compute(s)
        _ = Reducer.reduce(&s, .key(.click(x: l.table.x + 5, y: l.table.y + 2)))   // first data row
        #expect(s.selectedStep == 0)
        _ = Reducer.reduce(&s, .key(.wheelDown(x: 10, y: 10)))
        #expect(s.selectedStep == 200)
        _ = Reducer.reduce(&s, .key(.click(x: l.tabs[.train]!.lowerBound + 1, y: 0)))
        #expect(s.screen == .train)
        let charts = Layout.compute(s).charts
        _ = Reducer.reduce(&s, .key(.click(x: charts[1].x + 3, y: charts[1].y + 3)))
        #expect(s.focusedChart == 1)
    }

    @Test func reviewFixes() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        // q on a screen other than Train goes back to Train first.
        _ = Self.fold(&s, [.key(.char("q"))])
        #expect(s.screen == .train)
        // Space on the last row moves up, so Space Space marks two.
        s.screen = .checkpoints; s.marked = []; s.selectedStep = 600
        _ = Self.fold(&s, [.key(.char(" ")), .key(.char(" "))])
        #expect(Set(s.marked) == [600, 400])
        // keep-best needs a metric to rank by.
        s.sortKey = "step"
        _ = Self.fold(&s, [.command(.keepBest, argument: "2")])
        #expect(s.overlay == .none && s.log.last?.text.contains("sort by one first") == true)
        s.sortKey = "label/mean"
        _ = Self.fold(&s, [.key(.char("K"))])
        #expect(s.overlay == .none && s.log.last?.text.contains("quality metric") == true)
        // A stop pressed before the run's first event stays a stop.
        var t = AppState()
        let plan = RunPlan(start: .latest, modelDir: "runs/main", fromStep: 0, targetStep: 10)
        _ = Self.fold(&t, [.key(.char("s")), .runPlanned(plan), .key(.char("y")), .key(.char("s")), .training(.started(step: 0, targetStep: 10))])
        #expect(t.run == .stopping)
        // Control characters never reach the log pane.
        t.note("bad\u{0D}\u{15}name")
        #expect(t.log.last?.text == "bad  name")
        #expect(higherIsBetter("accuracy_baseline") == nil && higherIsBetter("label/mean") == nil && higherIsBetter("accuracy") == true)
    }

    @Test func filterChartsAndCheckpoints() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        _ = Self.fold(&s, [.key(.char("/"))] + "loss".map { .key(.char($0)) } + [.key(.enter)])
        #expect(s.filter == "loss" && s.chartTags == ["loss", "average_loss"])
        _ = Self.fold(&s, [.key(.char("/"))] + [.key(.backspace), .key(.backspace), .key(.backspace), .key(.backspace)] + "!loss".map { .key(.char($0)) } + [.key(.enter)])
        #expect(s.chartTags == ["accuracy", "global_step/sec"])
        _ = Self.fold(&s, [.key(.char("n"))])
        #expect(s.focusedChart == 1)
        // Checkpoints: rows whose text matches; keep-best still ranks every row.
        s.screen = .checkpoints
        s.filter = "step=(2|4)00"
        #expect(s.sortedCheckpoints.map(\.step) == [200, 400])
        #expect(s.allSortedCheckpoints.count == 4)
        // The prompt starts empty.
        _ = Self.fold(&s, [.key(.char("/")), .key(.char("(")), .key(.enter)])   // not a regex: plain text, with a warning
        #expect(s.filter == "(" && s.log.last?.level == .warning && s.sortedCheckpoints.isEmpty)
        _ = Self.fold(&s, [.key(.char("/")), .key(.enter)])
        #expect(s.filter == nil && s.sortedCheckpoints.count == 4)
    }

    @Test func ownFinishedRunIsNotTrainingElsewhere() {
        var s = AppState()
        s.now = 5000
        var d = RunData()
        d.train["loss"] = [ScalarPoint(step: 10, wallTime: 4990, value: 1)]
        _ = Reducer.reduce(&s, .runData(d, messages: []))
        #expect(s.isWatchingElsewhere)   // another process wrote that 10 s ago
        _ = Self.fold(&s, [.key(.char("s")), .training(.started(step: 10, targetStep: 20)), .training(.finished(step: 20, loss: 0.5))])
        d.train["loss"]!.append(ScalarPoint(step: 20, wallTime: 4999, value: 0.5))
        _ = Reducer.reduce(&s, .runData(d, messages: []))
        #expect(!s.isWatchingElsewhere)   // those were ours
        // Another process writes again: s goes to the engine, where the model_dir's lock (not this guess) refuses
        // a second trainer with the holder's pid; the run then reads failed, not starting.
        s.now = 6000
        d.train["loss"]!.append(ScalarPoint(step: 30, wallTime: 5995, value: 0.4))
        _ = Reducer.reduce(&s, .runData(d, messages: []))
        #expect(s.isWatchingElsewhere)
        #expect(Self.fold(&s, [.key(.char("s"))]) == [.planTraining(from: .latest)])
        _ = Self.fold(&s, [.training(.failed(message: "error: model_dir d is being trained by pid 1234 on host h (est train, since 14:02:11)"))])
        #expect(s.run.isLive == false && s.log.last?.text.contains("pid 1234") == true)
        // Its clean end (SessionLog STOP) ends the watching at once.
        d.stoppedAt = 5996
        _ = Reducer.reduce(&s, .runData(d, messages: []))
        #expect(!s.isWatchingElsewhere)
        let (r, _) = Reducer.reduce(&s, .tick(now: 5100))
        #expect(r.isEmpty)
    }

    @Test func checkpointColumnsFitScrollAndKeepTheSortColumn() {
        let cols = (0..<8).map { "metric\($0)" }   // 11 cells each
        #expect(CheckpointsView.visibleColumns(cols, from: 0, keeping: "step", room: 35) == ["metric0", "metric1", "metric2"])
        #expect(CheckpointsView.visibleColumns(cols, from: 2, keeping: "step", room: 35) == ["metric2", "metric3", "metric4"])
        // Scrolled past the end: earlier columns fill the room.
        #expect(CheckpointsView.visibleColumns(cols, from: 7, keeping: "step", room: 35) == ["metric5", "metric6", "metric7"])
        // The sort column is always shown.
        #expect(CheckpointsView.visibleColumns(cols, from: 0, keeping: "metric6", room: 35) == ["metric4", "metric5", "metric6"])
        #expect(CheckpointsView.visibleColumns(cols, from: 5, keeping: "metric1", room: 35) == ["metric1", "metric2", "metric3"])
    }

    @Test func watcherMessagesGoToTheLog() {
        var s = AppState()
        _ = Reducer.reduce(&s, .runData(RunData(), messages: ["runs/main was deleted; the charts keep what was read"]))
        #expect(s.log.last == LogLine(time: 0, level: .warning, text: "runs/main was deleted; the charts keep what was read"))
    }
}
