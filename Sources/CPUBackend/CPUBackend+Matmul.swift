import CBLAS
import Tensors

extension CPUBackend {
    /// Small products run OpenBLAS on one thread: its idle workers spin (`sched_yield`) and took
    /// the second core from the input pipeline, 38 % of the `wide` benchmark's CPU (perf).
    /// Products of 4 M multiply-adds and more use every thread.
    func useBLASThreads(for multiplyAdds: Int) {
        let want = multiplyAdds >= 1 << 22 ? threads : 1
        if blasThreads.exchange(want, ordering: .relaxed) != want { openblas_set_num_threads(Int32(want)) }
    }

    public func matmul(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool) -> Tensor {
        checkOwned(a); checkOwned(b)
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let n = transposeB ? b.shape[0] : b.shape[1]
        let t = make([m, n], a.dtype)
        if m == 0 || n == 0 { return t }
        useBLASThreads(for: m * n * k)
        let ta = transposeA ? CblasTrans : CblasNoTrans, tb = transposeB ? CblasTrans : CblasNoTrans
        let lda = Int32(a.shape[1]), ldb = Int32(b.shape[1])
        switch a.dtype {
        case .float32:
            if k == 0 { t.hostPointer.initializeMemory(as: Float.self, repeating: 0, count: m * n); return t }
            cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1,
                        a.hostPointer.assumingMemoryBound(to: Float.self), lda,
                        b.hostPointer.assumingMemoryBound(to: Float.self), ldb, 0,
                        t.hostPointer.assumingMemoryBound(to: Float.self), Int32(n))
        case .float64:
            if k == 0 { t.hostPointer.initializeMemory(as: Double.self, repeating: 0, count: m * n); return t }
            cblas_dgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1,
                        a.hostPointer.assumingMemoryBound(to: Double.self), lda,
                        b.hostPointer.assumingMemoryBound(to: Double.self), ldb, 0,
                        t.hostPointer.assumingMemoryBound(to: Double.self), Int32(n))
        default:
            let (pa, pb, out) = (UnsafeRawPointer(a.hostPointer), UnsafeRawPointer(b.hostPointer), t.hostPointer)
            parallelFor(m, threads: threads, grain: Swift.max(1, 16_384 / Swift.max(n * k, 1))) {
                HostKernels.matmul(dtype: a.dtype, a: pa, aRow: transposeA ? 1 : a.shape[1], aCol: transposeA ? a.shape[1] : 1,
                                   b: pb, bRow: transposeB ? 1 : b.shape[1], bCol: transposeB ? b.shape[1] : 1,
                                   out: out, m: m, n: n, k: k, rows: $0)
            }
        }
        return t
    }
}
