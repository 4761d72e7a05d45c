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
