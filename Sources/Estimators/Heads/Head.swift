import Datasets
import NN
import Tensors

/// One example's prediction value: numbers, ids or class names.
public enum PredictionValue: Sendable, Equatable, CustomStringConvertible {
    case floats([Float])
    case ints([Int64])
    case strings([String])

    public var description: String {
        switch self {
        case let .floats(v): "\(v)"
        case let .ints(v): "\(v)"
        case let .strings(v): "\(v)"
        }
    }
}

/// What turns logits into a loss, predictions and metrics: TF's `Head`.
///
/// Canned estimators differ only in the network that makes the logits; the head does the rest.
public protocol Head: Sendable {
    /// Logits per example.
    var logitsDimension: Int { get }
    /// The feature holding example weights, if any.
    var weightColumn: String? { get }
    var lossReduction: LossReduction { get }

    /// The label tensor of a batch (`[N, 1]` float for binary, `[N]` int64 for multi-class,
    /// `[N, d]` float for regression), or an error naming the bad value and its row.
    func labels(_ column: Column, firstRow: Int) throws(EstimatorError) -> Tensor
    /// Unreduced loss `[N, d]`.
    func unreducedLoss(logits: Tensor, labels: Tensor) -> Tensor
    /// Per-example predictions from host logits (`N × logitsDimension`).
    func predictions(logits: [Float], count: Int) -> [[String: PredictionValue]]
    /// A fresh metric accumulator.
    func makeMetrics() -> any HeadMetrics
}

extension Head {
    /// The training loss with the head's reduction: `Σ w·ℓ / (N·d)` (sum over batch size) or `Σ w·ℓ`.
    public func loss(logits: Tensor, labels: Tensor, weights: Tensor?) -> Tensor {
        let l = unreducedLoss(logits: logits, labels: labels)
        let w = weights?.reshaped(to: [-1, 1])
        return Losses.computeWeightedLoss(l, weights: w, reduction: lossReduction)
    }

    /// The weights of a batch (`[N]`, float), or nil without a weight column.
    public func weights(_ batch: Table, on backend: any Backend) throws(EstimatorError) -> Tensor? {
        guard let key = weightColumn else { return nil }
        guard let c = batch[key] else {
            throw EstimatorError("no weight column '\(key)' in the input", hint: "the input has: \(batch.names.joined(separator: ", "))")
        }
        return Tensor((0..<c.count).map { Float(c.double($0) ?? 0) }, on: backend)
    }
}

/// Accumulates a head's evaluation metrics over batches.
public protocol HeadMetrics: AnyObject {
    /// Adds a batch: host logits (`N × d`), labels as the head made them, weights, the batch's training loss.
    func update(logits: [Float], labels: Tensor, weights: [Float]?, batchLoss: Double, perExampleLoss: [Float])
    /// Every metric by TF's key, plus `loss` (the mean of the batch losses).
    func result() -> [String: Double]
}

func classLabel(_ column: Column, row: Int, vocabulary: [String]?, classes: Int, firstRow: Int) throws(EstimatorError) -> Int64 {
    if column.isMissing(row) {
        throw EstimatorError("missing label at row \(firstRow + row + 1)", hint: "every training and evaluation row needs a label")
    }
    if let vocabulary {
        guard let s = column.string(row), let i = vocabulary.firstIndex(of: s) else {
            throw EstimatorError("label '\(column.string(row) ?? "")' at row \(firstRow + row + 1) is not in the label vocabulary \(vocabulary)",
                                 hint: "add it to label_vocabulary, or fix the row")
        }
        return Int64(i)
    }
    guard let v = column.double(row), v == v.rounded(), v >= 0, v < Double(classes) else {
        let text = column.string(row) ?? ""
        throw EstimatorError("label '\(text)' at row \(firstRow + row + 1) is not a class id in 0..<\(classes)",
                             hint: column.type == .string ? "set label_vocabulary to the class names"
                                 : "labels must be integers from 0 to n_classes - 1")
    }
    return Int64(v)
}

/// Binary classification with sigmoid cross entropy: TF's `BinaryClassHead`.
public struct BinaryClassHead: Head {
    public var weightColumn: String?
    public var labelVocabulary: [String]?
    public var thresholds: [Double]
    public var lossReduction: LossReduction

    public init(weightColumn: String? = nil, labelVocabulary: [String]? = nil, thresholds: [Double] = [],
        lossReduction: LossReduction = .sumOverBatchSize) {
        if let v = labelVocabulary { precondition(v.count == 2, "BinaryClassHead: labelVocabulary needs 2 entries, got \(v)") }
        (self.weightColumn, self.labelVocabulary, self.thresholds, self.lossReduction) = (weightColumn, labelVocabulary, thresholds, lossReduction)
    }

    public var logitsDimension: Int { 1 }

    public func labels(_ column: Column, firstRow: Int) throws(EstimatorError) -> Tensor {
        var out: [Float] = []
        out.reserveCapacity(column.count)
        for r in 0..<column.count { out.append(Float(try classLabel(column, row: r, vocabulary: labelVocabulary, classes: 2, firstRow: firstRow))) }
        return Tensor(out, shape: [column.count, 1])
    }

    public func unreducedLoss(logits: Tensor, labels: Tensor) -> Tensor {
        Losses.sigmoidCrossEntropy(labels: labels.to(logits.backend), logits: logits)
    }

    func className(_ i: Int) -> String { labelVocabulary?[i] ?? String(i) }

