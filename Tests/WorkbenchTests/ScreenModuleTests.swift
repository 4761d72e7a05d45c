import Estimators
import Testing
import Workspaces
@testable import Workbench

/// The screens as modules: each reducer alone on its own state, the root routing commands to the current screen
/// only, the registry complete, questions typed.
@Suite struct ScreenModuleTests {
    @Test func everyScreenHasExactlyOneModule() {
        let listed = ScreenRegistry.modules.flatMap { $0.screens }
        #expect(listed.sorted { $0.rawValue < $1.rawValue } == Screen.allCases)
        for screen in Screen.allCases {
            #expect(ScreenRegistry.module(for: screen).screens.contains(screen), "\(screen) is drawn by a module that does not list it")
        }
        #expect(Screen.allCases.filter(\.isBuilt) == [.data, .model, .input, .train, .checkpoints])
    }

    @Test func trainReducerAloneOnItsState() {
        let app = Fixtures.trainingState(width: 120, height: 40)
        var t = TrainScreen.State()
        #expect(TrainScreen.reduce(&t, .command(.logY, argument: nil), app: app) == ScreenResult())
        #expect(TrainScreen.reduce(&t, .command(.smoothingMore, argument: "0.9"), app: app) != nil)
        #expect(t.chartView.logY && t.chartView.smoothing == 0.9)
        _ = TrainScreen.reduce(&t, .command(.down, argument: nil), app: app)
        #expect(t.focusedChart == Layout.compute(app).chartColumns && t.focusedChart > 1)   // a row down
        #expect(TrainScreen.reduce(&t, .command(.exportChartCSV, argument: nil), app: app)?.effects == [.exportChartCSV(tags: app.chartTags)])
        // Not its commands: the root says where they work.
        #expect(TrainScreen.reduce(&t, .command(.evaluate, argument: nil), app: app) == nil)
        #expect(TrainScreen.reduce(&t, .command(.sortNext, argument: nil), app: app) == nil)
        // Shared state it follows: fewer charts clamp the focus, a new filter starts at the first.
        var fewer = app
        fewer.filter = "accuracy"
        _ = TrainScreen.reduce(&t, .follow(.runData), app: fewer)
        #expect(t.focusedChart == 0)
        t.focusedChart = 2
        _ = TrainScreen.reduce(&t, .follow(.filter), app: app)
        #expect(t.focusedChart == 0)
    }

    @Test func checkpointsReducerAloneOnItsState() {
        let app = Fixtures.checkpointState(width: 120, height: 40)
        var c = CheckpointsScreen.State()
        c.selectedStep = 200
        _ = CheckpointsScreen.reduce(&c, .command(.down, argument: nil), app: app)
        #expect(c.selectedStep == 400)
        _ = CheckpointsScreen.reduce(&c, .command(.sortNext, argument: nil), app: app)
        #expect(c.sortKey == "time")
        // Work it cannot do itself is asked of the root, not done.
        c.sortKey = "step"
        let row = app.checkpoints.first { $0.step == 400 }!
        #expect(CheckpointsScreen.reduce(&c, .command(.evaluate, argument: nil), app: app)?.requests == [.evaluate(row)])
        let resume = CheckpointsScreen.reduce(&c, .command(.resume, argument: nil), app: app)
        #expect(resume?.requests == [.startTraining(from: .resume(prefix: row.prefix, step: 400)), .show(.train)])
        #expect(CheckpointsScreen.reduce(&c, .command(.logY, argument: nil), app: app) == nil)
        // A selection on the newest checkpoint follows a newer one; marks of deleted ones go.
        c.selectedStep = 600; c.marked = [0, 200]
        var grown = app
        grown.checkpoints = app.checkpoints.filter { $0.step != 0 }
            + [CheckpointRow(step: 800, prefix: "workspaces/iris/runs/main/model.ckpt-800", wallTime: nil, bytes: 2970, metrics: [:])]
        _ = CheckpointsScreen.reduce(&c, .follow(.checkpoints(previous: app.checkpoints)), app: grown)
        #expect(c.selectedStep == 800 && c.marked == [200])
        _ = CheckpointsScreen.reduce(&c, .follow(.modelDir), app: grown)
        #expect(c.selectedStep == nil && c.marked.isEmpty)
    }

