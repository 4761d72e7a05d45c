import Foundation
import Datasets
import Exports

/// A stand-in for the benchmark's DNN export (architecture.md §6, `dnn`): a binary classifier on 28 float32
/// inputs `f00`…`f27` with hidden layers [128, 64] and ReLU, fixed weights, written as plain loops.
///
/// It costs what the real network costs per row (about 12 000 multiply-adds), so load tests of the server
/// (`est-serve --synthetic NAME`, docs/serving.md) measure the request path with a DNN-sized model in it.
public struct SyntheticModel: ServableModel {
    public let signature: ExportSignature
    static let widths = [28, 128, 64, 1]
    private let weights: [[Float]]
    private let biases: [[Float]]

    public init() {
        let inputs = (0..<28).map { ExportSignature.Input(name: String(format2: $0), dtype: "float32") }
        let outputs: [ExportSignature.Output] = [
            .init(name: "logits", dtype: "float32", shape: [-1, 1], meaning: "the logit of class 1"),
            .init(name: "logistic", dtype: "float32", shape: [-1, 1], meaning: "the probability of class 1"),
            .init(name: "probabilities", dtype: "float32", shape: [-1, 2], meaning: "each class's probability"),
            .init(name: "class_ids", dtype: "int64", shape: [-1, 1], meaning: "the predicted class id"),
            .init(name: "classes", dtype: "string", shape: [-1, 1], meaning: "the predicted class label"),
        ]
        signature = ExportSignature(kind: "DNNClassifier", globalStep: 0, created: "1970-01-01T00:00:00Z", inputs: inputs,
                                    graphInputs: [], outputs: outputs, classes: ["0", "1"], files: [:])
        var w: [[Float]] = []
        var b: [[Float]] = []
        for l in 0..<(Self.widths.count - 1) {
            let (n, m) = (Self.widths[l], Self.widths[l + 1])
            w.append((0..<(n * m)).map { Float(($0 * 7919 + l * 104_729) % 2001 - 1000) / (1000 * Float(n).squareRoot()) })
            b.append((0..<m).map { Float($0 % 7 - 3) / 100 })
        }
        (weights, biases) = (w, b)
    }

    public func predict(_ batch: Table) throws(ExportError) -> [String: ExportOutput] {
        let n = batch.rowCount
        var x = [Float](repeating: 0, count: n * 28)
        for (k, input) in signature.inputs.enumerated() {
            guard let column = batch[input.name], case let .float(values) = column.values else {
                throw ExportError("column '\(input.name)': missing or not float32")
            }
            for r in 0..<n {
                guard !column.isMissing(r) else { throw ExportError("column '\(input.name)' row \(r): missing value and no default") }
                x[r * 28 + k] = values[r]
            }
        }
        for l in 0..<weights.count { x = layer(x, rows: n, l, relu: l < weights.count - 1) }
        let logistic = x.map { 1 / (1 + (-$0).exp()) }
        let probabilities = logistic.flatMap { [1 - $0, $0] }
        let ids = logistic.map { Int64($0 > 0.5 ? 1 : 0) }
        return [
            "logits": .float32(x, shape: [n, 1]), "logistic": .float32(logistic, shape: [n, 1]),
            "probabilities": .float32(probabilities, shape: [n, 2]), "class_ids": .int64(ids, shape: [n, 1]),
            "classes": .string(ids.map { String($0) }, shape: [n, 1]),
        ]
    }

    private func layer(_ x: [Float], rows: Int, _ l: Int, relu: Bool) -> [Float] {
        let (n, m) = (Self.widths[l], Self.widths[l + 1])
        var y = [Float](repeating: 0, count: rows * m)
        weights[l].withUnsafeBufferPointer { w in
            y.withUnsafeMutableBufferPointer { y in
                for r in 0..<rows {
                    for j in 0..<m { y[r * m + j] = biases[l][j] }
                    for i in 0..<n {
                        let xi = x[r * n + i]
                        for j in 0..<m { y[r * m + j] += xi * w[i * m + j] }
                    }
                    if relu { for j in 0..<m { y[r * m + j] = max(0, y[r * m + j]) } }
                }
            }
        }
        return y
    }
}

private extension String {
    /// `f00`, `f01`, …
    init(format2 k: Int) { self = k < 10 ? "f0\(k)" : "f\(k)" }
}

private extension Float {
    func exp() -> Float { Float(Foundation.exp(Double(self))) }
}
