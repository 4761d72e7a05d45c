import Datasets
import NN
import Tensors

/// A categorical column as learned dense vectors: TF's `embedding_column`.
///
/// The table lives in ``DenseFeatures`` (variable `<prefix>/<name>/embedding_weights`).
/// Out-of-range ids (-1) are pruned before combining; an example with no valid id gets zeros.
public struct EmbeddingColumn: FeatureColumn {
    public let categorical: any CategoricalColumn
    public let dimension: Int
    public let combiner: Combiner
    public let initializer: Initializer?

    public var name: String { categorical.name + "_embedding" }
    public var keys: [String] { categorical.keys }
}

/// TF's `embedding_column(categorical_column, dimension, combiner='mean', initializer=None)`.
public func embeddingColumn(_ categorical: any CategoricalColumn, dimension: Int, combiner: Combiner = .mean,
                            initializer: Initializer? = nil) -> EmbeddingColumn {
    precondition(dimension > 0, "embeddingColumn '\(categorical.name)': dimension must be positive, got \(dimension)")
    return EmbeddingColumn(categorical: categorical, dimension: dimension, combiner: combiner, initializer: initializer)
}

extension Embedding {
    /// Combined vectors for a categorical column's (pruned) ids.
    public func lookUp(_ s: SparseIDs, on backend: any Backend) -> Tensor {
        self(ids: Tensor(s.ids, on: backend), rows: Tensor(s.rows, on: backend),
             weights: s.weights.map { Tensor($0, on: backend) }, batchSize: s.batchSize)
    }
}

/// Turns features into one dense `[batch, width]` tensor: TF's `DenseFeatures` / `input_layer`.
///
/// Columns are concatenated **sorted by name** (as TF does), whatever order they were given
/// in; ``order`` and ``widths`` say where each one lands. Dense columns are computed on the
/// host and uploaded once; embedding columns look up their tables on the backend, with
/// sparse gradients.
public final class DenseFeatures: Layer {
    /// The columns in concatenation order.
    public let order: [any FeatureColumn]
    /// Width of each column in ``order``.
    public let widths: [Int]
    /// Embedding tables by column name.
    public let embeddings: [String: Embedding]

    /// Checks the columns and creates embedding tables.
    ///
    /// Throws TF's error for a bare categorical column.
    public init(_ columns: [any FeatureColumn], namePrefix: String = "input_layer", rng: inout RandomGenerator,
                on backend: (any Backend)? = nil) throws(DataError) {
        let sorted = columns.sorted { $0.name < $1.name }
        var widths: [Int] = []
        var embeddings: [String: Embedding] = [:]
        for c in sorted {
            if let d = c as? any DenseColumn {
                widths.append(d.width)
            } else if let e = c as? EmbeddingColumn {
                widths.append(e.dimension)
                embeddings[e.name] = Embedding(vocabularySize: e.categorical.numBuckets, dimension: e.dimension, combiner: e.combiner,
                                               name: "\(namePrefix)/\(e.name)", initializer: e.initializer, rng: &rng, on: backend)
            } else {
                throw DataError(file: "<feature columns>",
                                problem: "Items of feature_columns must be a DenseColumn. "
                                    + "You can wrap a categorical column with an embedding_column or indicator_column. Given: \(c.name)",
                                hint: "use indicatorColumn(\(c.name)) or embeddingColumn(\(c.name), dimension: …)")
            }
        }
        let names = sorted.map(\.name)
        if let dup = names.enumerated().first(where: { $0.offset > 0 && names[$0.offset - 1] == $0.element }) {
            throw DataError(file: "<feature columns>", problem: "two feature columns are named '\(dup.element)'",
                            hint: "give each column a distinct key")
        }
        order = sorted
        self.widths = widths
        self.embeddings = embeddings
    }

    /// The total width.
    public var width: Int { widths.reduce(0, +) }

    public var variables: [Variable] { embeddings.keys.sorted().flatMap { embeddings[$0]!.variables } }

    /// What the layer needs from a batch, made on the host: runs of
    /// dense columns written side by side, and each embedding column's (pruned) ids.
    ///
    /// Making it touches no layer state, so it can run on another thread (``inputs(_:order:widths:)``).
    public struct Inputs: Sendable {
        enum Piece: Sendable {
            case dense([Float], width: Int)
            case ids(column: String, SparseIDs)
        }
        let batchSize: Int
        let pieces: [Piece]
    }

    /// The host work for a batch, given the layer's ``order`` and ``widths``.
    public static func inputs(_ features: Features, order: [any FeatureColumn], widths: [Int]) throws(DataError) -> Inputs {
        let n = features.batchSize
        var pieces: [Inputs.Piece] = []
        var hostWidth = 0
        var hostColumns: [(any DenseColumn, Int)] = []
        func flush() throws(DataError) {
            guard hostWidth > 0 else { return }
            var host = [Float](repeating: 0, count: n * hostWidth)
            var offset = 0
            for (c, w) in hostColumns {
                try c.write(features, into: &host, stride: hostWidth, offset: offset)
                offset += w
            }
            pieces.append(.dense(host, width: hostWidth))
            hostWidth = 0
            hostColumns = []
        }
        for (c, w) in zip(order, widths) {
            if let d = c as? any DenseColumn {
                hostColumns.append((d, w))
                hostWidth += w
            } else if let e = c as? EmbeddingColumn {
                try flush()
                pieces.append(.ids(column: e.name, try e.categorical.ids(features).pruned()))
            }
        }
        try flush()
        return Inputs(batchSize: n, pieces: pieces)
    }

    /// The host work for a batch.
    public func inputs(_ features: Features) throws(DataError) -> Inputs {
        try Self.inputs(features, order: order, widths: widths)
    }

    /// The dense input of a batch.
    public func callAsFunction(_ features: Features, on backend: any Backend) throws(DataError) -> Tensor {
        self(try inputs(features), on: backend)
    }

    /// The dense input of a batch whose host work is done (while an export traces, built by its recorder).
    public func callAsFunction(_ inputs: Inputs, on backend: any Backend) -> Tensor {
        if let recorder = FeatureTransforms.recorder { return recorder.denseFeatures(self, inputs: inputs, on: backend) }
        return values(inputs, on: backend)
    }

    /// The dense input of a batch whose host work is done, computed here (never by a recorder).
    public func values(_ inputs: Inputs, on backend: any Backend) -> Tensor {
        let pieces = inputs.pieces.map { p -> Tensor in
            switch p {
            case let .dense(host, width): Tensor(host, shape: [inputs.batchSize, width], on: backend)
            case let .ids(column, s): embeddings[column]!.lookUp(s, on: backend)
            }
        }
        return pieces.count == 1 ? pieces[0] : Tensor.concat(pieces, axis: 1)
    }
}
