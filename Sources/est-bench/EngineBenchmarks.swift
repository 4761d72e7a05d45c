import CBLAS
import CPUBackend
import NN
import Tensors

/// `gemm`: est's matmul, direct `cblas_sgemm` and the plain-Swift Reference kernel.
func benchGEMM(sizes: [Int], threadCounts: [Int]) {
    for n in sizes {
        let flops = 2 * Double(n) * Double(n) * Double(n)
        var rng = RandomGenerator(seed: 1)
        let aRef = rng.uniform([n, n], low: -1, high: 1, on: ReferenceBackend.shared)
        let bRef = rng.uniform([n, n], low: -1, high: 1, on: ReferenceBackend.shared)
        // The reference kernel is single-threaded: time it once per size (one rep above 512).
        let naive = bestTime(budget: 0, minReps: 1, warmup: n <= 512) { _ = Tensor.matmul(aRef, bRef) }
        for threads in threadCounts {
            let cpu = CPUBackend(threads: threads, name: "cpu-\(threads)")
            let a = aRef.to(cpu), b = bRef.to(cpu)
            let est = bestTime { _ = Tensor.matmul(a, b) }
            var c = [Float](repeating: 0, count: n * n)
            let ha = a.scalars(as: Float.self), hb = b.scalars(as: Float.self)
            let blas = bestTime {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, ha, Int32(n), hb, Int32(n), 0, &c, Int32(n))
            }
            emit([("workload", "gemm"), ("n", n), ("threads", threads), ("est_gflops", flops / est / 1e9),
                  ("blas_gflops", flops / blas / 1e9), ("naive_gflops", flops / naive / 1e9), ("est_vs_blas", blas / est)])
        }
    }
}

/// `dense`: forward + backward of Dense 28→128→64→2 (relu) with softmax cross entropy at batch 256.
func benchDense(threads: Int, batch: Int = 256) {
    let cpu = CPUBackend(threads: threads, name: "cpu-dense-\(threads)")
    var rng = RandomGenerator(seed: 2)
    let sizes = [28, 128, 64, 2]
    var layers: [Dense] = []
    for i in 0..<3 {
        layers.append(Dense(inputSize: sizes[i], units: sizes[i + 1], activation: i < 2 ? .relu : .linear, name: "l\(i)", rng: &rng, on: cpu))
    }
    let variables = layers.flatMap(\.variables)
    let x = rng.normal([batch, 28], on: cpu)
    let labels = rng.uniform([batch], low: 0, high: 2, dtype: .float64, on: cpu).floor().cast(to: .int64)
    func step() {
        let tape = GradientTape()
        let loss = tape.record { Losses.sparseSoftmaxCrossEntropy(labels: labels, logits: layers.reduce(x) { $1($0) }).mean() }
        _ = tape.gradients(of: loss, wrt: variables.map { tape.watch($0) })
    }
    let t = bestTime(budget: 1.0, maxReps: 100_000, step)
    // Forward: one GEMM per layer; backward: two (input and kernel gradients; the first layer's input gradient is skipped
    // by TF but computed here, so it is counted).
    var flops = 0.0
    for i in 0..<3 { flops += 3 * 2 * Double(batch * sizes[i] * sizes[i + 1]) }
    // The same nine GEMMs straight through cblas_sgemm on preallocated buffers.
    var shapes: [(Int32, Int32, Int32, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE)] = []
    for i in 0..<3 {
        let (m, k, n) = (Int32(batch), Int32(sizes[i]), Int32(sizes[i + 1]))
        shapes.append((m, n, k, CblasNoTrans, CblasNoTrans))   // y = x·W
        shapes.append((m, k, n, CblasNoTrans, CblasTrans))     // dx = g·Wᵀ
        shapes.append((k, n, m, CblasTrans, CblasNoTrans))     // dW = xᵀ·g
    }
    let big = [Float](repeating: 0.5, count: 256 * 128)
    var out = [Float](repeating: 0, count: 256 * 128)
    let tg = bestTime(budget: 1.0, maxReps: 100_000) {
        for (m, n, k, ta, tb) in shapes {
            let lda = ta == CblasNoTrans ? k : m, ldb = tb == CblasNoTrans ? n : k
            cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1, big, lda, big, ldb, 0, &out, n)
        }
    }
    emit([("workload", "dense"), ("threads", threads), ("batch", batch), ("examples_per_sec", Double(batch) / t),
          ("gflops", flops / t / 1e9), ("gemm_gflops_same_sizes", flops / tg / 1e9), ("fraction_of_gemm", tg / t),
          ("step_us", t * 1e6)])
}

/// `overhead`: the cost of one tiny op (an add of two 1×1 tensors), with and without a recording tape.
func benchOverhead(threads: Int) {
    let cpu = CPUBackend(threads: threads, name: "cpu-overhead")
    let ops = 20_000
    let a0 = Tensor([1] as [Float], shape: [1, 1], on: cpu), b0 = Tensor([2] as [Float], shape: [1, 1], on: cpu)
    let plain = bestTime(budget: 0.5) {
        var c = a0
        for _ in 0..<ops { c = c + b0 }
        _ = c
    }
    let taped = bestTime(budget: 0.5) {
        let tape = GradientTape()
        let a = tape.watch(a0), b = tape.watch(b0)
        for _ in 0..<ops { _ = a + b }
    }
    emit([("workload", "overhead"), ("op", "add 1x1"), ("ns_per_op", taped / Double(ops) * 1e9),
          ("ns_per_op_no_tape", plain / Double(ops) * 1e9)])
}
