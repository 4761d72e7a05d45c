extension Tensor {
    /// The matrix product `op(a)·op(b)` of rank-2 tensors, where `op` transposes on request.
    ///
    /// ```swift
    /// let a = Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
    /// Tensor.matmul(a, a, transposeB: true)   // [[5, 11], [11, 25]]
    /// ```
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul: needs rank-2 operands, got \(a.shape) and \(b.shape)")
        precondition(a.dtype == b.dtype, "matmul: dtypes \(a.dtype) and \(b.dtype) differ")
        precondition(a.backend === b.backend, "matmul: operands live on '\(a.backend.name)' and '\(b.backend.name)'")
        let ka = transposeA ? a.shape[0] : a.shape[1]
        let kb = transposeB ? b.shape[1] : b.shape[0]
        precondition(ka == kb, "matmul: inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        let out = a.backend.matmul(a, transposeA: transposeA, b, transposeB: transposeB)
        guard needsGradient(a, b) else { return out }
        let (x, y) = (a.detached(), b.detached())
        // Only the products a recorded operand needs (a model's input needs none).
        let (needA, needB) = (a.node != nil, b.node != nil)
        return out.recorded(from: [a, b]) { g in
            var ga: Tensor? = nil, gb: Tensor? = nil
            switch (transposeA, transposeB) {
            case (false, false):
                if needA { ga = matmul(g, y, transposeB: true) }
                if needB { gb = matmul(x, g, transposeA: true) }
            case (false, true):
                if needA { ga = matmul(g, y) }
                if needB { gb = matmul(g, x, transposeA: true) }
            case (true, false):
                if needA { ga = matmul(y, g, transposeB: true) }
                if needB { gb = matmul(x, g) }
            case (true, true):
                if needA { ga = matmul(y, g, transposeA: true, transposeB: true) }
                if needB { gb = matmul(g, x, transposeA: true, transposeB: true) }
            }
            return [ga.map { .dense($0) }, gb.map { .dense($0) }]
        }
    }
}
