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

    public override func update(_ memory: OptimizerUpdate, step: Int64) {
        memory.run(FtrlRule(learningRate: learningRate, learningRatePower: learningRatePower, l1: l1,
                            l2Adjusted: l2 + beta / (2 * learningRate), l2Shrinkage: l2Shrinkage))
    }
}

/// ``Ftrl``'s rule (slots 0 `accumulator`, 1 `linear`); `l2Adjusted` is `l2 + beta/(2·lr)`.
public struct FtrlRule: OptimizerRule {
    public var learningRate: Double
    public var learningRatePower: Double
    public var l1: Double
    public var l2Adjusted: Double
    public var l2Shrinkage: Double

    public init(learningRate: Double, learningRatePower: Double, l1: Double, l2Adjusted: Double, l2Shrinkage: Double) {
        (self.learningRate, self.learningRatePower, self.l1) = (learningRate, learningRatePower, l1)
        (self.l2Adjusted, self.l2Shrinkage) = (l2Adjusted, l2Shrinkage)
    }

    /// `x^(-learningRatePower)`: a square root at the default power -0.5 (exact in float32).
    @inlinable @inline(__always)
    func power<F: FloatingTensorScalar>(_ x: F) -> F {
        learningRatePower == -0.5 ? x.squareRoot() : F.pow(x, F(-learningRatePower))
    }

    @inlinable @inline(__always)
    public func update<F: FloatingTensorScalar>(_ value: inout F, gradient g: F, slots: inout OptimizerSlots<F>) {
        let acc = slots.0, newAcc = acc + g * g
        let shrunk = l2Shrinkage > 0 ? g + value * F(2 * l2Shrinkage) : g
        let newPower = power(newAcc)
        let newLinear = slots.1 + shrunk - (newPower - power(acc)) / F(learningRate) * value
        let quadratic = newPower / F(learningRate) + F(2 * l2Adjusted)
        let sign: F = newLinear > 0 ? 1 : (newLinear < 0 ? -1 : 0)
        let candidate = (sign * F(l1) - newLinear) / quadratic
        value = abs(newLinear) > F(l1) ? candidate : 0
        slots = (newAcc, newLinear, slots.2)
    }
}