    @Test func aCommandForAnotherScreenIsNotApplied() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        let train = s.trainScreen
        _ = Reducer.reduce(&s, .command(.logY, argument: nil))
        _ = Reducer.reduce(&s, .key(.tab))
        #expect(s.trainScreen == train)
        #expect(s.log.last?.text == "toggle-log-y works on Train (4)" && s.log.last?.level == .warning)
        s.screen = .train
        let checkpoints = s.checkpointsScreen
        _ = Reducer.reduce(&s, .command(.sortNext, argument: nil))
        #expect(Reducer.reduce(&s, .command(.evaluate, argument: nil)).1.isEmpty && s.job == nil)
        #expect(s.checkpointsScreen == checkpoints)
        // The placeholders take moving keys and nothing else.
        s.screen = .runs
        let before = s
        _ = Reducer.reduce(&s, .key(.char("n")))
        _ = Reducer.reduce(&s, .key(.char("j")))
        #expect(s == before)
    }

    @Test func sharedChangesReachScreensThatAreNotShown() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        s.selectedStep = 600
        _ = Reducer.reduce(&s, .watch(modelDir: "workspaces/iris/runs/main-from-200", keepBest: nil))
        #expect(s.checkpoints.isEmpty && s.selectedStep == nil && s.runData.train.isEmpty && s.modelDir.hasSuffix("-from-200"))
        let rows = Fixtures.checkpointState(width: 120, height: 40).checkpoints
        _ = Reducer.reduce(&s, .checkpoints(rows))
        #expect(s.screen == .train && s.selectedStep == 600)
    }

    @Test func questionsAreTypedNotRecognisedByTheirText() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        _ = ReducerTests.fold(&s, [.key(.char("o")), .key(.char("o")), .key(.char("o")), .command(.keepBest, argument: "2")])
        let doomed = s.checkpoints.filter { [200].contains($0.step) }
        let question = Confirmation.keepBest(KeepBest(n: 2, metric: "accuracy", higherIsBetter: true), deleting: doomed, unevaluated: [0])
        #expect(s.overlay == .asking(question))
        #expect(question.prompt.hasPrefix("1 evaluated would be deleted (steps 200), keeping the best 2 by accuracy") && !question.isYesNo)
        // y is a letter of the word here, not a yes.
        #expect(ReducerTests.fold(&s, [.key(.char("y"))]).isEmpty)
        #expect(s.overlay == .confirm(question, expected: "delete", typed: "y", then: question.effect))
        _ = Reducer.reduce(&s, .key(.escape))
        s.run = .running; s.screen = .train
        _ = Reducer.reduce(&s, .key(.char("q")))
        #expect(s.overlay == .asking(.quitWhileTraining))
        #expect(Reducer.reduce(&s, .key(.char("y"))) == (.quit, [.stopTraining]))
    }

    @Test func theRootCarriesOutRequests() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        let row = s.checkpoints[0]
        #expect(Reducer.apply(&s, ScreenResult(requests: [.evaluate(row)])).1 == [.evaluate(prefix: row.prefix, step: row.step)])
        #expect(s.job?.title == "evaluating step \(row.step)")
        // One job at a time.
        #expect(Reducer.apply(&s, ScreenResult(requests: [.evaluate(row)])).1.isEmpty)
        #expect(s.log.last?.text.contains("still running") == true)
        // A start is planned first (the question comes with the plan); the run state waits for the yes.
        let before = s.run
        let (_, effects) = Reducer.apply(&s, ScreenResult(requests: [.startTraining(from: .latest), .show(.train), .note("hello", .info)]))
        #expect(effects == [.planTraining(from: .latest)] && s.run == before && s.screen == .train && s.log.last?.text == "hello")
    }

    @Test func boostedTreesAreAFlagOfTheWorkspaceNotAKindString() {
        for trees in [false, true] {
            var s = AppState()
            let info = WorkspaceInfo(name: "iris", estimatorKind: "Whatever", trainsUntilTreesAreBuilt: trees, device: "cpu",
                                     targetStep: trees ? 0 : 100)
            _ = ReducerTests.fold(&s, [.opened(info), .key(.char("s")), .training(.started(step: 0, targetStep: 100)),
                                       .training(.finished(step: 40, loss: nil))])
            #expect(s.log.last?.text == (trees ? "training finished at step 40: every tree is built (n_trees)" : "training finished at step 40"))
            #expect(s.workspaceName == "iris" && s.trainsUntilTreesAreBuilt == trees)
        }
    }

    @Test func placeholdersSayWhatDoesTheirJobMeanwhile() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        let cases = [(Screen.export, "export issue"), (.runs, "est checkpoints")]
        for (screen, cli) in cases {
            s.screen = screen
            let text = WorkbenchView.render(s, glyphs: .unicode).text
            #expect(text.contains("The \(screen.title) screen comes with the workbench's part 2.") && text.contains(cli))
        }
    }
}
