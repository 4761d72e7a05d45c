import Testing
import Tensors
import TestSupport

/// One differentiable op and inputs inside its smooth domain.
struct GradCase: Sendable, CustomStringConvertible {
    let name: String
    let shapes: [Shape]
    let low: Double
    let high: Double
    let body: @Sendable ([Tensor]) -> Tensor
    var description: String { name }

    init(_ name: String, _ shapes: [Shape], low: Double = -2, high: Double = 2, _ body: @escaping @Sendable ([Tensor]) -> Tensor) {
        (self.name, self.shapes, self.low, self.high, self.body) = (name, shapes, low, high, body)
    }
}

/// Every differentiable op: its tape gradient matches central finite differences (float64).
let gradientCases: [GradCase] = [
    GradCase("add broadcast", [[3, 4], [4]]) { $0[0] + $0[1] },
    GradCase("subtract broadcast", [[3, 1], [1, 4]]) { $0[0] - $0[1] },
    GradCase("multiply broadcast", [[2, 3, 4], [3, 1]]) { $0[0] * $0[1] },
    GradCase("divide", [[3, 4], [3, 4]], low: 0.5, high: 2) { $0[0] / $0[1] },
    GradCase("pow", [[3, 4], [3, 4]], low: 0.5, high: 2) { Tensor.pow($0[0], $0[1]) },
    GradCase("maximum", [[3, 4], [3, 4]]) { Tensor.maximum($0[0], $0[1]) },
    GradCase("minimum", [[3, 4], [4]]) { Tensor.minimum($0[0], $0[1]) },
    GradCase("negate", [[5]]) { -$0[0] },
    GradCase("exp", [[5]]) { $0[0].exp() },
    GradCase("expm1", [[5]]) { $0[0].expm1() },
    GradCase("log", [[5]], low: 0.2, high: 3) { $0[0].log() },
    GradCase("log1p", [[5]], low: -0.5, high: 3) { $0[0].log1p() },
    GradCase("sqrt", [[5]], low: 0.2, high: 3) { $0[0].sqrt() },
    GradCase("rsqrt", [[5]], low: 0.2, high: 3) { $0[0].rsqrt() },
    GradCase("square", [[5]]) { $0[0].square() },
    GradCase("reciprocal", [[5]], low: 0.5, high: 3) { $0[0].reciprocal() },
    GradCase("abs", [[6]]) { $0[0].abs() },
    GradCase("sin", [[5]]) { $0[0].sin() },
    GradCase("cos", [[5]]) { $0[0].cos() },
    GradCase("erf", [[5]]) { $0[0].erf() },
    GradCase("tanh", [[5]]) { $0[0].tanh() },
    GradCase("sigmoid", [[5]], low: -6, high: 6) { $0[0].sigmoid() },
    GradCase("relu", [[8]]) { $0[0].relu() },
    GradCase("elu", [[8]]) { $0[0].elu() },
    GradCase("selu", [[8]]) { $0[0].selu() },
    GradCase("gelu", [[8]]) { $0[0].gelu() },
    GradCase("softplus", [[8]], low: -6, high: 6) { $0[0].softplus() },
    GradCase("leakyRelu", [[8]]) { $0[0].leakyRelu(alpha: 0.3) },
    GradCase("softmax", [[3, 4]]) { $0[0].softmax() },
    GradCase("softmax axis 0", [[3, 4]]) { $0[0].softmax(axis: 0) },
    GradCase("logSoftmax", [[3, 4]]) { $0[0].logSoftmax() },
    GradCase("sum axes", [[2, 3, 4]]) { $0[0].sum(axes: [0, 2]) },
    GradCase("sum all", [[2, 3]]) { $0[0].sum() },
    GradCase("mean keepDims", [[2, 3, 4]]) { $0[0].mean(axes: [1], keepDims: true) },
    GradCase("max", [[3, 5]]) { $0[0].max(axes: [1]) },
    GradCase("min", [[3, 5]]) { $0[0].min(axes: [0]) },
    GradCase("matmul", [[3, 4], [4, 2]]) { Tensor.matmul($0[0], $0[1]) },
    GradCase("matmul tA", [[4, 3], [4, 2]]) { Tensor.matmul($0[0], $0[1], transposeA: true) },
    GradCase("matmul tB", [[3, 4], [2, 4]]) { Tensor.matmul($0[0], $0[1], transposeB: true) },
    GradCase("matmul tA tB", [[4, 3], [2, 4]]) { Tensor.matmul($0[0], $0[1], transposeA: true, transposeB: true) },
    GradCase("reshape", [[2, 6]]) { $0[0].reshaped(to: [3, 4]) * $0[0].reshaped(to: [3, 4]) },
    GradCase("transpose", [[2, 3, 4]]) { $0[0].transposed([1, 2, 0]).square() },
    GradCase("broadcast", [[3, 1]]) { $0[0].broadcast(to: [2, 3, 4]).square() },
    GradCase("slice", [[4, 5]]) { $0[0].slice(lowerBounds: [1, 2], sizes: [2, 3]).square() },
    GradCase("pad", [[2, 3]]) { $0[0].padded(lower: [1, 0], upper: [0, 2], value: 1).square() },
    GradCase("concat", [[2, 3], [1, 3]]) { Tensor.concat($0, axis: 0).square() },
    GradCase("split", [[2, 6]]) { $0[0].split(count: 3, axis: 1)[1].square() },
    GradCase("gather axis 0", [[5, 3]]) { $0[0].gathering(Tensor([4, 0, 4, 2] as [Int64], on: $0[0].backend)).square() },
    GradCase("gather axis 1", [[2, 5, 3]]) { $0[0].gathering(Tensor([1, 1, 3] as [Int32], on: $0[0].backend), axis: 1).square() },
    GradCase("gather of intermediate", [[5, 3]]) { ($0[0] * 2).gathering(Tensor([1, 1] as [Int64], on: $0[0].backend)).square() },
    GradCase("scatteringAdd", [[4, 2], [3, 2]]) { $0[0].scatteringAdd(indices: Tensor([1, 3, 1] as [Int64], on: $0[0].backend), values: $0[1]).square() },
    GradCase("embeddingBagSum", [[5, 2]]) {
        let b = $0[0].backend
        return $0[0].embeddingBagSum(ids: Tensor([4, 0, 4, 2, 1] as [Int64], on: b), segments: Tensor([0, 2, 2, 1, 0] as [Int64], on: b),
                                     segmentCount: 3).square()
    },
    GradCase("embeddingBagSum weighted, divided", [[5, 2]]) {
        let b = $0[0].backend
        return $0[0].embeddingBagSum(ids: Tensor([4, 0, 4, 2, 1] as [Int64], on: b), segments: Tensor([0, 2, 2, 1, 0] as [Int64], on: b),
                                     weights: Tensor([0.5, 2, -1, 1.5, 3] as [Double], on: b), divisors: Tensor([2, 0.5, 4] as [Double], on: b),
                                     segmentCount: 3).square()
    },
    GradCase("segmentSum", [[5, 2]]) { $0[0].segmentSum(segmentIDs: Tensor([0, 2, 2, 1, 0] as [Int64], on: $0[0].backend), segmentCount: 3).square() },
    GradCase("select", [[2, 3], [2, 3]]) { Tensor.select($0[0] .> 0, $0[0], $0[1] * 3) },
    GradCase("cast float64→float64 chain", [[4]]) { $0[0].cast(to: .float32).cast(to: .float64) * 1 },
    GradCase("reused input", [[3]]) { $0[0] * $0[0] + $0[0].exp() },
]

