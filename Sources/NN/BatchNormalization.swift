import Tensors

/// Normalises each feature over the batch: `gamma·(x - mean)/√(var + epsilon) + beta`.
///
/// Training uses the batch's mean and (biased) variance and moves the running statistics
/// toward them: `moving = moving·momentum + batch·(1 - momentum)`. Inference uses the running
/// statistics. Defaults follow TF's canned DNN (`momentum` 0.999) and Keras (`epsilon` 0.001).
/// Variables: `<name>/gamma`, `<name>/beta` (trainable), `<name>/moving_mean`,
/// `<name>/moving_variance` (not trainable).
public final class BatchNormalization: Layer {
    public let gamma: Variable
    public let beta: Variable
    public let movingMean: Variable
    public let movingVariance: Variable
    public let momentum: Double
    public let epsilon: Double

    public init(features: Int, momentum: Double = 0.999, epsilon: Double = 0.001, name: String = "batch_normalization",
                dtype: DType = .float32, on backend: (any Backend)? = nil) {
        precondition(features > 0, "BatchNormalization '\(name)': features must be positive, got \(features)")
        gamma = Variable(Tensor.ones([features], dtype: dtype, on: backend), name: "\(name)/gamma")
        beta = Variable(Tensor.zeros([features], dtype: dtype, on: backend), name: "\(name)/beta")
        movingMean = Variable(Tensor.zeros([features], dtype: dtype, on: backend), name: "\(name)/moving_mean", trainable: false)
        movingVariance = Variable(Tensor.ones([features], dtype: dtype, on: backend), name: "\(name)/moving_variance", trainable: false)
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public var variables: [Variable] { [gamma, beta, movingMean, movingVariance] }

    /// Normalises a `[batch, features]` input; in training also updates the running statistics.
    public func callAsFunction(_ x: Tensor, training: Bool) -> Tensor {
        precondition(x.rank == 2 && x.shape[1] == gamma.shape[0], "BatchNormalization: input \(x.shape) does not have \(gamma.shape[0]) features")
        let mean: Tensor, variance: Tensor
        if training {
            mean = x.mean(axes: [0])
            variance = (x - mean).square().mean(axes: [0])
            movingMean.assign(movingMean.value * momentum + mean.detached() * (1 - momentum))
            movingVariance.assign(movingVariance.value * momentum + variance.detached() * (1 - momentum))
        } else {
            mean = movingMean.value
            variance = movingVariance.value
        }
        return (x - mean) * (variance + epsilon).rsqrt() * gamma.read() + beta.read()
    }
}
