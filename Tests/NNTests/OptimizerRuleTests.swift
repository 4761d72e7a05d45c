import NN
import Tensors
import Testing
import TestSupport

/// An optimizer and the rule it should run, built from the same hyper-parameters.
struct RuleCase: Sendable, CustomStringConvertible {
    let description: String
    let make: @Sendable () -> Optimizer
    let rule: @Sendable (_ step: Int64) -> any OptimizerRule
}

let ruleCases: [RuleCase] = [
    RuleCase(description: "SGD", make: { SGD(learningRate: 0.1) }, rule: { _ in SGDRule(learningRate: 0.1) }),
    RuleCase(description: "Momentum Nesterov", make: { SGD(learningRate: 0.1, momentum: 0.9, nesterov: true) },
             rule: { _ in MomentumRule(learningRate: 0.1, momentum: 0.9, nesterov: true) }),
    RuleCase(description: "Adagrad", make: { Adagrad(learningRate: 0.1) }, rule: { _ in AdagradRule(learningRate: 0.1, epsilon: 1e-7) }),
    RuleCase(description: "Adam", make: { Adam(learningRate: 0.01) }, rule: { step in
        let b1t = Double(Float.pow(Float(0.9 as Double), Float(step))), b2t = Double(Float.pow(Float(0.999 as Double), Float(step)))
        return AdamRule(correctedRate: 0.01 * (1 - b2t).squareRoot() / (1 - b1t), beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
    }),
    RuleCase(description: "Ftrl power -0.7", make: {
        Ftrl(learningRate: 0.2, learningRatePower: -0.7, l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.1,
             l2ShrinkageRegularizationStrength: 0.05, beta: 0.3)
    }, rule: { _ in FtrlRule(learningRate: 0.2, learningRatePower: -0.7, l1: 0.01, l2Adjusted: 0.1 + 0.3 / 0.4, l2Shrinkage: 0.05) }),
    RuleCase(description: "RMSProp centered", make: { RMSProp(learningRate: 0.01, centered: true) },
             rule: { _ in RMSPropRule(learningRate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: true) }),
    RuleCase(description: "RMSProp momentum centered", make: { RMSProp(learningRate: 0.01, momentum: 0.5, centered: true) },
             rule: { _ in RMSPropRule(learningRate: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: true) }),
]

/// The host loop, the copy path of other backends and float64 variables all run exactly the rule:
/// a plain loop over `Double` scalars calling the same rule gives the same bits.
@Suite struct OptimizerRuleTests {
    /// The rule on plain arrays: every element (dense), the rows (lazy), or every element with an optional gradient.
    static func expected(_ rule: some OptimizerRule, value: inout [Double], slots: inout [[Double]], gradient: [Double], rows: [Int]?, width: Int) {
        for t in value.indices {
            var s: OptimizerSlots<Double> = (0, 0, 0)
            for (k, slot) in slots.enumerated() {
                if k == 0 { s.0 = slot[t] } else if k == 1 { s.1 = slot[t] } else { s.2 = slot[t] }
            }
            var p = value[t]
            if let rows {
                let row = rows.firstIndex(of: t / width)
                let g = row.map { gradient[$0 * width + t % width] }
                if rule.sparseIsLazy {
                    guard let g else { continue }
                    rule.update(&p, gradient: g, slots: &s)
                } else {
                    rule.sparseUpdate(&p, gradient: g, slots: &s)
                }
            } else {
                rule.update(&p, gradient: gradient[t], slots: &s)
            }
            value[t] = p
            for k in slots.indices { slots[k][t] = k == 0 ? s.0 : k == 1 ? s.1 : s.2 }
        }
    }

    @Test(arguments: TestBackends.all, ruleCases)
    func float64UpdatesRunTheRule(_ b: BackendCase, _ c: RuleCase) {
        var rng = RandomGenerator(seed: 11)
        let initial = rng.normal([4, 2], dtype: .float64).doubles
        let variable = Variable(Tensor(initial, shape: [4, 2], on: b.backend), name: "v")
        let opt = c.make()
        var value = initial
        var slots = opt.slotNames.map { [Double](repeating: opt.initialSlotValue($0), count: 8) }
        for step in 1...3 {
            let rows: [Int]? = step == 2 ? [3, 1] : nil
            let gradient = rng.normal([rows?.count ?? 4, 2], dtype: .float64).doubles
            let g = Tensor(gradient, shape: [rows?.count ?? 4, 2], on: b.backend)
            if let rows {
                let indices = Tensor(rows.map { Int64($0) }, on: b.backend)
                opt.apply([(.sparse(IndexedSlices(indices: indices, values: g, denseShape: [4, 2])), variable)])
                // The optimizer deduplicates (sorts) rows first; the sum of one row is the row itself.
                let order = rows.indices.sorted { rows[$0] < rows[$1] }
                let sortedGradient = order.flatMap { gradient[$0 * 2..<$0 * 2 + 2] }
                Self.expected(c.rule(Int64(step)), value: &value, slots: &slots, gradient: sortedGradient, rows: order.map { rows[$0] }, width: 2)
            } else {
                opt.apply([(.dense(g), variable)])
                Self.expected(c.rule(Int64(step)), value: &value, slots: &slots, gradient: gradient, rows: nil, width: 2)
            }
            #expect(variable.value.dtype == .float64 && variable.value.backend === b.backend)
            #expect(variable.value.doubles == value, "\(c) step \(step) on \(b)")
            for (k, name) in opt.slotNames.enumerated() {
                #expect(opt.slot(name, for: variable).value.doubles == slots[k], "\(c) slot \(name) step \(step) on \(b)")
            }
        }
    }
}
