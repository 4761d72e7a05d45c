import Tensors

/// Follow-the-regularized-leader (Keras legacy `Ftrl`, `ResourceApplyFtrl[V2]`).
///
/// With `p = learningRatePower` and `l2' = l2 + beta/(2·lr)`:
/// ```
/// new_acc = acc + g²
/// g'      = g + 2·l2Shrinkage·var                  (when l2Shrinkage > 0)
/// linear += g' - (new_acc^(-p) - acc^(-p)) / lr · var
/// quad    = new_acc^(-p) / lr + 2·l2'
/// var     = (sign(linear)·l1 - linear) / quad  if |linear| > l1, else 0
/// ```
/// Slots: `accumulator` (starts at `initialAccumulatorValue`) and `linear` (0). The dense
/// update rewrites every element, even where `g = 0`, as TF's does.
/// Defaults are Keras's (`learningRate` 0.001); the canned linear estimators pass 0.2.
public final class Ftrl: Optimizer, @unchecked Sendable {
    public let learningRatePower: Double
    public let initialAccumulatorValue: Double
    public let l1: Double
    public let l2: Double
    public let l2Shrinkage: Double
    public let beta: Double

    public init(learningRate: Double = 0.001, learningRatePower: Double = -0.5, initialAccumulatorValue: Double = 0.1,
                l1RegularizationStrength l1: Double = 0, l2RegularizationStrength l2: Double = 0,
                l2ShrinkageRegularizationStrength l2Shrinkage: Double = 0, beta: Double = 0) {
        precondition(learningRatePower <= 0, "Ftrl: learningRatePower must be ≤ 0, got \(learningRatePower)")
        precondition(initialAccumulatorValue >= 0 && l1 >= 0 && l2 >= 0 && l2Shrinkage >= 0,
                     "Ftrl: accumulator and regularization strengths must be ≥ 0, got \(initialAccumulatorValue), \(l1), \(l2), \(l2Shrinkage)")
        self.learningRatePower = learningRatePower
        self.initialAccumulatorValue = initialAccumulatorValue
        self.l1 = l1
        self.l2 = l2
        self.l2Shrinkage = l2Shrinkage
        self.beta = beta
        super.init(name: "Ftrl", learningRate: learningRate)
    }

    public override var slotNames: [String] { ["accumulator", "linear"] }
    public override func initialSlotValue(_ slot: String) -> Double { slot == "accumulator" ? initialAccumulatorValue : 0 }

    func power(_ x: Tensor) -> Tensor {
        learningRatePower == -0.5 ? x.sqrt() : Tensor.pow(x, -learningRatePower)
    }

    public override func update(_ value: Tensor, gradient g: Tensor, slots: inout [String: Tensor], step: Int64) -> Tensor {
        let acc = slots["accumulator"]!, linear = slots["linear"]!
        let newAcc = acc + g.square()
        let shrunk = l2Shrinkage > 0 ? g + value * (2 * l2Shrinkage) : g
        let newLinear = linear + shrunk - (power(newAcc) - power(acc)) / learningRate * value
        let l2Adjusted = l2 + beta / (2 * learningRate)
        let quadratic = power(newAcc) / learningRate + 2 * l2Adjusted
        let candidate = (newLinear.sign() * l1 - newLinear) / quadratic
        let newValue = Tensor.select(newLinear.abs() .> l1, candidate, value.scalar(0))
        slots["accumulator"] = newAcc
        slots["linear"] = newLinear
        return newValue
    }

    /// The host form exists for the default power -0.5 (a square root, exact in float32).
    public override var hasHostRule: Bool { learningRatePower == -0.5 }

    public override func updateOnHost(_ u: HostUpdate, step: Int64) {
        let acc = u.slots[0], linear = u.slots[1]
        let lr = Float(learningRate), l1f = Float(l1), shrink = Float(2 * l2Shrinkage)
        let twiceL2Adjusted = Float(2 * (l2 + beta / (2 * learningRate)))
        let shrinks = l2Shrinkage > 0
        u.forEach { t, k in
            let g = u.gradient[k], value = u.value[t], a = acc[t]
            let newAcc = a + g * g
            let shrunk = shrinks ? g + value * shrink : g
            let newPower = newAcc.squareRoot()
            let newLinear = linear[t] + shrunk - (newPower - a.squareRoot()) / lr * value
            let quadratic = newPower / lr + twiceL2Adjusted
            let sign: Float = newLinear > 0 ? 1 : (newLinear < 0 ? -1 : 0)
            let candidate = (sign * l1f - newLinear) / quadratic
            u.value[t] = abs(newLinear) > l1f ? candidate : 0
            acc[t] = newAcc
            linear[t] = newLinear
        }
    }
}
