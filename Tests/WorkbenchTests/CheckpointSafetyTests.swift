import Estimators
import Testing
import Workspaces
@testable import Workbench

/// No checkpoint lost to a rotation or a clean-up, and the cursor kept where the user was.
@Suite struct CheckpointSafetyTests {
    static func fold(_ s: inout AppState, _ actions: [Action]) -> [Effect] { actions.flatMap { Reducer.reduce(&s, $0).1 } }

    @Test func aRotatedAwaySelectionMovesToItsNeighbourNotTheNewest() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        s.selectedStep = 200
        let rotated = s.checkpoints.filter { $0.step != 0 && $0.step != 200 } + [CheckpointRow(step: 800, prefix: "x/model.ckpt-800",
            wallTime: nil, bytes: 1, metrics: [:])]
        _ = Self.fold(&s, [.checkpoints(rotated)])
        #expect(s.selectedStep == 400)
        // The last row gone: the one above it.
        s.sortKey = "step"; s.sortDescending = true; s.selectedStep = 400
        _ = Self.fold(&s, [.checkpoints(rotated.filter { $0.step != 400 })])
        #expect(s.selectedStep == 600, "display order 800, 600, 400: 400 was last, its neighbour above is 600")
    }
}

extension CheckpointSafetyTests {
    @Test func keepBestNeverDeletesUnevaluatedCheckpointsAndOffersEvaluateAll() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        s.run = .finished(step: 600)
        s.checkpoints += [100, 300, 500].map { CheckpointRow(step: Int64($0), prefix: "r/model.ckpt-\($0)", wallTime: nil, bytes: 1, metrics: [:]) }
        _ = Self.fold(&s, [.key(.char("o")), .key(.char("o")), .key(.char("o")), .command(.keepBest, argument: "1")])
        guard case let .confirm(q, _, _, then) = s.overlay, case let .keepBest(_, doomed, unevaluated) = q else {
            Issue.record("no question: \(s.overlay)"); return
        }
        #expect(doomed.map(\.step) == [200, 400])
        #expect(unevaluated == [0, 100, 300, 500])
        #expect(then == .deleteCheckpoints(prefixes: doomed.map(\.prefix)))
        #expect(q.prompt.contains("2 evaluated would be deleted") && q.prompt.contains("4 are not evaluated") && q.prompt.contains(":evaluate-all"))
        // Esc, then :evaluate-all: one job over the four, oldest first.
        _ = Self.fold(&s, [.key(.escape)])
        let e = Self.fold(&s, [.key(.char(":"))] + "evaluate-all".map { .key(.char($0)) } + [.key(.enter)])
        #expect(e == [.evaluateAll(rows: s.checkpoints.filter { !$0.isEvaluated }.sorted { $0.step < $1.step })])
        #expect(s.job?.title == "evaluating 4 checkpoint(s)")
        #expect(Self.fold(&s, [.command(.evaluateAll, argument: nil)]).isEmpty, "one job at a time")
        #expect(Self.fold(&s, [.key(.ctrl("c"))]) == [.cancelJob])
    }

    @Test func retentionAfterARunKeepsUnevaluatedCheckpoints() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        s.keepBest = KeepBest(n: 1, metric: "accuracy", higherIsBetter: true)
        let e = Self.fold(&s, [.training(.finished(step: 600, loss: 0.1))])
        #expect(e.contains(.deleteCheckpoints(prefixes: [400, 200].map { "workspaces/iris/runs/main/model.ckpt-\($0)" })))
        #expect(s.log.last?.text.contains("1 not evaluated are kept") == true)
    }

    @Test func idleTimeEvaluatesOnlyWhenTheWorkspaceAllowsAndNothingRuns() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        s.runData = RunData()
        s.run = .running
        s.evaluateIdle = true
        #expect(Self.fold(&s, [.tick(now: 10)]).isEmpty, "a run is live")
        s.run = .finished(step: 600)
        s.evaluateIdle = false
        #expect(Self.fold(&s, [.tick(now: 11)]).isEmpty, "the workspace does not allow it")
        s.evaluateIdle = true
        let e = Self.fold(&s, [.tick(now: 12)])
        #expect(e == [.evaluateAll(rows: s.checkpoints.filter { $0.step == 0 })])
        #expect(s.job != nil)
        #expect(Self.fold(&s, [.jobFinished(message: "evaluation failed", isError: true), .tick(now: 13)]) == [.reloadCheckpoints],
                "a checkpoint is tried once, not in a loop")
    }
}
