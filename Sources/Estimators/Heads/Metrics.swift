import Tensors

/// Binary metrics with TF's definitions, including Keras's bucketed `auc` (200 thresholds) and an exact `auc_exact`.
final class BinaryMetrics: HeadMetrics {
    static let buckets = 200
    let thresholds: [Double]
    var w = 0.0, wLoss = 0.0, correct = 0.0, labelSum = 0.0, predSum = 0.0
    var predictedPositive = 0.0, truePositive = 0.0
    var batchLosses: [Double] = []
    var posByBucket = [Double](repeating: 0, count: buckets), negByBucket = [Double](repeating: 0, count: buckets)
    var thresholdStats: [(tp: Double, pp: Double, correct: Double)]
    var scored: [(p: Float, y: Float, w: Double)] = []

    init(thresholds: [Double]) {
        self.thresholds = thresholds
        thresholdStats = thresholds.map { _ in (0, 0, 0) }
    }

    func update(logits: [Float], labels: Tensor, weights: [Float]?, batchLoss: Double, perExampleLoss: [Float]) {
        let y = labels.scalars(as: Float.self)
        batchLosses.append(batchLoss)
        for i in y.indices {
            let wi = Double(weights?[i] ?? 1)
            let p = HostMath.sigmoid(logits[i])
            let label = Double(y[i])
            let predicted = logits[i] > 0 ? 1.0 : 0.0
            w += wi
            wLoss += wi * Double(perExampleLoss[i])
            correct += wi * (predicted == label ? 1 : 0)
            labelSum += wi * label
            predSum += wi * Double(p)
            predictedPositive += wi * predicted
            truePositive += wi * predicted * label
            // Keras AUC: bucket = max(ceil(p·199) - 1, 0) in float32.
            let scaled = (p * Float(Self.buckets - 1)).rounded(.up)
            let bucket = scaled.isFinite ? Swift.min(Swift.max(Int(scaled) - 1, 0), Self.buckets - 1) : 0   // NaN logits: the lowest bucket
            posByBucket[bucket] += wi * label
            negByBucket[bucket] += wi * (1 - label)
            for (k, t) in thresholds.enumerated() {
                let positive = Double(p) > t ? 1.0 : 0.0
                thresholdStats[k].pp += wi * positive
                thresholdStats[k].tp += wi * positive * label
                thresholdStats[k].correct += wi * (positive == label ? 1 : 0)
            }
            if p.isFinite { scored.append((p, y[i], wi)) }   // a NaN score has no rank
        }
    }

    func result() -> [String: Double] {
        let div: (Double, Double) -> Double = { $1 == 0 ? 0 : $0 / $1 }
        let labelMean = div(labelSum, w)
        var r: [String: Double] = [
            "accuracy": div(correct, w), "accuracy_baseline": Swift.max(labelMean, 1 - labelMean), "average_loss": div(wLoss, w),
            "label/mean": labelMean, "prediction/mean": div(predSum, w), "precision": div(truePositive, predictedPositive),
            "recall": div(truePositive, labelSum), "loss": batchLosses.isEmpty ? 0 : batchLosses.reduce(0, +) / Double(batchLosses.count),
        ]
        // Cumulative counts: predicted positive at threshold j iff bucket ≥ j.
        let n = Self.buckets
        var tp = [Double](repeating: 0, count: n), fp = [Double](repeating: 0, count: n)
        var accP = 0.0, accN = 0.0
        for j in stride(from: n - 1, through: 0, by: -1) {
            accP += posByBucket[j]
            accN += negByBucket[j]
            tp[j] = accP
            fp[j] = accN
        }
        let totalP = labelSum, totalN = w - labelSum
        var roc = 0.0, pr = 0.0
        for j in 0..<(n - 1) {
            let tpr0 = div(tp[j], totalP), tpr1 = div(tp[j + 1], totalP)
            let fpr0 = div(fp[j], totalN), fpr1 = div(fp[j + 1], totalN)
            roc += (fpr0 - fpr1) * (tpr0 + tpr1) / 2
            let dTP = tp[j] - tp[j + 1]
            let p0 = tp[j] + fp[j], p1 = tp[j + 1] + fp[j + 1]
            let dP = p0 - p1
            let slope = div(dTP, Swift.max(dP, 0))
            let intercept = tp[j + 1] - slope * p1
            let ratio = p0 > 0 && p1 > 0 ? p0 / p1 : 1
            let fn1 = totalP - tp[j + 1]
            pr += div(slope * (dTP + intercept * (ratio > 0 ? log(ratio) : 0)), Swift.max(tp[j + 1] + fn1, 0))
        }
        r["auc"] = roc
        r["auc_precision_recall"] = pr
        r["auc_exact"] = exactAUC()
        for (k, t) in thresholds.enumerated() {
            let s = thresholdStats[k]
            let key = formatThreshold(t)
            r["accuracy/positive_threshold_\(key)"] = div(s.correct, w)
            r["precision/positive_threshold_\(key)"] = div(s.tp, s.pp)
            r["recall/positive_threshold_\(key)"] = div(s.tp, labelSum)
        }
        return r
    }

