import Datasets
import Exports

/// A model the server can answer requests with: its signature and a batch prediction.
///
/// ``ExportedModel`` (an export on disk) is the real one; tests and load tests use models written in Swift.
/// `predict` runs on the request's task, from several requests at once, so it must be thread-safe.
public protocol ServableModel: Sendable {
    /// What the model takes (raw columns by name) and gives (named outputs).
    var signature: ExportSignature { get }
    /// The outputs for a batch of raw columns named as ``ExportSignature/inputs``.
    func predict(_ batch: Table) throws(ExportError) -> [String: ExportOutput]
}

extension ExportedModel: ServableModel {}
