import Tensors

/// How ``Embedding`` combines the vectors of one example's ids (TF's `combiner`).
public enum Combiner: String, Sendable, Codable, CaseIterable {
    /// `Σ wᵢ·eᵢ`.
    case sum
    /// `Σ wᵢ·eᵢ / Σ wᵢ` (TF's default for `embedding_column`).
    case mean
    /// `Σ wᵢ·eᵢ / √(Σ wᵢ²)`.
    case sqrtn
}

/// A table of `[vocabularySize, dimension]` vectors looked up by sparse ids and combined per example.
///
/// Its gradient is sparse: only the looked-up rows, as an ``IndexedSlices``. The table is
/// `<name>/embedding_weights`, initialised as TF's `embedding_column`: truncated normal with
/// `σ = 1/√dimension`. An example with no ids gets the zero vector.
public final class Embedding: Layer {
    public let table: Variable
    public let combiner: Combiner

    /// Creates the table; its variable is `<name>/embedding_weights` unless `tableName` names it.
    public init(vocabularySize: Int, dimension: Int, combiner: Combiner = .mean, name: String = "embedding", tableName: String? = nil,
                initializer: Initializer? = nil, rng: inout RandomGenerator, dtype: DType = .float32, on backend: (any Backend)? = nil) {
        precondition(vocabularySize > 0 && dimension > 0, "Embedding '\(name)': sizes must be positive, got \(vocabularySize)×\(dimension)")
        let ini = initializer ?? .truncatedNormal(mean: 0, stddev: 1 / Double(dimension).squareRoot())
        table = Variable(ini.make([vocabularySize, dimension], rng: &rng, dtype: dtype, on: backend), name: tableName ?? "\(name)/embedding_weights")
        self.combiner = combiner
    }

    public var variables: [Variable] { [table] }

    /// Combined vectors `[batchSize, dimension]` for sparse ids.
    ///
    /// - Parameters:
    ///   - ids: `[nnz]` row ids into the table.
    ///   - rows: `[nnz]` the example each id belongs to (`0..<batchSize`).
    ///   - weights: `[nnz]` optional weights (a weighted categorical column).
    public func callAsFunction(ids: Tensor, rows: Tensor, weights: Tensor? = nil, batchSize: Int) -> Tensor {
        precondition(ids.rank == 1 && rows.shape == ids.shape, "Embedding: ids \(ids.shape) and rows \(rows.shape) must be equal rank-1 shapes")
        var vectors = table.read().gathering(ids)
        let w = weights ?? Tensor.ones(ids.shape, dtype: vectors.dtype, on: ids.backend)
        if let weights {
            precondition(weights.shape == ids.shape, "Embedding: weights \(weights.shape) do not match ids \(ids.shape)")
            vectors = vectors * weights.expandingDims(at: 1)
        }
        let summed = vectors.segmentSum(segmentIDs: rows, segmentCount: batchSize)
        switch combiner {
        case .sum: return summed
        case .mean:
            let den = w.segmentSum(segmentIDs: rows, segmentCount: batchSize).expandingDims(at: 1)
            return summed / Tensor.maximum(den, den.scalar(1e-12))
        case .sqrtn:
            let den = w.square().segmentSum(segmentIDs: rows, segmentCount: batchSize).sqrt().expandingDims(at: 1)
            return summed / Tensor.maximum(den, den.scalar(1e-12))
        }
    }
}