@Suite struct GradientTests {
    @Test(arguments: TestBackends.all, gradientCases)
    func matchesFiniteDifferences(_ backend: BackendCase, _ c: GradCase) {
        var rng = RandomGenerator(seed: 3)
        let inputs = c.shapes.map { rng.uniform($0, low: c.low, high: c.high, dtype: .float64, on: backend.backend) }
        // Through float32 a step of 1e-6 drowns in rounding; that case is linear, so a big step is exact.
        let isCast = c.name.hasPrefix("cast")
        let err = GradientCheck.maxError(inputs, step: isCast ? 1e-1 : 1e-6, c.body)
        let tolerance = isCast ? 1e-5 : 1e-6
        #expect(err <= tolerance, "\(c.name) on \(backend): gradient error \(err)")
    }

    @Test func gatherOfAVariableGivesSparseRows() throws {
        let table = Variable(Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [3, 2]), name: "emb")
        let tape = GradientTape()
        let loss = tape.record { table.read().gathering(Tensor([2, 0, 2] as [Int64])).sum() }
        let g = tape.gradients(of: loss, wrt: [tape.watch(table)])[0]
        guard case let .sparse(slices)? = g else { Issue.record("expected a sparse gradient, got \(String(describing: g))"); return }
        #expect(slices.indices.doubles == [2, 0, 2])
        #expect(slices.values.shape == [3, 2])
        #expect(slices.densified().doubles == [1, 1, 0, 0, 2, 2])
        let d = slices.deduplicated()
        #expect(d.indices.doubles == [0, 2])
        #expect(d.values.doubles == [1, 1, 2, 2])
    }

    @Test func embeddingBagOfAVariableGivesDeduplicatedRows() throws {
        let table = Variable(Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [3, 2]), name: "emb")
        let tape = GradientTape()
        let ids = Tensor([2, 0, 2] as [Int64]), segments = Tensor([0, 1, 1] as [Int64])
        let loss = tape.record {
            table.read().embeddingBagSum(ids: ids, segments: segments, weights: Tensor([1, 2, 3] as [Float]), segmentCount: 2).sum()
        }
        let g = tape.gradients(of: loss, wrt: [tape.watch(table)])[0]
        guard case let .sparse(slices)? = g else { Issue.record("expected a sparse gradient, got \(String(describing: g))"); return }
        #expect(slices.indices.doubles == [0, 2], "sorted distinct ids")
        #expect(slices.values.doubles == [2, 2, 4, 4], "row 2 gets weights 1 + 3")
        let forward = table.value.embeddingBagSum(ids: ids, segments: segments, segmentCount: 2)
        #expect(forward.doubles == [5, 6, 6, 8])
    }

    @Test func unrelatedSourceHasNoGradient() {
        let tape = GradientTape()
        let x = tape.watch(Tensor([1, 2] as [Float]))
        let y = tape.watch(Tensor([3, 4] as [Float]))
        let g = tape.gradients(of: (x * 2).sum(), wrt: [x, y])
        #expect(g[0]?.denseValue.doubles == [2, 2])
        #expect(g[1] == nil)
    }

    @Test func opsOutsideATapeRecordNothing() {
        let x = Tensor([1, 2] as [Float])
        #expect((x * x + 1).node == nil)
        let v = Variable(x, name: "v")
        #expect(v.read().node == nil)
        let tape = GradientTape()
        tape.record { #expect(v.read().node != nil) }
    }
}
