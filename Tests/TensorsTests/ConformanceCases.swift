import Tensors

/// One op to run on Reference and on a candidate backend with the same inputs.
struct OpCase: Sendable, CustomStringConvertible {
    enum Input: Sendable {
        /// Uniform floats in `low..<high`.
        case uniform(Shape, DType, low: Double, high: Double)
        /// Integers in `0..<upper`.
        case ints(Shape, DType, upper: Int)
        /// Random booleans.
        case bools(Shape)
    }

    let name: String
    let inputs: [Input]
    let tolerance: Double
    let body: @Sendable ([Tensor]) -> Tensor

    init(_ name: String, _ inputs: [Input], tolerance: Double = 1e-5, _ body: @escaping @Sendable ([Tensor]) -> Tensor) {
        self.name = name
        self.inputs = inputs
        self.tolerance = tolerance
        self.body = body
    }

    var description: String { name }

    /// The inputs, made on Reference from a fixed seed.
    func makeInputs() -> [Tensor] {
        var rng = RandomGenerator(seed: 7)
        let r = ReferenceBackend.shared
        return inputs.map { input in
            switch input {
            case let .uniform(s, d, lo, hi): return rng.uniform(s, low: lo, high: hi, dtype: .float64, on: r).cast(to: d)
            case let .ints(s, d, upper): return rng.uniform(s, low: 0, high: Double(upper), dtype: .float64, on: r).floor().cast(to: d)
            case let .bools(s): return rng.uniform(s, dtype: .float32, on: r) .> 0.5
            }
        }
    }
}

private func f(_ dims: Int..., low: Double = -2, high: Double = 2, dtype d: DType = .float32) -> OpCase.Input { .uniform(Shape(dims), d, low: low, high: high) }
private func i(_ dims: Int..., upper: Int, dtype d: DType = .int64) -> OpCase.Input { .ints(Shape(dims), d, upper: upper) }

