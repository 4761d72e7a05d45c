import Datasets
@testable import Estimators
import FeatureColumns
import Foundation
import NN
import Tensors
import Testing
import TestSupport

/// `SecondOrderHead`: the gradients and hessians boosted trees grow from, against the heads' own losses.
@Suite struct HeadHessianTests {
    /// Per-example loss of one example's logits (unweighted, unreduced), from the head itself.
    static func loss(_ head: any Head, _ logits: [Float], _ labels: Tensor) -> Double {
        head.unreducedLoss(logits: Tensor(logits, shape: [1, logits.count]), labels: labels).doubles.reduce(0, +)
    }

    /// Central differences of the head's loss at every logit: (∂ℓ/∂x_k, ∂²ℓ/∂x_k²).
    static func finiteDifferences(_ head: any Head, _ logits: [Float], _ labels: Tensor) -> [(Double, Double)] {
        let step: Float = 0.05
        return logits.indices.map { k in
            var up = logits, down = logits
            up[k] += step
            down[k] -= step
            let (lu, l0, ld) = (loss(head, up, labels), loss(head, logits, labels), loss(head, down, labels))
            let s = Double(step)
            return ((lu - ld) / (2 * s), (lu - 2 * l0 + ld) / (s * s))
        }
    }

    static let cases: [(name: String, head: any SecondOrderHead, logits: [Float], labels: Tensor)] = [
        ("binary y=1", BinaryClassHead(), [0.7], Tensor([Float(1)], shape: [1, 1])),
        ("binary y=0", BinaryClassHead(), [-1.3], Tensor([Float(0)], shape: [1, 1])),
        ("multi-class", MultiClassHead(nClasses: 3), [0.2, -0.5, 1.1], Tensor([Int64(2)])),
        ("multi-class other", MultiClassHead(nClasses: 4), [1.5, 0.1, -0.3, 0.4], Tensor([Int64(1)])),
        ("regression", RegressionHead(), [3.5], Tensor([Float(1.25)], shape: [1, 1])),
        ("regression d=2", RegressionHead(labelDimension: 2), [0.5, -2], Tensor([Float(1), 1], shape: [1, 2])),
    ]

    @Test(arguments: 0..<6)
    func matchFiniteDifferencesOfTheHeadsLoss(_ c: Int) {
        let (name, head, logits, labels) = Self.cases[c]
        let gh = head.gradientsAndHessians(logits: logits, labels: labels, weights: nil)
        let fd = Self.finiteDifferences(head, logits, labels)
        #expect(gh.rows == 1 && gh.dimension == logits.count)
        for (k, (g, h)) in fd.enumerated() {
            #expect(abs(Double(gh.gradient(0, k)) - g) <= 2e-3 * max(1, abs(g)), "\(name): gradient \(k): \(gh.gradient(0, k)) vs \(g)")
            #expect(abs(Double(gh.hessian(0, k)) - h) <= 5e-3 * max(1, abs(h)), "\(name): hessian \(k): \(gh.hessian(0, k)) vs \(h)")
        }
        // Weights multiply both.
        let weighted = head.gradientsAndHessians(logits: logits, labels: labels, weights: [2.5])
        for k in logits.indices {
            #expect(weighted.gradient(0, k) == gh.gradient(0, k) * 2.5 && weighted.hessian(0, k) == gh.hessian(0, k) * 2.5, "\(name): weights")
        }
    }

