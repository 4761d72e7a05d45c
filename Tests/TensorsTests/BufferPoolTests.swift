import CPUBackend
import Testing
import Tensors

@Suite struct BufferPoolTests {
    @Test func aTrainingStepReusesPooledMemory() {
        let cpu = CPUBackend(threads: 1, name: "cpu-pool-test")
        var rng = RandomGenerator(seed: 1)
        let w = Variable(rng.normal([8, 4], on: cpu), name: "w")
        let x = rng.normal([16, 8], on: cpu)
        func step() {
            let tape = GradientTape()
            let loss = tape.record { Tensor.matmul(x, w.read()).relu().softmax().sum() }
            let g = tape.gradients(of: loss, wrt: [tape.watch(w)])[0]!.denseValue
            w.assign(w.value - g * 0.1)
        }
        step()
        step()
        let before = cpu.pool.statistics
        step()
        let after = cpu.pool.statistics
        #expect(after.misses == before.misses, "a warm training step allocated \(after.misses - before.misses) new blocks")
        #expect(after.hits > before.hits)
    }

    @Test func poolReturnsMemoryAndRespectsItsCap() {
        let pool = BufferPool(maxCachedBytes: 1024)
        let (p, capacity) = pool.allocate(byteCount: 100)
        #expect(capacity == 128)
        pool.recycle(p, capacity: capacity)
        let (q, _) = pool.allocate(byteCount: 120)
        #expect(q == p, "a freed block of the same class is reused")
        pool.recycle(q, capacity: 128)
        let (big, bigCapacity) = pool.allocate(byteCount: 4096)
        pool.recycle(big, capacity: bigCapacity)   // over the cap: freed, not cached
        #expect(pool.statistics.cachedBytes == 128)
        pool.drain()
        #expect(pool.statistics.cachedBytes == 0)
    }
}

@Suite struct ReviewRegressionTests {
    @Test func scatterOnAnUnsharedTensorUpdatesInPlace() {
        let cpu = CPUBackend(threads: 1, name: "cpu-cow")
        var u = Tensor([1, 2, 3, 4] as [Float], shape: [2, 2], on: cpu)
        let p = u.hostPointer
        u.scatter(.add, indices: Tensor([0] as [Int64], on: cpu), values: Tensor([1, 1] as [Float], shape: [1, 2], on: cpu))
        #expect(u.hostPointer == p, "scatter copied a buffer nothing else shared")
        let shared = u
        u.scatter(.set, indices: Tensor([1] as [Int64], on: cpu), values: Tensor([0, 0] as [Float], shape: [1, 2], on: cpu))
        #expect(shared.doubles == [2, 3, 3, 4] && u.doubles == [2, 3, 0, 0], "copy on write must protect the other tensor")
    }

    @Test func integerReductionsStayExactAndWrap() {
        for b in [ReferenceBackend.shared as any Backend, CPUBackend(threads: 1, name: "cpu-int")] {
            #expect(Tensor([(1 << 53) + 1] as [Int64], on: b).sum().scalars(as: Int64.self) == [(1 << 53) + 1])
            #expect(Tensor([Int32.max, 1] as [Int32], on: b).sum().scalars(as: Int32.self) == [Int32.min])
        }
    }

    @Test func largeFloatSumsAccumulateInDouble() {
        let cpu = CPUBackend(threads: 2, name: "cpu-sum")
        #expect(Tensor.ones([17_000_000, 1], on: cpu).sum(axes: [0]).scalarValue == 17_000_000)
        #expect(Tensor.ones([1, 17_000_000], on: cpu).sum(axes: [1]).scalarValue == 17_000_000)
    }

    @Test func gradientWithRespectToAnIntermediate() {
        let tape = GradientTape()
        let x = tape.watch(Tensor([1, 2] as [Float]))
        let y = x * 2
        let z = (y * y).sum()
        #expect(tape.gradients(of: z, wrt: [y])[0]?.denseValue.doubles == [4, 8])
    }

    @Test func negativePaddingStops() async {
        await #expect(processExitsWith: .failure) { _ = Tensor([1, 2, 3] as [Float]).padded(lower: [-1], upper: [1]) }
    }
}
