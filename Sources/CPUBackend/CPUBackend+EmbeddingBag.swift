import Tensors

extension CPUBackend {
    /// The linear model's hot loop: float32 rows and int64 ids read through typed pointers, one
    /// thread (a batch's bags are small); anything else runs the reference kernel.
    public func embeddingBagSum(_ table: Tensor, ids: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?, segmentCount: Int) -> Tensor {
        for x in [table, ids, segments] + [weights, divisors].compactMap({ $0 }) { checkOwned(x) }
        let width = checkBag("embeddingBagSum", table, ids: ids, segments: segments, weights: weights, divisors: divisors, segmentCount: segmentCount)
        let t = make([segmentCount, width], table.dtype)
        guard table.dtype == .float32, ids.dtype == .int64, segments.dtype == .int64 else {
            HostKernels.embeddingBagSum(dtype: table.dtype, table: table.hostPointer, tableRows: table.shape[0], width: width, ids: ids.hostPointer,
                                        idType: ids.dtype, segments: segments.hostPointer, segmentType: segments.dtype, count: ids.count,
                                        weights: weights.map { UnsafeRawPointer($0.hostPointer) },
                                        divisors: divisors.map { UnsafeRawPointer($0.hostPointer) }, out: t.hostPointer, segmentCount: segmentCount)
            return t
        }
        let src = table.hostPointer.assumingMemoryBound(to: Float.self), out = t.hostPointer.assumingMemoryBound(to: Float.self)
        let id = ids.hostPointer.assumingMemoryBound(to: Int64.self), segment = segments.hostPointer.assumingMemoryBound(to: Int64.self)
        let (rows, count) = (Int64(table.shape[0]), ids.count)
        out.update(repeating: 0, count: segmentCount * width)
        for k in 0..<count {
            precondition(id[k] >= 0 && id[k] < rows && segment[k] >= 0 && segment[k] < Int64(segmentCount),
                         "embeddingBagSum: id \(id[k]) or segment \(segment[k]) at position \(k) is out of range 0..<\(rows), 0..<\(segmentCount)")
            let s = src + Int(id[k]) * width, d = out + Int(segment[k]) * width
            if let w = weights?.hostPointer.assumingMemoryBound(to: Float.self) {
                let wk = w[k]
                for j in 0..<width { d[j] += s[j] * wk }
            } else {
                for j in 0..<width { d[j] += s[j] }
            }
        }
        if let den = divisors?.hostPointer.assumingMemoryBound(to: Float.self) {
            for r in 0..<segmentCount { for j in 0..<width { out[r * width + j] = out[r * width + j] / den[r] } }
        }
        return t
    }

    /// The gradient's rows, float32 and int64 through typed pointers; anything else runs the reference kernel.
    public func embeddingBagSumGradient(_ gradient: Tensor, positions: Tensor, segments: Tensor, weights: Tensor?, divisors: Tensor?,
                                        rowCount: Int) -> Tensor {
        for x in [gradient, positions, segments] + [weights, divisors].compactMap({ $0 }) { checkOwned(x) }
        let n = gradient.shape[0]
        let width = checkBag("embeddingBagSumGradient", gradient, ids: positions, segments: segments, weights: weights, divisors: divisors,
                             segmentCount: n)
        let t = make([rowCount, width], gradient.dtype)
        guard gradient.dtype == .float32, positions.dtype == .int64, segments.dtype == .int64 else {
            HostKernels.embeddingBagSumGradient(dtype: gradient.dtype, gradient: gradient.hostPointer, segmentCount: n, width: width,
                                                positions: positions.hostPointer, positionType: positions.dtype, segments: segments.hostPointer,
                                                segmentType: segments.dtype, count: positions.count,
                                                weights: weights.map { UnsafeRawPointer($0.hostPointer) },
                                                divisors: divisors.map { UnsafeRawPointer($0.hostPointer) }, out: t.hostPointer, rowCount: rowCount)
            return t
        }
        let g = gradient.hostPointer.assumingMemoryBound(to: Float.self), out = t.hostPointer.assumingMemoryBound(to: Float.self)
        let position = positions.hostPointer.assumingMemoryBound(to: Int64.self), segment = segments.hostPointer.assumingMemoryBound(to: Int64.self)
        let w = weights?.hostPointer.assumingMemoryBound(to: Float.self), den = divisors?.hostPointer.assumingMemoryBound(to: Float.self)
        out.update(repeating: 0, count: rowCount * width)
        for k in 0..<positions.count {
            precondition(position[k] >= 0 && position[k] < Int64(rowCount) && segment[k] >= 0 && segment[k] < Int64(n),
                         "embeddingBagSumGradient: position \(position[k]) or segment \(segment[k]) at \(k) is out of range "
                         + "0..<\(rowCount), 0..<\(n)")
            let src = Int(segment[k]) * width, dst = out + Int(position[k]) * width
            for j in 0..<width {
                var v = g[src + j]
                if let den { v = v / den[Int(segment[k])] }
                if let w { v = v * w[k] }
                dst[j] += v
            }
        }
        return t
    }
}
