extension HostKernels {
    /// `out[m, n] = Σ_k A[m, k]·B[k, n]` where `A` and `B` are read with the given
    /// row/column strides (so transposes need no copy). Plain i-k-j loops.
    public static func matmul(dtype: DType, a: UnsafeRawPointer, aRow: Int, aCol: Int, b: UnsafeRawPointer, bRow: Int, bCol: Int,
                              out: UnsafeMutableRawPointer, m: Int, n: Int, k: Int, rows: Range<Int>) {
        func run<T: NumericTensorScalar>(_: T.Type) {
            let x = a.typed(T.self), y = b.typed(T.self), z = out.typed(T.self)
            for i in rows {
                for j in 0..<n { z[i * n + j] = 0 }
                for p in 0..<k {
                    let av = x[i * aRow + p * aCol]
                    for j in 0..<n { z[i * n + j] += av * y[p * bRow + j * bCol] }
                }
            }
        }
        switch dtype {
        case .float32: run(Float.self)
        case .float64: run(Double.self)
        case .int32: run(Int32.self)
        case .int64: run(Int64.self)
        case .bool: preconditionFailure("matmul is not defined for bool tensors")
        }
    }
}
