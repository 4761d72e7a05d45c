import Tensors

/// Compares tape gradients with central finite differences.
///
/// Run it in `float64` so a step of 1e-6 gives differences accurate to ~1e-8.
public enum GradientCheck {
    /// The worst `goldenError` between the analytic and numeric gradient of `Σ f(inputs)·w`
    /// over every input element, where `w` is a fixed pseudo-random weight per output element
    /// (so every output element's gradient matters, not only their sum).
    public static func maxError(_ inputs: [Tensor], step: Double = 1e-6, _ f: ([Tensor]) -> Tensor) -> Double {
        let backend = inputs[0].backend
        let probe = f(inputs)
        var rng = RandomGenerator(seed: 99)
        let weights = rng.uniform(probe.shape, low: 0.5, high: 1.5, dtype: probe.dtype, on: backend)
        func objective(_ xs: [Tensor]) -> Tensor { (f(xs) * weights).sum() }

        let tape = GradientTape()
        let watched = inputs.map { tape.watch($0) }
        let y = objective(watched)
        let analytic = tape.gradients(of: y, wrt: watched).enumerated().map { i, g in
            g?.denseValue.doubles ?? [Double](repeating: 0, count: inputs[i].count)
        }

        var worst = 0.0
        for (i, x) in inputs.enumerated() {
            let base = x.doubles
            for j in base.indices {
                var plus = base, minus = base
                plus[j] += step
                minus[j] -= step
                var xp = inputs, xm = inputs
                xp[i] = Tensor(plus, shape: x.shape, on: backend).cast(to: x.dtype)
                xm[i] = Tensor(minus, shape: x.shape, on: backend).cast(to: x.dtype)
                let numeric = (objective(xp).scalarValue - objective(xm).scalarValue) / (2 * step)
                worst = Swift.max(worst, goldenError(analytic[i][j], numeric))
            }
        }
        return worst
    }
}