    public func predictions(logits: [Float], count: Int) -> [[String: PredictionValue]] {
        (0..<count).map { i in
            let x = logits[i]
            let p = HostMath.sigmoid(x)
            let id: Int64 = x > 0 ? 1 : 0
            return ["logits": .floats([x]), "logistic": .floats([p]), "probabilities": .floats(HostMath.softmax([0, x])),
                    "class_ids": .ints([id]), "classes": .strings([className(Int(id))]), "all_class_ids": .ints([0, 1]),
                    "all_classes": .strings([className(0), className(1)])]
        }
    }

    public func makeMetrics() -> any HeadMetrics { BinaryMetrics(thresholds: thresholds) }
}

/// Multi-class classification with softmax cross entropy: TF's `MultiClassHead`.
public struct MultiClassHead: Head {
    public var nClasses: Int
    public var weightColumn: String?
    public var labelVocabulary: [String]?
    public var lossReduction: LossReduction

    public init(nClasses: Int, weightColumn: String? = nil, labelVocabulary: [String]? = nil, lossReduction: LossReduction = .sumOverBatchSize) {
        precondition(nClasses > 2, "MultiClassHead: nClasses must be > 2 (use BinaryClassHead for 2), got \(nClasses)")
        if let v = labelVocabulary {
            precondition(v.count == nClasses, "MultiClassHead: labelVocabulary has \(v.count) entries for \(nClasses) classes")
        }
        (self.nClasses, self.weightColumn, self.labelVocabulary, self.lossReduction) = (nClasses, weightColumn, labelVocabulary, lossReduction)
    }

    public var logitsDimension: Int { nClasses }

    public func labels(_ column: Column, firstRow: Int) throws(EstimatorError) -> Tensor {
        var out: [Int64] = []
        out.reserveCapacity(column.count)
        for r in 0..<column.count { out.append(try classLabel(column, row: r, vocabulary: labelVocabulary, classes: nClasses, firstRow: firstRow)) }
        return Tensor(out)
    }

    public func unreducedLoss(logits: Tensor, labels: Tensor) -> Tensor {
        Losses.sparseSoftmaxCrossEntropy(labels: labels.to(logits.backend), logits: logits).expandingDims(at: 1)
    }

    func className(_ i: Int) -> String { labelVocabulary?[i] ?? String(i) }

    public func predictions(logits: [Float], count: Int) -> [[String: PredictionValue]] {
        (0..<count).map { i in
            let row = Array(logits[i * nClasses..<(i + 1) * nClasses])
            let id = Int64(HostMath.argmax(row))
            return ["logits": .floats(row), "probabilities": .floats(HostMath.softmax(row)), "class_ids": .ints([id]),
                    "classes": .strings([className(Int(id))]), "all_class_ids": .ints((0..<Int64(nClasses)).map { $0 }),
                    "all_classes": .strings((0..<nClasses).map(className))]
        }
    }

    public func makeMetrics() -> any HeadMetrics { MultiClassMetrics(nClasses: nClasses) }
}

/// Regression with mean squared error: TF's `RegressionHead`.
public struct RegressionHead: Head {
    public var labelDimension: Int
    public var weightColumn: String?
    public var lossReduction: LossReduction

    public init(labelDimension: Int = 1, weightColumn: String? = nil, lossReduction: LossReduction = .sumOverBatchSize) {
        precondition(labelDimension > 0, "RegressionHead: labelDimension must be positive, got \(labelDimension)")
        (self.labelDimension, self.weightColumn, self.lossReduction) = (labelDimension, weightColumn, lossReduction)
    }

    public var logitsDimension: Int { labelDimension }

    public func labels(_ column: Column, firstRow: Int) throws(EstimatorError) -> Tensor {
        guard column.count % labelDimension == 0 else {
            throw EstimatorError("label_dimension is \(labelDimension) but the label has \(column.count) values, not a multiple of it",
                                 hint: "give each example a label of \(labelDimension) values, or use label_dimension 1")
        }
        var out: [Float] = []
        out.reserveCapacity(column.count)
        for r in 0..<column.count {
            guard let v = column.double(r), v.isFinite else {
                throw EstimatorError("label '\(column.string(r) ?? "")' at row \(firstRow + r + 1) is not a finite number",
                                     hint: "regression labels must be numbers; fill or drop the row")
            }
            out.append(Float(v))
        }
        return Tensor(out, shape: [column.count / labelDimension, labelDimension])
    }

    public func unreducedLoss(logits: Tensor, labels: Tensor) -> Tensor {
        Losses.squaredError(labels: labels.to(logits.backend), predictions: logits)
    }

    public func predictions(logits: [Float], count: Int) -> [[String: PredictionValue]] {
        (0..<count).map { i in ["predictions": .floats(Array(logits[i * labelDimension..<(i + 1) * labelDimension]))] }
    }

    public func makeMetrics() -> any HeadMetrics { RegressionMetrics(dimension: labelDimension) }
}

/// Small float32 helpers for host-side predictions.
enum HostMath {
    static func sigmoid(_ x: Float) -> Float { x >= 0 ? 1 / (1 + Float.exp(-x)) : Float.exp(x) / (1 + Float.exp(x)) }
    static func softmax(_ v: [Float]) -> [Float] {
        let m = v.max() ?? 0
        let e = v.map { Float.exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }
    /// The first maximum, as TF's argmax.
    static func argmax(_ v: [Float]) -> Int {
        var best = 0
        for i in v.indices where v[i] > v[best] { best = i }
        return best
    }
}