/// Every op of the `Tensors` API, on small and on large (threaded) shapes.
let conformanceCases: [OpCase] = {
    var cases: [OpCase] = []
    // Unary ops, with inputs in each op's domain.
    let unary: [(String, @Sendable (Tensor) -> Tensor, Double, Double)] = [
        ("negate", { -$0 }, -3, 3), ("abs", { $0.abs() }, -3, 3), ("sign", { $0.sign() }, -3, 3), ("square", { $0.square() }, -3, 3),
        ("sqrt", { $0.sqrt() }, 0.1, 4), ("rsqrt", { $0.rsqrt() }, 0.1, 4), ("reciprocal", { $0.reciprocal() }, 0.5, 4),
        ("exp", { $0.exp() }, -5, 5), ("expm1", { $0.expm1() }, -3, 3), ("log", { $0.log() }, 0.1, 9), ("log1p", { $0.log1p() }, -0.5, 9),
        ("sin", { $0.sin() }, -4, 4), ("cos", { $0.cos() }, -4, 4), ("erf", { $0.erf() }, -3, 3),
        ("floor", { $0.floor() }, -3, 3), ("ceil", { $0.ceil() }, -3, 3), ("round", { $0.rounded() }, -3, 3),
        ("tanh", { $0.tanh() }, -4, 4), ("sigmoid", { $0.sigmoid() }, -30, 30), ("relu", { $0.relu() }, -3, 3),
        ("elu", { $0.elu() }, -3, 3), ("selu", { $0.selu() }, -3, 3), ("gelu", { $0.gelu() }, -3, 3),
        ("softplus", { $0.softplus() }, -30, 30), ("leakyRelu", { $0.leakyRelu(alpha: 0.3) }, -3, 3),
    ]
    for (name, op, lo, hi) in unary {
        cases.append(OpCase("\(name) [37,29]", [f(37, 29, low: lo, high: hi)]) { op($0[0]) })
        cases.append(OpCase("\(name) float64 [13]", [f(13, low: lo, high: hi, dtype: .float64)]) { op($0[0]) })
    }
    for name in ["relu", "exp", "sigmoid", "tanh"] {
        let (_, fn, lo, hi) = unary.first { $0.0 == name }!
        cases.append(OpCase("\(name) large [300,257]", [f(300, 257, low: lo, high: hi)]) { fn($0[0]) })
    }
    cases.append(OpCase("negate int32", [i(5, 7, upper: 50, dtype: .int32)]) { -$0[0] })
    cases.append(OpCase("abs int64", [i(9, upper: 50)]) { ($0[0] - 25).abs() })
    cases.append(OpCase("logicalNot", [.bools([4, 6])]) { !$0[0] })

    // Binary ops over every broadcast layout.
    let binary: [(String, @Sendable (Tensor, Tensor) -> Tensor)] = [
        ("add", { $0 + $1 }), ("subtract", { $0 - $1 }), ("multiply", { $0 * $1 }), ("divide", { $0 / $1 }),
        ("maximum", { Tensor.maximum($0, $1) }), ("minimum", { Tensor.minimum($0, $1) }), ("pow", { Tensor.pow($0, $1) }),
    ]
    let layouts: [(String, [OpCase.Input])] = [
        ("same [6,5]", [f(6, 5, low: 0.5, high: 2), f(6, 5, low: 0.5, high: 2)]),
        ("scalar rhs", [f(6, 5, low: 0.5, high: 2), f(low: 0.5, high: 2)]),
        ("scalar lhs", [f(low: 0.5, high: 2), f(6, 5, low: 0.5, high: 2)]),
        ("row rhs", [f(6, 5, low: 0.5, high: 2), f(5, low: 0.5, high: 2)]),
        ("row lhs", [f(5, low: 0.5, high: 2), f(6, 5, low: 0.5, high: 2)]),
        ("column rhs", [f(6, 5, low: 0.5, high: 2), f(6, 1, low: 0.5, high: 2)]),
        ("column lhs", [f(6, 1, low: 0.5, high: 2), f(6, 5, low: 0.5, high: 2)]),
        ("general [3,1,5]·[4,1]", [f(3, 1, 5, low: 0.5, high: 2), f(4, 1, low: 0.5, high: 2)]),
        ("large same [300,257]", [f(300, 257, low: 0.5, high: 2), f(300, 257, low: 0.5, high: 2)]),
        ("large row [300,257]", [f(300, 257, low: 0.5, high: 2), f(257, low: 0.5, high: 2)]),
        ("large column [300,257]", [f(300, 257, low: 0.5, high: 2), f(300, 1, low: 0.5, high: 2)]),
    ]
    for (name, op) in binary {
        for (layout, inputs) in layouts { cases.append(OpCase("\(name) \(layout)", inputs) { op($0[0], $0[1]) }) }
        cases.append(OpCase("\(name) float64", [f(4, 3, low: 0.5, high: 2, dtype: .float64), f(3, low: 0.5, high: 2, dtype: .float64)]) { op($0[0], $0[1]) })
    }
    for (name, op) in binary.prefix(6) {
        cases.append(OpCase("\(name) int32", [i(4, 3, upper: 9, dtype: .int32), i(3, upper: 9, dtype: .int32)]) { op($0[0], $0[1] + 1) })
        cases.append(OpCase("\(name) int64", [i(4, 3, upper: 9), i(4, 1, upper: 9)]) { op($0[0], $0[1] + 1) })
    }

    // Comparisons, select, logic, casts.
    let comparisons: [(String, @Sendable (Tensor, Tensor) -> Tensor)] = [
        (".==", { $0 .== $1 }), (".!=", { $0 .!= $1 }), (".<", { $0 .< $1 }), (".<=", { $0 .<= $1 }), (".>", { $0 .> $1 }), (".>=", { $0 .>= $1 }),
    ]
    for (name, op) in comparisons {
        cases.append(OpCase("\(name) int64", [i(6, 5, upper: 3), i(5, upper: 3)]) { op($0[0], $0[1]) })
        cases.append(OpCase("\(name) float32 large", [i(300, 257, upper: 3, dtype: .int32), i(257, upper: 3, dtype: .int32)]) { op($0[0].cast(to: .float32), $0[1].cast(to: .float32)) })
    }
    cases.append(OpCase("select", [.bools([6, 5]), f(6, 5), f(5)]) { Tensor.select($0[0], $0[1], $0[2]) })
    cases.append(OpCase("select large", [.bools([300, 257]), f(300, 257), f(1)]) { Tensor.select($0[0], $0[1], $0[2]) })
    cases.append(OpCase("logicalAnd", [.bools([6, 5]), .bools([5])]) { $0[0] .&& $0[1] })
    cases.append(OpCase("logicalOr", [.bools([6, 5]), .bools([6, 1])]) { $0[0] .|| $0[1] })
    for (from, to) in [(DType.float32, DType.int32), (.float32, .int64), (.float32, dtype: .float64), (.float64, .float32), (.float32, .bool)] {
        cases.append(OpCase("cast \(from)→\(to)", [f(7, 9, low: -5, high: 5, dtype: from)]) { $0[0].cast(to: to) })
    }
    cases.append(OpCase("cast int64→float32", [i(7, 9, upper: 1000)]) { $0[0].cast(to: .float32) })
    cases.append(OpCase("cast int64→int32", [i(7, 9, upper: 1000)]) { $0[0].cast(to: .int32) })
    cases.append(OpCase("cast bool→float32", [.bools([7, 9])]) { $0[0].cast(to: .float32) })

    // Reductions.
    let reductions: [(String, @Sendable (Tensor, [Int]?) -> Tensor)] = [
        ("sum", { $0.sum(axes: $1) }), ("mean", { $0.mean(axes: $1) }), ("max", { $0.max(axes: $1) }), ("min", { $0.min(axes: $1) }),
    ]
    for (name, op) in reductions {
        for axes in [nil, [0], [1], [-1], [0, 1]] as [[Int]?] {
            cases.append(OpCase("\(name) axes \(axes.map { "\($0)" } ?? "all") [37,29]", [f(37, 29)], tolerance: 1e-5) { op($0[0], axes) })
        }
        cases.append(OpCase("\(name) axes [1] [4,5,6]", [f(4, 5, 6)]) { op($0[0], [1]) })
        cases.append(OpCase("\(name) axes [0,2] [4,5,6]", [f(4, 5, 6)]) { op($0[0], [0, 2]) })
        cases.append(OpCase("\(name) axes [1,2] [4,5,6]", [f(4, 5, 6)]) { op($0[0], [1, 2]) })
        cases.append(OpCase("\(name) axes [0] large [600,300]", [f(600, 300)], tolerance: 1e-4) { op($0[0], [0]) })
        cases.append(OpCase("\(name) axes [1] large [600,300]", [f(600, 300)], tolerance: 1e-4) { op($0[0], [1]) })
        cases.append(OpCase("\(name) float64 axes [0]", [f(8, 3, dtype: .float64)]) { op($0[0], [0]) })
    }
    cases.append(OpCase("sum int64 axes [1]", [i(5, 7, upper: 100)]) { $0[0].sum(axes: [1]) })
    cases.append(OpCase("max int32 axes [0]", [i(5, 7, upper: 100, dtype: .int32)]) { $0[0].max(axes: [0]) })
    for axis in [0, 1, -1] {
        cases.append(OpCase("argmax axis \(axis)", [i(9, 7, upper: 4, dtype: .int32)]) { $0[0].cast(to: .float32).argmax(axis: axis) })
        cases.append(OpCase("argmin axis \(axis)", [f(9, 7)]) { $0[0].argmin(axis: axis) })
    }

    // Matmul in every transpose combination and dtype.
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
        let a = ta ? f(23, 17) : f(17, 23), b = tb ? f(19, 23) : f(23, 19)
        cases.append(OpCase("matmul tA=\(ta) tB=\(tb)", [a, b], tolerance: 1e-5) { Tensor.matmul($0[0], $0[1], transposeA: ta, transposeB: tb) })
        let a64 = ta ? f(5, 4, dtype: .float64) : f(4, 5, dtype: .float64), b64 = tb ? f(3, 5, dtype: .float64) : f(5, 3, dtype: .float64)
        cases.append(OpCase("matmul float64 tA=\(ta) tB=\(tb)", [a64, b64]) { Tensor.matmul($0[0], $0[1], transposeA: ta, transposeB: tb) })
    }
    cases.append(OpCase("matmul int32", [i(4, 5, upper: 9, dtype: .int32), i(5, 3, upper: 9, dtype: .int32)]) { Tensor.matmul($0[0], $0[1]) })
    cases.append(OpCase("matmul large [256,300]·[300,128]", [f(256, 300), f(300, 128)], tolerance: 1e-4) { Tensor.matmul($0[0], $0[1]) })
    cases.append(OpCase("matmul empty inner", [f(3, 0), f(0, 4)]) { Tensor.matmul($0[0], $0[1]) })

    // Data movement.
    cases.append(OpCase("transpose [3,4,5] [2,0,1]", [f(3, 4, 5)]) { $0[0].transposed([2, 0, 1]) })
    cases.append(OpCase("transpose large", [f(300, 257)]) { $0[0].T })
    cases.append(OpCase("reshape", [f(3, 4, 5)]) { $0[0].reshaped(to: [5, -1]) })
    cases.append(OpCase("slice", [f(6, 7, 8)]) { $0[0].slice(lowerBounds: [1, 2, 3], sizes: [4, -1, 2]) })
    cases.append(OpCase("pad", [f(3, 4)]) { $0[0].padded(lower: [1, 0], upper: [2, 3], value: 7) })
    cases.append(OpCase("concat axis 0", [f(2, 3), f(4, 3), f(1, 3)]) { Tensor.concat($0, axis: 0) })
    cases.append(OpCase("concat axis 1", [f(3, 2), f(3, 5)]) { Tensor.concat($0, axis: 1) })
    cases.append(OpCase("concat int64", [i(2, 3, upper: 9), i(1, 3, upper: 9)]) { Tensor.concat($0, axis: 0) })
    cases.append(OpCase("split", [f(3, 9)]) { $0[0].split(sizes: [2, 3, 4], axis: 1)[1] })
    cases.append(OpCase("broadcast", [f(3, 1)]) { $0[0].broadcast(to: [2, 3, 4]) })
    cases.append(OpCase("broadcast bool", [.bools([1, 4])]) { $0[0].broadcast(to: [3, 4]) })
    cases.append(OpCase("gather axis 0 int64", [f(10, 4), i(7, upper: 10)]) { $0[0].gathering($0[1]) })
    cases.append(OpCase("gather axis 0 int32 rank-2 ids", [f(10, 4), i(2, 3, upper: 10, dtype: .int32)]) { $0[0].gathering($0[1]) })
    cases.append(OpCase("gather axis 1", [f(3, 10, 2), i(5, upper: 10)]) { $0[0].gathering($0[1], axis: 1) })
    cases.append(OpCase("gather large", [f(5000, 16), i(4000, upper: 5000)]) { $0[0].gathering($0[1]) })
    cases.append(OpCase("scatter add duplicates", [f(6, 3), i(9, upper: 6), f(9, 3)]) { $0[0].scatteringAdd(indices: $0[1], values: $0[2]) })
    cases.append(OpCase("scatter set", [f(6, 3), f(2, 3)]) { x in
        var t = x[0]
        t.scatter(.set, indices: Tensor([4, 1] as [Int64], on: x[0].backend), values: x[1])
        return t
    })
    cases.append(OpCase("segmentSum", [f(8, 3), i(8, upper: 4)]) { $0[0].segmentSum(segmentIDs: $0[1], segmentCount: 5) })
    // Embedding bags: ids into a [10, 3] table, 12 entries in 5 segments (one left empty by some seeds).
    cases.append(OpCase("embeddingBagSum", [f(10, 3), i(12, upper: 10), i(12, upper: 5)]) {
        $0[0].embeddingBagSum(ids: $0[1], segments: $0[2], segmentCount: 5)
    })
    cases.append(OpCase("embeddingBagSum weighted, divided", [f(10, 3), i(12, upper: 10), i(12, upper: 5), f(12), f(5, low: 0.5, high: 2)]) {
        $0[0].embeddingBagSum(ids: $0[1], segments: $0[2], weights: $0[3], divisors: $0[4], segmentCount: 5)
    })
    let int32Bag = [f(10, 2, dtype: .float64), i(9, upper: 10, dtype: .int32), i(9, upper: 4, dtype: .int32)]
    cases.append(OpCase("embeddingBagSum float64 int32 ids", int32Bag) {
        $0[0].embeddingBagSum(ids: $0[1], segments: $0[2], segmentCount: 4)
    })
    cases.append(OpCase("embeddingBagSumGradient", [f(5, 3), i(12, upper: 7), i(12, upper: 5), f(12), f(5, low: 0.5, high: 2)]) {
        $0[0].backend.embeddingBagSumGradient($0[0], positions: $0[1], segments: $0[2], weights: $0[3], divisors: $0[4], rowCount: 7)
    })
    cases.append(OpCase("embeddingBagSumGradient unweighted", [f(5, 1), i(12, upper: 7), i(12, upper: 5)]) {
        $0[0].backend.embeddingBagSumGradient($0[0], positions: $0[1], segments: $0[2], weights: nil, divisors: nil, rowCount: 7)
    })
    cases.append(OpCase("oneHot", [i(4, 3, upper: 6)]) { Tensor.oneHot($0[0] - 1, depth: 4) })
    cases.append(OpCase("softmax", [f(7, 5, low: -20, high: 20)]) { $0[0].softmax() })
    cases.append(OpCase("softmax axis 0", [f(7, 5)]) { $0[0].softmax(axis: 0) })
    cases.append(OpCase("logSoftmax", [f(7, 5, low: -20, high: 20)]) { $0[0].logSoftmax() })

    // Creation and random numbers: candidates must match Reference bit for bit.
    cases.append(OpCase("fill", [f(1)], tolerance: 0) { Tensor(repeating: 2.5, shape: [100_000], on: $0[0].backend) })
    cases.append(OpCase("range", [f(1)], tolerance: 0) { Tensor.range(17, on: $0[0].backend) })
    let distributions: [(String, RandomDistribution)] = [
        ("uniform", .uniform(low: -1, high: 3)), ("normal", .normal(mean: 1, stddev: 2)),
        ("truncatedNormal", .truncatedNormal(mean: 0, stddev: 1)), ("bernoulli", .bernoulli(p: 0.3)),
    ]
    for (name, d) in distributions {
        cases.append(OpCase("random \(name) large", [f(1)], tolerance: 0) { x in
            var rng = RandomGenerator(seed: 5, offset: 123)
            return rng.next(d, shape: [70_001], on: x[0].backend)
        })
        cases.append(OpCase("random \(name) float64", [f(1)], tolerance: 0) { x in
            var rng = RandomGenerator(seed: 5)
            return rng.next(d, shape: [10], dtype: .float64, on: x[0].backend)
        })
    }
    return cases
}()
