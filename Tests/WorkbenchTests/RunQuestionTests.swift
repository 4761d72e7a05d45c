import Estimators
import Testing
import Workspaces
@testable import Workbench

/// `s`, `r` and `w` ask before a run starts, with the target and the model_dir it writes; a run the user stops
/// reads "stopped at N".
@Suite struct RunQuestionTests {
    @Test func questionsNameTheStepsAndTheModelDir() {
        let resume = RunPlan(start: .resume(prefix: "runs/big/model.ckpt-25500", step: 25_500), modelDir: "flights/runs/big-from-25500",
                             fromStep: 25_500, targetStep: 400_000)
        #expect(resume.question == "Resume from step 25 500 to 400 000 in a new model_dir flights/runs/big-from-25500? "
            + "It first skips the 25 500 batches already trained on (exact resume). (y/n)")
        let warm = RunPlan(start: .warmStart(prefix: "runs/main/model.ckpt-200", step: 200), modelDir: "runs/main-warm-200",
                           fromStep: 0, targetStep: 1000)
        #expect(warm.question == "Warm-start from step 200's weights: train from step 0 to 1 000 in a new model_dir runs/main-warm-200? (y/n)")
        let more = RunPlan(start: .latest, modelDir: "runs/main", fromStep: 1000, targetStep: 2000, extendsFinishedRun: true)
        #expect(more.question == "runs/main is at step 1 000, its target. Train 1 000 more steps, to 2 000? (y/n)")
        let cont = RunPlan(start: .latest, modelDir: "runs/main", fromStep: 500, targetStep: 1000)
        #expect(cont.question == "Continue training from step 500 to 1 000 in runs/main? (y/n)")
        #expect(RunPlan.grouped(0) == "0" && RunPlan.grouped(999) == "999" && RunPlan.grouped(1_234_567) == "1 234 567")
    }

    @Test func noAndEscapeStartNothing() {
        let plan = RunPlan(start: .latest, modelDir: "runs/main", fromStep: 0, targetStep: 100)
        for no in [Key.char("n"), .escape, .ctrl("c")] {
            var s = AppState()
            _ = Reducer.reduce(&s, .runPlanned(plan))
            #expect(Reducer.reduce(&s, .key(no)).1.isEmpty)
            #expect(s.overlay == .none && s.run == .idle && s.log.last?.text == "cancelled")
        }
        // Other keys neither start nor close it; q does not answer a run question.
        var s = AppState()
        _ = Reducer.reduce(&s, .runPlanned(plan))
        #expect(Reducer.reduce(&s, .key(.char("q"))).1.isEmpty && s.run == .idle)
        if case .confirm(.startRun, _, _, _) = s.overlay {} else { Issue.record("the question closed: \(s.overlay)") }
    }

    @Test func aPlanArrivingDuringALiveRunIsRefused() {
        var s = AppState()
        _ = Reducer.reduce(&s, .training(.started(step: 0, targetStep: 100)))
        _ = Reducer.reduce(&s, .runPlanned(RunPlan(start: .latest, modelDir: "runs/main", fromStep: 0, targetStep: 100)))
        #expect(s.overlay == .none && s.log.last?.level == .warning)
    }

    @Test func aRunStoppedByTheUserReadsStoppedNotFinished() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        _ = Reducer.reduce(&s, .training(.started(step: 0, targetStep: 1000)))
        _ = Reducer.reduce(&s, .key(.char("s")))
        #expect(s.run == .stopping)
        _ = Reducer.reduce(&s, .training(.finished(step: 420, loss: 0.3)))
        #expect(s.run == .stopped(step: 420) && s.run.label == "stopped at 420")
        #expect(s.log.last?.text == "training stopped at step 420 of 1000 (s continues)")
        #expect(WorkbenchView.render(s, glyphs: .unicode).text.contains("stopped at 420"))
        // Reaching the target is "finished", as is a stop that came too late to matter.
        _ = Reducer.reduce(&s, .training(.started(step: 420, targetStep: 1000)))
        _ = Reducer.reduce(&s, .training(.finished(step: 1000, loss: 0.2)))
        #expect(s.run == .finished(step: 1000))
    }

    /// An exact resume's long skip shows its progress on the info line until the first step.
    @Test func aResumeSkipShowsItsProgress() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        _ = Reducer.reduce(&s, .training(.skipping(done: 120_000, total: 535_000)))
        #expect(WorkbenchView.render(s, glyphs: .unicode).text.contains("skipping 120 000 / 535 000 batches already trained on (exact resume)"))
        _ = Reducer.reduce(&s, .training(.step(step: 535_001, loss: 0.1, examplesPerSec: 1, stepsPerSec: 1)))
        #expect(s.skipping == nil && !WorkbenchView.render(s, glyphs: .unicode).text.contains("skipping"))
    }

    @Test func helpSaysSpaceMarksAndMovesDown() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        s.screen = .checkpoints
        _ = Reducer.reduce(&s, .key(.char("?")))
        #expect(WorkbenchView.render(s, glyphs: .unicode).text.contains("mark / unmark, then move down (htop)"))
    }
}
