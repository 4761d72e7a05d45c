/// The distinct ids of an embedding bag, sorted, and each id's position among them: what the
/// table's sparse gradient is indexed by (computed once per batch, on the host).
public struct EmbeddingBagRows: Sendable {
    /// The sorted distinct ids, `int64` `[u]`.
    public var uniqueIDs: Tensor
    /// For each entry of the bag's ids, its index into ``uniqueIDs``, `int64` `[nnz]`.
    public var positions: Tensor

    public init(uniqueIDs: Tensor, positions: Tensor) {
        precondition(uniqueIDs.rank == 1 && positions.rank == 1 && uniqueIDs.backend === positions.backend,
                     "EmbeddingBagRows: unique ids \(uniqueIDs.shape) and positions \(positions.shape) must be rank-1 on one backend")
        (self.uniqueIDs, self.positions) = (uniqueIDs, positions)
    }

    /// Deduplicates host ids and puts the result on `backend`.
    public init(ids: [Int64], on backend: any Backend) {
        let unique = Array(Set(ids)).sorted()
        var slot = [Int64: Int64](minimumCapacity: unique.count)
        for (i, u) in unique.enumerated() { slot[u] = Int64(i) }
        self.init(uniqueIDs: Tensor(unique, on: backend), positions: Tensor(ids.map { slot[$0]! }, on: backend))
    }
}

extension Tensor {
    /// Per-segment sums of this table's rows, TF's `embedding_lookup_sparse`: row `r` of the
    /// `[segmentCount, width]` result is `Σ table[ids[k]]·weights[k]` over the `k` with
    /// `segments[k] == r` (added in order, from zero), divided by `divisors[r]` when given (the
    /// mean and sqrtn combiners pass `Σw` and `√Σw²`).
    ///
    /// The gradient reaches the table only (not `weights` or `divisors`), as an ``IndexedSlices``
    /// over the distinct ids, already deduplicated: pass `rows` to reuse a deduplication made
    /// elsewhere, else the backward pass copies `ids` to the host to make one.
    ///
    /// ```swift
    /// let table = Tensor([1, 2, 3] as [Float], shape: [3, 1])
    /// table.embeddingBagSum(ids: Tensor([2, 0, 2] as [Int64]), segments: Tensor([0, 0, 1] as [Int64]), segmentCount: 2)
    /// // [[4], [3]]
    /// ```
    public func embeddingBagSum(ids: Tensor, segments: Tensor, weights: Tensor? = nil, divisors: Tensor? = nil, segmentCount: Int,
                                rows: EmbeddingBagRows? = nil) -> Tensor {
        let out = backend.embeddingBagSum(self, ids: ids, segments: segments, weights: weights, divisors: divisors, segmentCount: segmentCount)
        guard node != nil else { return out }
        let tableShape = shape
        return out.recorded(from: [self]) { g in
            let r = rows ?? EmbeddingBagRows(ids: ids.dtype == .int64 ? ids.scalars(as: Int64.self) : ids.cast(to: .int64).scalars(as: Int64.self),
                                             on: g.backend)
            let values = g.backend.embeddingBagSumGradient(g, positions: r.positions, segments: segments, weights: weights, divisors: divisors,
                                                           rowCount: r.uniqueIDs.count)
            return [.sparse(IndexedSlices(indices: r.uniqueIDs, values: values, denseShape: tableShape))]
        }
    }
}
