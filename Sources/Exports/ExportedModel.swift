import Datasets
import Tensors

/// One output of an export for a batch: values row-major with their shape (first dimension the batch).
public enum ExportOutput: Sendable, Equatable {
    case float32([Float], shape: [Int])
    case int64([Int64], shape: [Int])
    case string([String], shape: [Int])
}

/// An export loaded for serving: `signature.json` checked against its files, `model.onnx` ready to run.
///
/// Runs without the model_dir and without the training code (the native runtime): the ONNX graph is
/// executed op by op on a backend. Thread-safe: `predict` may be called from several threads.
public final class ExportedModel: Sendable {
    /// The export folder.
    public let directory: String
    /// Its `signature.json`.
    public let signature: ExportSignature

    /// Loads the export in `directory` (a folder holding `signature.json`), checking every file's hash.
    public init(directory: String, backend: any Backend) throws(ExportError) {
        throw ExportError("the native runtime is not built yet")
    }

    /// Runs the model on a batch of raw columns (by ``ExportSignature/inputs`` name; extra columns are ignored).
    ///
    /// Throws naming the column for a missing column, a value of the wrong type or a missing value without a default.
    public func predict(_ batch: Table) throws(ExportError) -> [String: ExportOutput] {
        throw ExportError("the native runtime is not built yet")
    }
}
