import Testing
import Tensors
import TestSupport

/// Data moves between backends only by explicit copies.
@Suite struct IsolationTests {
    @Test func opsAndGradientsNeverTransfer() {
        let device = IsolatedBackend(name: "isolated-transfers")
        var rng = RandomGenerator(seed: 1)
        let x = rng.normal([8, 3], on: device)
        let w = Variable(rng.normal([3, 4], on: device), name: "w")
        let ids = Tensor([1, 0, 1] as [Int64], on: device)  // 1 upload
        #expect(device.transfers.uploads == 1)
        let tape = GradientTape()
        let loss = tape.record {
            let h = Tensor.matmul(x, w.read()).relu().softmax()
            return (h.gathering(ids).sum() + h.mean() * 2 + h.max()).sqrt()
        }
        let g = tape.gradients(of: loss, wrt: [tape.watch(w)])[0]!.denseValue
        #expect(g.backend === device)
        #expect(device.transfers.uploads == 1 && device.transfers.downloads == 0, "an op copied data across backends: \(device.transfers)")
        _ = g.doubles   // the one explicit copy out
        #expect(device.transfers.downloads == 1)
    }

    @Test func copiesBetweenBackendsAreExplicit() {
        let device = IsolatedBackend(name: "isolated-copy")
        let host = Tensor([1, 2, 3] as [Float], on: ReferenceBackend.shared)
        let moved = host.to(device)
        #expect(moved.backend === device)
        #expect(device.transfers.uploads == 1)
        #expect(moved.to(ReferenceBackend.shared).doubles == [1, 2, 3])
        #expect(device.transfers.downloads == 1)
    }

    @Test func mixingBackendsStopsWithBothNames() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let a = Tensor([1] as [Float], on: ReferenceBackend.shared)
            let b = Tensor([1] as [Float], on: TestBackends.isolated)
            _ = a + b
        }
    }

    @Test func shapeMismatchNamesBothShapes() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("[2, 3]") && stderr.contains("[4]"), "message was: \(stderr)")
    }

    @Test func matmulMismatchNamesBothShapes() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 5]))
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("[2, 3]") && stderr.contains("[4, 5]"), "message was: \(stderr)")
    }
}