    @Test func handComputedValues() {
        let b = BinaryClassHead().gradientsAndHessians(logits: [0, 0], labels: Tensor([Float(1), 0], shape: [2, 1]), weights: [1, 2])
        #expect(b.interleaved == [-0.5, 0.25, 1, 0.5])
        let m = MultiClassHead(nClasses: 3).gradientsAndHessians(logits: [0, 0, 0], labels: Tensor([Int64(1)]), weights: nil)
        let want: [Double] = [1.0 / 3, -2.0 / 3, 1.0 / 3, 2.0 / 9, 2.0 / 9, 2.0 / 9]
        for (got, w) in zip(m.interleaved, want) { #expect(abs(Double(got) - w) < 1e-6, "\(m.interleaved)") }
        let r = RegressionHead().gradientsAndHessians(logits: [3], labels: Tensor([Float(1)], shape: [1, 1]), weights: [0.5])
        #expect(r.interleaved == [2, 1])
        // A confident example's hessian is floored, so Newton steps stay finite.
        let c = BinaryClassHead().gradientsAndHessians(logits: [40], labels: Tensor([Float(1)], shape: [1, 1]), weights: nil)
        #expect(c.hessian(0, 0) == 1e-6)
    }

    /// The binary head's fused threaded pass gives the same gradients, and its loss is the head's loss.
    @Test(arguments: [100, 70_000])
    func binaryFusedPassMatchesTheHead(_ n: Int) {
        let head = BinaryClassHead()
        let logits = (0..<n).map { Float(sin(Double($0) * 0.37) * 4) }
        let labels = Tensor((0..<n).map { Float($0 % 3 == 0 ? 1 : 0) }, shape: [n, 1])
        let weights = (0..<n).map { Float(1 + $0 % 5) }
        let (gh, loss) = head.lossAndGradientsAndHessians(logits: logits, labels: labels, weights: weights, threads: 2)
        #expect(gh == head.gradientsAndHessians(logits: logits, labels: labels, weights: weights))
        let want = head.loss(logits: Tensor(logits, shape: [n, 1]), labels: labels, weights: Tensor(weights)).scalarValue
        #expect(abs(loss! - want) <= 1e-5 * abs(want), "\(loss!) vs \(want)")
        // Other heads leave the loss to the head.
        let m = MultiClassHead(nClasses: 3)
        #expect(m.lossAndGradientsAndHessians(logits: [0, 1, 2], labels: Tensor([Int64(0)]), weights: nil, threads: 2).loss == nil)
    }

    /// The binary head's closed-form sums for a constant logit are the sums of its per-example values.
    @Test func binaryBiasSumsAreTheClosedForm() {
        let head = BinaryClassHead()
        let labels = Tensor((0..<300).map { Float($0 % 4 == 0 ? 1 : 0) }, shape: [300, 1])
        let weights = (0..<300).map { Float(1 + $0 % 3) }
        let (g, h) = head.biasGradientsAndHessians(bias: [0.3], labels: labels, weights: weights)
        let gh = head.gradientsAndHessians(logits: [Float](repeating: 0.3, count: 300), labels: labels, weights: weights)
        let gs = (0..<300).reduce(0.0) { $0 + Double(gh.gradient($1, 0)) }, hs = (0..<300).reduce(0.0) { $0 + Double(gh.hessian($1, 0)) }
        #expect(abs(g[0] - gs) < 1e-3 && abs(h[0] - hs) < 1e-3, "\(g) \(gs) \(h) \(hs)")
    }

    struct CustomHead: Head {
        var logitsDimension: Int { 1 }
        var weightColumn: String? { nil }
        var lossReduction: LossReduction { .sum }
        func labels(_ column: Column, firstRow: Int) throws(EstimatorError) -> Tensor { Tensor([Float](), shape: [0, 1]) }
        func unreducedLoss(logits: Tensor, labels: Tensor) -> Tensor { logits }
        func predictions(logits: [Float], count: Int) -> [[String: PredictionValue]] { [] }
        func makeMetrics() -> any HeadMetrics { RegressionHead().makeMetrics() }
    }

    @Test func treesRejectAHeadWithoutHessiansAtConstruction() throws {
        #expect { _ = try BoostedTreesEstimator(featureColumns: [numericColumn("x")], head: CustomHead(), modelDir: "/tmp/unused") } throws: {
            "\($0)".contains("CustomHead gives no gradients and hessians")
        }
        let e = try BoostedTreesEstimator(featureColumns: irisFeatures, head: MultiClassHead(nClasses: 3, labelVocabulary: irisClasses),
                                          modelDir: try Interop.temporaryDirectory("est-bte").path,
                                          params: BoostedTreesParams(nTrees: 3, maxDepth: 2))
        try e.train(input: .csv([fixture("iris_train.csv")], label: "species", batchSize: 500, epochs: nil))
        #expect(e.globalStep == 3)
    }
}
