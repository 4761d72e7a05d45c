import Testing
@testable import Workbench

/// TensorBoard's smoothing, checked with the test vectors of docs/tui.md.
@Suite struct SmoothingTests {
    @Test func tensorBoardVectors() {
        #expect(Smoothing.tensorBoard([1, 2, 3], weight: 0.6) == [1.0, 1.625, 2.3265306122448983])
        let nan = Smoothing.tensorBoard([1, .nan, 3], weight: 0.6)
        #expect(nan[0] == 1.0 && nan[1].isNaN && nan[2] == 2.25)
        #expect(Smoothing.tensorBoard([0, 10, 0, 10], weight: 0.9) == [0.0, 5.2631578947368425, 3.3210332103321036, 5.263157894736842])
    }

    @Test func constantSeriesIsUntouchedAndWeightIsClamped() {
        #expect(Smoothing.tensorBoard([2, 2, 2], weight: 0.9) == [2, 2, 2])
        #expect(Smoothing.tensorBoard([1, 2], weight: 0) == [1, 2])
        // Weight 1 would freeze the average; TensorBoard caps it at 0.999.
        let capped = Smoothing.tensorBoard([0, 1], weight: 5)
        #expect(capped[1] > 0 && capped[1] < 1)
        let inf = Smoothing.tensorBoard([1, .infinity, 1, 3], weight: 0.5)
        #expect(inf[1] == .infinity && inf[2] == 1)
    }

    @Test func envelopeKeepsEveryExtreme() {
        // 1000 points into 10 columns: a single spike must survive (sampling would lose it).
        var ys = [Double](repeating: 0, count: 1000)
        ys[537] = 9
        let env = minMaxEnvelope(xs: (0..<1000).map(Double.init), ys: ys, range: 0...999, columns: 10)
        #expect(env.compactMap { $0 }.count == 10)
        #expect(env.compactMap { $0?.max }.max() == 9)
        #expect(env[5]?.max == 9 && env[5]?.min == 0)
        #expect(env.filter { ($0?.max ?? 0) == 9 }.count == 1)
    }
}
