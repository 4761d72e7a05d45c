extension Tensor {
    /// `max(x, 0)`; the gradient at 0 is 0, as TF's.
    public func relu() -> Tensor {
        unaryOp(.relu) { g, x, _ in g * (x .> 0).cast(to: x.dtype) }
    }

    /// `1 / (1 + e^-x)`, computed stably on both tails.
    public func sigmoid() -> Tensor { unaryOp(.sigmoid) { g, _, y in g * y * (1 - y) } }

    public func tanh() -> Tensor { unaryOp(.tanh) { g, _, y in g * (1 - y * y) } }

    /// `x` for `x > 0`, else `e^x - 1`.
    public func elu() -> Tensor {
        unaryOp(.elu) { g, x, y in g * Tensor.select(x .> 0, x.scalar(1), y + 1) }
    }

    /// `scale·elu(x, alpha)` with the self-normalising constants (Klambauer et al.).
    public func selu() -> Tensor {
        let scale = 1.0507009873554804934193349852946, alpha = 1.6732632423543772848170429916717
        return unaryOp(.selu) { g, x, y in g * Tensor.select(x .> 0, x.scalar(scale), y + scale * alpha) }
    }

    /// `x·Φ(x)` (exact, erf-based: Keras's `approximate=False`).
    public func gelu() -> Tensor {
        unaryOp(.gelu) { g, x, _ in
            let cdf = ((x * 0.70710678118654752440).erf() + 1) * 0.5
            let pdf = (x.square() * -0.5).exp() * 0.39894228040143267794
            return g * (cdf + x * pdf)
        }
    }

    /// `log(1 + e^x)`, without overflow.
    public func softplus() -> Tensor { unaryOp(.softplus) { g, x, _ in g * x.backend.unary(.sigmoid, x) } }

    /// `x` for `x > 0`, else `alpha·x` (Keras's default alpha is 0.3; TF's nn op uses 0.2).
    public func leakyRelu(alpha: Double = 0.2) -> Tensor {
        unaryOp(.leakyRelu(alpha: alpha)) { g, x, _ in g * Tensor.select(x .> 0, x.scalar(1), x.scalar(alpha)) }
    }

    /// `e^x / Σ e^x` along `axis`, computed after subtracting the maximum.
    public func softmax(axis: Int = -1) -> Tensor {
        let a = shape.axis(axis)
        let x = detached()
        let e = (x - x.max(axes: [a], keepDims: true)).exp()
        let y = e / e.sum(axes: [a], keepDims: true)
        guard node != nil else { return y }
        return y.recorded(from: [self]) { g in
            [.dense(y * (g - (g * y).sum(axes: [a], keepDims: true)))]
        }
    }

    /// `x - log Σ e^x` along `axis`, computed after subtracting the maximum.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let a = shape.axis(axis)
        let x = detached()
        let shifted = x - x.max(axes: [a], keepDims: true)
        let y = shifted - shifted.exp().sum(axes: [a], keepDims: true).log()
        guard node != nil else { return y }
        return y.recorded(from: [self]) { g in
            [.dense(g - y.exp() * g.sum(axes: [a], keepDims: true))]
        }
    }
}
