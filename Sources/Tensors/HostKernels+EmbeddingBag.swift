extension HostKernels {
    /// ``Backend/embeddingBagSum(_:ids:segments:weights:divisors:segmentCount:)`` on host memory:
    /// `out` (`[segmentCount, width]`) is zeroed, then rows accumulate in order, then divide.
    public static func embeddingBagSum(dtype: DType, table: UnsafeRawPointer, tableRows: Int, width: Int, ids: UnsafeRawPointer, idType: DType,
                                       segments: UnsafeRawPointer, segmentType: DType, count: Int, weights: UnsafeRawPointer?,
                                       divisors: UnsafeRawPointer?, out: UnsafeMutableRawPointer, segmentCount: Int) {
        func run<T: FloatingTensorScalar>(_: T.Type) {
            let t = table.typed(T.self), o = out.typed(T.self), w = weights?.typed(T.self)
            o.update(repeating: 0, count: segmentCount * width)
            for k in 0..<count {
                let id = index(ids, idType, k), segment = index(segments, segmentType, k)
                precondition(id >= 0 && id < tableRows, "embeddingBagSum: id \(id) at position \(k) is out of range 0..<\(tableRows)")
                precondition(segment >= 0 && segment < segmentCount,
                             "embeddingBagSum: segment \(segment) at position \(k) is out of range 0..<\(segmentCount)")
                let src = t + id * width, dst = o + segment * width
                if let w {
                    for j in 0..<width { dst[j] += src[j] * w[k] }
                } else {
                    for j in 0..<width { dst[j] += src[j] }
                }
            }
            if let d = divisors?.typed(T.self) {
                for r in 0..<segmentCount { for j in 0..<width { o[r * width + j] = o[r * width + j] / d[r] } }
            }
        }
        switch dtype {
        case .float32: run(Float.self)
        case .float64: run(Double.self)
        default: preconditionFailure("embeddingBagSum: tables are float32 or float64, not \(dtype)")
        }
    }

    /// ``Backend/embeddingBagSumGradient(_:positions:segments:weights:divisors:rowCount:)`` on host memory.
    public static func embeddingBagSumGradient(dtype: DType, gradient: UnsafeRawPointer, segmentCount: Int, width: Int, positions: UnsafeRawPointer,
                                               positionType: DType, segments: UnsafeRawPointer, segmentType: DType, count: Int,
                                               weights: UnsafeRawPointer?, divisors: UnsafeRawPointer?, out: UnsafeMutableRawPointer, rowCount: Int) {
        func run<T: FloatingTensorScalar>(_: T.Type) {
            let g = gradient.typed(T.self), o = out.typed(T.self), w = weights?.typed(T.self), d = divisors?.typed(T.self)
            o.update(repeating: 0, count: rowCount * width)
            for k in 0..<count {
                let position = index(positions, positionType, k), segment = index(segments, segmentType, k)
                precondition(position >= 0 && position < rowCount,
                             "embeddingBagSumGradient: position \(position) at \(k) is out of range 0..<\(rowCount)")
                precondition(segment >= 0 && segment < segmentCount,
                             "embeddingBagSumGradient: segment \(segment) at \(k) is out of range 0..<\(segmentCount)")
                let src = g + segment * width, dst = o + position * width
                for j in 0..<width {
                    var v = src[j]
                    if let d { v = v / d[segment] }
                    if let w { v = v * w[k] }
                    dst[j] += v
                }
            }
        }
        switch dtype {
        case .float32: run(Float.self)
        case .float64: run(Double.self)
        default: preconditionFailure("embeddingBagSumGradient: gradients are float32 or float64, not \(dtype)")
        }
    }
}
