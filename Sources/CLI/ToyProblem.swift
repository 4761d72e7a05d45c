import NN
import Tensors

/// The built-in toy problem the `est` command trains until the workbench exists:
/// two interleaved spirals, a classic that a linear model cannot separate.
struct ToyProblem {
    let features: Tensor   // [n, 2]
    let labels: Tensor     // [n] int64

    /// `pointsPerClass` noisy points on each of two spirals.
    init(pointsPerClass: Int, seed: UInt64, on backend: any Backend) {
        var rng = RandomGenerator(seed: seed)
        let noise = rng.normal([2 * pointsPerClass, 2], stddev: 0.15, dtype: .float64, on: backend).doubles
        var xs: [Float] = [], ys: [Int64] = []
        for c in 0..<2 {
            for i in 0..<pointsPerClass {
                let t = 0.25 + 3.5 * Double(i) / Double(pointsPerClass)   // angle / π
                let r = t / 3.75
                let angle = Double.pi * t + Double(c) * Double.pi
                let k = 2 * (c * pointsPerClass + i)
                xs.append(Float(r * Double.cos(angle) * 2 + noise[k] * r))
                xs.append(Float(r * Double.sin(angle) * 2 + noise[k + 1] * r))
                ys.append(Int64(c))
            }
        }
        features = Tensor(xs, shape: [2 * pointsPerClass, 2], on: backend)
        labels = Tensor(ys, on: backend)
    }
}

/// A small DNN classifier trained with Adagrad on the toy problem, printing its loss.
struct ToyTraining {
    var steps = 2000
    var batchSize = 64
    var hiddenUnits = [32, 32]
    var learningRate = 0.1
    var seed: UInt64 = 42
    var logEvery = 100

    /// Trains and returns the final full-data loss and accuracy.
    func run(on backend: any Backend, log: (String) -> Void) -> (loss: Double, accuracy: Double) {
        let data = ToyProblem(pointsPerClass: 512, seed: seed, on: backend)
        let n = data.labels.count
        var rng = RandomGenerator(seed: seed &+ 1)
        var layers: [Dense] = []
        var width = 2
        for (i, units) in hiddenUnits.enumerated() {
            layers.append(Dense(inputSize: width, units: units, activation: .relu, name: "dnn/hiddenlayer_\(i)", rng: &rng, on: backend))
            width = units
        }
        layers.append(Dense(inputSize: width, units: 2, name: "dnn/logits", rng: &rng, on: backend))
        let variables = layers.flatMap(\.trainableVariables)
        let optimizer = Adagrad(learningRate: learningRate)

        func forward(_ x: Tensor) -> Tensor { layers.reduce(x) { $1($0) } }
        func evaluate() -> (Double, Double) {
            let logits = forward(data.features)
            let loss = Losses.sparseSoftmaxCrossEntropy(labels: data.labels, logits: logits).mean().scalarValue
            let correct = (logits.argmax(axis: 1) .== data.labels).cast(to: .float32).mean().scalarValue
            return (loss, correct)
        }

        var shuffle = RandomGenerator(seed: seed &+ 2)
        var order: [Int64] = []
        var cursor = n
        for step in 1...steps {
            if cursor + batchSize > n {
                // A new epoch: a fresh permutation from the seeded stream.
                let keys = shuffle.uniform([n], dtype: .float64, on: backend).doubles
                order = keys.indices.sorted { keys[$0] < keys[$1] }.map(Int64.init)
                cursor = 0
            }
            let idx = Tensor(Array(order[cursor..<cursor + batchSize]), on: backend)
            cursor += batchSize
            let x = data.features.gathering(idx), y = data.labels.gathering(idx)
            let tape = GradientTape()
            let loss = tape.record { Losses.sparseSoftmaxCrossEntropy(labels: y, logits: forward(x)).mean() }
            let grads = tape.gradients(of: loss, wrt: variables.map { tape.watch($0) })
            optimizer.apply(zip(grads, variables).compactMap { g, v in g.map { ($0, v) } })
            if step % logEvery == 0 || step == 1 {
                let (l, a) = evaluate()
                log("step \(pad(step, steps)): loss = \(fmt(l)), accuracy = \(fmt(a))")
            }
        }
        return evaluate()
    }

    private func pad(_ v: Int, _ max: Int) -> String {
        let s = String(v)
        return String(repeating: " ", count: Swift.max(0, String(max).count - s.count)) + s
    }
}

func fmt(_ x: Double) -> String {
    let s = String(Double(Int((x * 10_000).rounded())) / 10_000)
    return s
}
