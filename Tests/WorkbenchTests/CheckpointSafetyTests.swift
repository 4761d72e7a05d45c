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
