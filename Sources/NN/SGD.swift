import Tensors

/// Gradient descent, with optional (Nesterov) momentum: Keras's legacy `SGD`.
///
/// Without momentum `var -= lr·g`. With momentum `m`, slot `momentum` holds `a`:
/// `a = m·a - lr·g; var += a`, or with Nesterov `var += m·a - lr·g` (using the new `a`).
/// Defaults: `learningRate` 0.01, `momentum` 0.
public final class SGD: Optimizer, @unchecked Sendable {
    public let momentum: Double
    public let nesterov: Bool

    public init(learningRate: Double = 0.01, momentum: Double = 0, nesterov: Bool = false) {
        precondition(momentum >= 0, "SGD: momentum must be non-negative, got \(momentum)")
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(name: "SGD", learningRate: learningRate)
    }

    public override var slotNames: [String] { momentum > 0 ? ["momentum"] : [] }

    public override func update(_ value: Tensor, gradient g: Tensor, slots: inout [String: Tensor], step: Int64) -> Tensor {
        guard momentum > 0 else { return value - g * learningRate }
        let a = slots["momentum"]! * momentum - g * learningRate
        slots["momentum"] = a
        return nesterov ? value + a * momentum - g * learningRate : value + a
    }

    public override var hasHostRule: Bool { true }

    public override func updateOnHost(_ u: HostUpdate, step: Int64) {
        let lr = Float(learningRate), m = Float(momentum)
        guard momentum > 0 else {
            u.forEach { t, k in u.value[t] = u.value[t] - u.gradient[k] * lr }
            return
        }
        let slot = u.slots[0]
        u.forEach { t, k in
            let g = u.gradient[k]
            let a = slot[t] * m - g * lr
            slot[t] = a
            u.value[t] = nesterov ? u.value[t] + a * m - g * lr : u.value[t] + a
        }
    }
}

/// Adagrad (Keras legacy): `acc += g²; var -= lr·g / (√acc + ε)`.
///
/// Slot `accumulator` starts at `initialAccumulatorValue`. Defaults: `learningRate` 0.001,
/// `initialAccumulatorValue` 0.1, `epsilon` 1e-7 (what TF 2.15's `DNNClassifier` builds).
public final class Adagrad: Optimizer, @unchecked Sendable {
    public let initialAccumulatorValue: Double
    public let epsilon: Double

    public init(learningRate: Double = 0.001, initialAccumulatorValue: Double = 0.1, epsilon: Double = 1e-7) {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(name: "Adagrad", learningRate: learningRate)
    }

    public override var slotNames: [String] { ["accumulator"] }
    public override func initialSlotValue(_ slot: String) -> Double { initialAccumulatorValue }

    public override func update(_ value: Tensor, gradient g: Tensor, slots: inout [String: Tensor], step: Int64) -> Tensor {
        let acc = slots["accumulator"]! + g.square()
        slots["accumulator"] = acc
        return value - g * learningRate / (acc.sqrt() + epsilon)
    }

    public override var hasHostRule: Bool { true }

    public override func updateOnHost(_ u: HostUpdate, step: Int64) {
        let acc = u.slots[0]
        let lr = Float(learningRate), eps = Float(epsilon)
        if u.rows == nil {
            // The dense case eight lanes at a time: each lane does the same IEEE operations.
            let value = UnsafeMutableRawPointer(u.value), grad = UnsafeRawPointer(u.gradient), accum = UnsafeMutableRawPointer(acc)
            let (lr8, eps8) = (SIMD8<Float>(repeating: lr), SIMD8<Float>(repeating: eps))
            var i = 0
            while i + 8 <= u.count {
                let o = i * 4
                let g = grad.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                let a = accum.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) + g * g
                let v = value.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                accum.storeBytes(of: a, toByteOffset: o, as: SIMD8<Float>.self)
                value.storeBytes(of: v - g * lr8 / (a.squareRoot() + eps8), toByteOffset: o, as: SIMD8<Float>.self)
                i += 8
            }
            while i < u.count {
                let g = u.gradient[i]
                let a = acc[i] + g * g
                acc[i] = a
                u.value[i] = u.value[i] - g * lr / (a.squareRoot() + eps)
                i += 1
            }
            return
        }
        u.forEach { t, k in
            let g = u.gradient[k]
            let a = acc[t] + g * g
            acc[t] = a
            u.value[t] = u.value[t] - g * lr / (a.squareRoot() + eps)
        }
    }
}
