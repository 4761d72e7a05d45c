import Tensors

/// Zeroes a fraction `rate` of the inputs while training and scales the rest by `1/(1-rate)`.
///
/// At inference it is the identity. The mask comes from the caller's seeded generator, so a
/// run with the same seed drops the same units.
public final class Dropout: Layer {
    public let rate: Double

    public init(rate: Double) {
        precondition(rate >= 0 && rate < 1, "Dropout: rate must be in [0, 1), got \(rate)")
        self.rate = rate
    }

    public var variables: [Variable] { [] }

    public func callAsFunction(_ input: Tensor, training: Bool, rng: inout RandomGenerator) -> Tensor {
        guard training, rate > 0 else { return input }
        let keep = rng.bernoulli(input.shape, p: 1 - rate, dtype: input.dtype, on: input.backend)
        return input * keep * (1 / (1 - rate))
    }
}