    /// The exact weighted trapezoidal ROC AUC over every distinct score (a tie group is one diagonal step).
    func exactAUC() -> Double {
        let sorted = scored.sorted { $0.p > $1.p }
        let totalP = sorted.reduce(0) { $0 + $1.w * Double($1.y) }, totalN = sorted.reduce(0) { $0 + $1.w * (1 - Double($1.y)) }
        guard totalP > 0, totalN > 0 else { return 0 }
        var area = 0.0, tp = 0.0, fp = 0.0
        var i = 0
        while i < sorted.count {
            var dtp = 0.0, dfp = 0.0
            let p = sorted[i].p
            while i < sorted.count && sorted[i].p == p {
                dtp += sorted[i].w * Double(sorted[i].y)
                dfp += sorted[i].w * (1 - Double(sorted[i].y))
                i += 1
            }
            area += dfp / totalN * (tp + tp + dtp) / 2 / totalP
            tp += dtp
            fp += dfp
        }
        return area
    }

    func formatThreshold(_ t: Double) -> String { t == t.rounded() ? String(Int(t)) : String(t) }
}

/// Multi-class metrics: `accuracy`, `average_loss`.
final class MultiClassMetrics: HeadMetrics {
    let nClasses: Int
    var w = 0.0, wLoss = 0.0, correct = 0.0
    var batchLosses: [Double] = []
    init(nClasses: Int) { self.nClasses = nClasses }

    func update(logits: [Float], labels: Tensor, weights: [Float]?, batchLoss: Double, perExampleLoss: [Float]) {
        let y = labels.scalars(as: Int64.self)
        batchLosses.append(batchLoss)
        for i in y.indices {
            let wi = Double(weights?[i] ?? 1)
            let id = HostMath.argmax(Array(logits[i * nClasses..<(i + 1) * nClasses]))
            w += wi
            wLoss += wi * Double(perExampleLoss[i])
            correct += wi * (Int64(id) == y[i] ? 1 : 0)
        }
    }

    func result() -> [String: Double] {
        ["accuracy": w == 0 ? 0 : correct / w, "average_loss": w == 0 ? 0 : wLoss / w,
         "loss": batchLosses.isEmpty ? 0 : batchLosses.reduce(0, +) / Double(batchLosses.count)]
    }
}

/// Regression metrics: `average_loss`, `label/mean`, `prediction/mean` (weighted over every element).
final class RegressionMetrics: HeadMetrics {
    let dimension: Int
    var w = 0.0, wLoss = 0.0, labelSum = 0.0, predSum = 0.0
    var batchLosses: [Double] = []
    init(dimension: Int) { self.dimension = dimension }

    func update(logits: [Float], labels: Tensor, weights: [Float]?, batchLoss: Double, perExampleLoss: [Float]) {
        let y = labels.scalars(as: Float.self)
        batchLosses.append(batchLoss)
        for i in y.indices {
            let wi = Double(weights?[i / dimension] ?? 1)
            w += wi
            wLoss += wi * Double(perExampleLoss[i])
            labelSum += wi * Double(y[i])
            predSum += wi * Double(logits[i])
        }
    }

    func result() -> [String: Double] {
        ["average_loss": w == 0 ? 0 : wLoss / w, "label/mean": w == 0 ? 0 : labelSum / w, "prediction/mean": w == 0 ? 0 : predSum / w,
         "loss": batchLosses.isEmpty ? 0 : batchLosses.reduce(0, +) / Double(batchLosses.count)]
    }
}

#if canImport(Glibc)
import Glibc
#endif
