import Tensors

/// Receives the feature columns' work while a model function runs for an export.
///
/// Feature columns do their work on the host (ids, one-hot blocks, normalisation), out of sight of a traced backend.
/// An exporter sets ``FeatureTransforms/recorder`` while it traces a model function; ``DenseFeatures`` then hands its
/// batch to the recorder, which builds the same transforms as graph nodes from the raw inputs and returns a tensor
/// standing for them (with the real values, so the traced code carries on as usual).
public protocol FeatureTransformRecorder: AnyObject, Sendable {
    /// The dense input of `layer` for a batch, as a tensor on `backend` standing for graph nodes.
    func denseFeatures(_ layer: DenseFeatures, inputs: DenseFeatures.Inputs, on backend: any Backend) -> Tensor
}

/// Where an exporter installs its ``FeatureTransformRecorder``.
public enum FeatureTransforms {
    /// The recorder of the export being traced on this task or thread (nil: no export, the usual path).
    @TaskLocal public static var recorder: (any FeatureTransformRecorder)?
}
