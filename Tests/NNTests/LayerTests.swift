import Testing
import NN
import Tensors
import TestSupport

@Suite struct LayerTests {
    @Test func denseIsGlorotUniformWithZeroBiasAndTensorFlowNames() {
        var rng = RandomGenerator(seed: 1)
        let d = Dense(inputSize: 28, units: 128, activation: .relu, name: "dnn/hiddenlayer_0", rng: &rng)
        #expect(d.variables.map(\.name) == ["dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/bias"])
        let limit = (6.0 / (28 + 128)).squareRoot()
        let k = d.kernel.value.doubles
        #expect(k.allSatisfy { Swift.abs($0) <= limit } && k.contains { Swift.abs($0) > limit * 0.9 })
        #expect(d.bias!.value.doubles.allSatisfy { $0 == 0 })
        #expect(d(Tensor.ones([5, 28])).shape == [5, 128])
        var again = RandomGenerator(seed: 1)
        #expect(Dense(inputSize: 28, units: 128, rng: &again).kernel.value.doubles == k, "same seed, same weights")
    }

    @Test func dropoutScalesKeptUnitsAndIsIdentityAtInference() {
        let drop = Dropout(rate: 0.25)
        var rng = RandomGenerator(seed: 4)
        let x = Tensor.ones([200, 100])
        let y = drop(x, training: true, rng: &rng).doubles
        let kept = y.filter { $0 != 0 }
        #expect(kept.allSatisfy { Swift.abs($0 - 1 / 0.75) < 1e-6 })
        #expect(Swift.abs(Double(kept.count) / Double(y.count) - 0.75) < 0.02)
        #expect(drop(x, training: false, rng: &rng).doubles == x.doubles)
    }

    @Test func batchNormalizationNormalisesAndTracksMovingStatistics() {
        let bn = BatchNormalization(features: 2, name: "batchnorm_0")
        #expect(bn.momentum == 0.999 && bn.epsilon == 0.001)
        #expect(bn.trainableVariables.map(\.name) == ["batchnorm_0/gamma", "batchnorm_0/beta"])
        let x = Tensor([1, 10, 3, 20, 5, 30, 7, 40] as [Float], shape: [4, 2])
        let y = bn(x, training: true)
        let cols = y.transposed().doubles
        let m0 = cols[0..<4].reduce(0, +) / 4
        #expect(Swift.abs(m0) < 1e-6)
        // variance of [1,3,5,7] is 5: (x - 4) / sqrt(5 + 0.001)
        #expect(Swift.abs(cols[0] - (-3 / (5.001).squareRoot())) < 1e-5)
        expectClose(bn.movingMean.value, [4 * 0.001, 25 * 0.001], tolerance: 1e-6, "moving_mean")
        expectClose(bn.movingVariance.value, [0.999 + 5 * 0.001, 0.999 + 125 * 0.001], tolerance: 1e-6, "moving_variance")
        // Inference uses the moving statistics, not the batch.
        let inferred = bn(x, training: false).doubles
        #expect(Swift.abs(inferred[0] - (1 - 0.004) / (bn.movingVariance.value.doubles[0] + 0.001).squareRoot()) < 1e-5)
    }

    @Test func batchNormalizationGradientMatchesFiniteDifferences() {
        let bn = BatchNormalization(features: 3, dtype: .float64, on: ReferenceBackend.shared)
        var rng = RandomGenerator(seed: 2)
        let x = rng.normal([5, 3], dtype: .float64, on: ReferenceBackend.shared)
        let err = GradientCheck.maxError([x]) { bn($0[0], training: true) }
        #expect(err < 1e-6)
    }

    @Test(arguments: [Combiner.sum, .mean, .sqrtn])
    func embeddingCombinesPerExampleAndGivesSparseGradients(_ combiner: Combiner) {
        var rng = RandomGenerator(seed: 9)
        let table = Tensor([1, 0, 0, 1, 2, 2, 3, -1] as [Float], shape: [4, 2])
        let emb = Embedding(vocabularySize: 4, dimension: 2, combiner: combiner, name: "color", initializer: .zeros, rng: &rng)
        emb.table.assign(table)
        // Example 0: ids 0, 2 (weights 1, 3); example 1: none; example 2: id 3.
        let ids = Tensor([0, 2, 3] as [Int64]), rows = Tensor([0, 0, 2] as [Int64]), w = Tensor([1, 3, 2] as [Float])
        let tape = GradientTape()
        let out = tape.record { emb(ids: ids, rows: rows, weights: w, batchSize: 3) }
        let sum0 = [1 * 1 + 3 * 2.0, 0 + 3 * 2.0], sum2 = [2 * 3.0, -2]
        let den0: Double, den2: Double
        switch combiner {
        case .sum: (den0, den2) = (1, 1)
        case .mean: (den0, den2) = (4, 2)
        case .sqrtn: (den0, den2) = ((1 + 9.0).squareRoot(), 2)
        }
        expectClose(out, [sum0[0] / den0, sum0[1] / den0, 0, 0, sum2[0] / den2, sum2[1] / den2], tolerance: 1e-6, "\(combiner)")
        let g = tape.gradients(of: out.sum(), wrt: [tape.watch(emb.table)])[0]
        guard case let .sparse(s)? = g else { Issue.record("embedding gradient is not sparse"); return }
        #expect(s.indices.doubles == [0, 2, 3])
        #expect(emb.table.name == "color/embedding_weights")
    }
}
