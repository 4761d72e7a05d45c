import FeatureColumns

/// What an export takes and gives: `signature.json`, written next to `model.onnx`.
///
/// ``inputs`` are the raw columns a caller sends (one value per example each, by CSV header name).
/// ``graphInputs`` are `model.onnx`'s inputs: most are a raw column passed through (cast to the
/// graph's dtype); a categorical column that needs FarmHash (hash buckets, crosses, vocabulary
/// OOV buckets) is fed as its ids instead, computed outside the graph from the column spec it
/// carries (ONNX has no FarmHash; see docs/export.md). ``files`` holds the SHA-256 of every
/// other file of the export, so a missing or tampered file is refused at load.
public struct ExportSignature: Codable, Sendable, Equatable {
    /// Always `est-export`.
    public var format: String
    /// The format's version (1).
    public var version: Int
    /// The estimator kind (`DNNClassifier`, …, or `custom`).
    public var kind: String
    /// The checkpoint's global step.
    public var globalStep: Int64
    /// When the export was written (ISO 8601, UTC).
    public var created: String
    /// The raw columns a request carries.
    public var inputs: [Input]
    /// `model.onnx`'s inputs and where each comes from.
    public var graphInputs: [GraphInput]
    /// `model.onnx`'s outputs.
    public var outputs: [Output]
    /// Class names of a classifier, by class id (`nil` for a regressor).
    public var classes: [String]?
    /// The SHA-256 (lowercase hex) of each file of the export but this one, by path relative to the export.
    public var files: [String: String]

    /// A raw column of a request.
    public struct Input: Codable, Sendable, Equatable {
        /// The column's name (its CSV header).
        public var name: String
        /// `float32`, `int64` or `string`: the type the graph reads it as.
        public var dtype: String
        /// The value a missing cell takes (int64 inputs: -1, no id). Without one, a missing cell is fed as NaN to float32
        /// inputs (the graph applies each column's own default) and as `""` to string inputs (no id).
        public var defaultValue: Double?
        /// Whether a missing cell is an error (a numeric column without a default reads the column), as in est.
        public var required: Bool?
        public init(name: String, dtype: String, defaultValue: Double? = nil, required: Bool? = nil) {
            (self.name, self.dtype, self.defaultValue, self.required) = (name, dtype, defaultValue, required)
        }
    }

    /// One input of `model.onnx`: shape `[batch, 1]`.
    public struct GraphInput: Codable, Sendable, Equatable {
        /// The ONNX input's name.
        public var name: String
        /// `float32`, `int64` or `string`.
        public var dtype: String
        /// The raw column passed through (cast to ``dtype``), when the input is a raw column.
        public var column: String?
        /// The categorical column whose ids (int64, -1 for none) this input holds, when they are computed outside the graph.
        public var ids: FeatureColumnSpec?
        public init(name: String, dtype: String, column: String? = nil, ids: FeatureColumnSpec? = nil) {
            (self.name, self.dtype, self.column, self.ids) = (name, dtype, column, ids)
        }
    }

    /// One output of `model.onnx`.
    public struct Output: Codable, Sendable, Equatable {
        /// TF's output name (`probabilities`, `class_ids`, `logits`, `logistic`, `classes`, `predictions`).
        public var name: String
        /// `float32`, `int64` or `string`.
        public var dtype: String
        /// The shape, -1 for the batch.
        public var shape: [Int]
        /// What it holds, in a sentence.
        public var meaning: String
        public init(name: String, dtype: String, shape: [Int], meaning: String) {
            (self.name, self.dtype, self.shape, self.meaning) = (name, dtype, shape, meaning)
        }
    }

    public init(kind: String, globalStep: Int64, created: String, inputs: [Input], graphInputs: [GraphInput], outputs: [Output],
                classes: [String]?, files: [String: String]) {
        format = "est-export"
        version = 1
        (self.kind, self.globalStep, self.created, self.inputs, self.graphInputs) = (kind, globalStep, created, inputs, graphInputs)
        (self.outputs, self.classes, self.files) = (outputs, classes, files)
    }

    enum CodingKeys: String, CodingKey {
        case format, version, kind, globalStep = "global_step", created, inputs, graphInputs = "graph_inputs", outputs, classes, files
    }
}
