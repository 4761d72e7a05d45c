import Tensors

/// How a new variable is filled, with Keras's names and formulas.
public enum Initializer: Sendable, Hashable {
    case zeros, ones
    case constant(Double)
    /// `U(-l, l)` with `l = √(6 / (fanIn + fanOut))` (Keras's default for `Dense`).
    case glorotUniform
    /// Truncated normal with `σ = √(2 / (fanIn + fanOut)) / 0.8796…`.
    case glorotNormal
    /// `U(-l, l)` with `l = √(6 / fanIn)`.
    case heUniform
    case randomUniform(min: Double, max: Double)
    case randomNormal(mean: Double, stddev: Double)
    case truncatedNormal(mean: Double, stddev: Double)

    /// A tensor of `shape` drawn from this initializer.
    ///
    /// `fanIn`/`fanOut` follow Keras: for a `[in, out]` kernel they are `in` and `out`.
    public func make(_ shape: Shape, rng: inout RandomGenerator, dtype: DType = .float32, on backend: (any Backend)? = nil) -> Tensor {
        let fanIn = Double(shape.rank >= 2 ? shape.dims.dropLast().reduce(1, *) : (shape.rank == 1 ? shape[0] : 1))
        let fanOut = Double(shape.rank >= 1 ? shape.dims.last! : 1)
        switch self {
        case .zeros: return Tensor.zeros(shape, dtype: dtype, on: backend)
        case .ones: return Tensor.ones(shape, dtype: dtype, on: backend)
        case let .constant(v): return Tensor(repeating: v, shape: shape, dtype: dtype, on: backend)
        case .glorotUniform:
            let l = (6 / Swift.max(1, fanIn + fanOut)).squareRoot()
            return rng.uniform(shape, low: -l, high: l, dtype: dtype, on: backend)
        case .glorotNormal:
            // 0.879… is the stddev of a unit normal truncated at ±2 (Keras's correction).
            let s = (2 / Swift.max(1, fanIn + fanOut)).squareRoot() / 0.87962566103423978
            return rng.truncatedNormal(shape, stddev: s, dtype: dtype, on: backend)
        case .heUniform:
            let l = (6 / Swift.max(1, fanIn)).squareRoot()
            return rng.uniform(shape, low: -l, high: l, dtype: dtype, on: backend)
        case let .randomUniform(lo, hi): return rng.uniform(shape, low: lo, high: hi, dtype: dtype, on: backend)
        case let .randomNormal(m, s): return rng.normal(shape, mean: m, stddev: s, dtype: dtype, on: backend)
        case let .truncatedNormal(m, s): return rng.truncatedNormal(shape, mean: m, stddev: s, dtype: dtype, on: backend)
        }
    }
}
