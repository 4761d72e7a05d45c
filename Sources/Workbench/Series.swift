/// One scalar of a summary: its step, when it was written, its value.
public struct ScalarPoint: Sendable, Equatable {
    public var step: Int64
    public var wallTime: Double
    public var value: Double
    public init(step: Int64, wallTime: Double, value: Double) { (self.step, self.wallTime, self.value) = (step, wallTime, value) }
}

/// What the chart's x axis shows; `x` cycles through them.
public enum XAxis: String, Sendable, CaseIterable {
    case step, relative, wall
    public var next: XAxis { XAxis.allCases[(XAxis.allCases.firstIndex(of: self)! + 1) % XAxis.allCases.count] }
}

/// Whether larger values of a metric are better (accuracy) or worse (loss); nil when unknown.
public func higherIsBetter(_ metric: String) -> Bool? {
    let name = metric.split(separator: "/").last.map(String.init) ?? metric
    // A baseline or a mean of labels or predictions describes the data, not the model.
    if name.contains("baseline") || metric.contains("label/") || metric.contains("prediction/") { return nil }
    if name.contains("loss") || name.contains("error") || name.hasPrefix("rmse") || name.hasPrefix("mae") { return false }
    for good in ["accuracy", "auc", "precision", "recall", "r2"] where name.hasPrefix(good) { return true }
    return nil
}

/// The index of the best finite value of `points` (max when higher is better, else min).
public func bestIndex(_ points: [ScalarPoint], higherIsBetter: Bool) -> Int? {
    var best: Int? = nil
    for (i, p) in points.enumerated() where p.value.isFinite {
        guard let b = best else { best = i; continue }
        if higherIsBetter ? p.value > points[b].value : p.value < points[b].value { best = i }
    }
    return best
}

/// Min and max of each of `columns` equal-width slices of `xs` over `range` (the envelope a
/// chart draws: every extreme survives, unlike sampling). Empty slices are nil.
public func minMaxEnvelope(xs: [Double], ys: [Double], range: ClosedRange<Double>, columns: Int)
    -> [(min: Double, max: Double, first: Double, last: Double)?] {
    precondition(xs.count == ys.count, "minMaxEnvelope: \(xs.count) x values for \(ys.count) y values")
    var out = [(min: Double, max: Double, first: Double, last: Double)?](repeating: nil, count: max(0, columns))
    guard columns > 0 else { return out }
    let span = range.upperBound - range.lowerBound
    for i in 0..<xs.count where ys[i].isFinite && xs[i] >= range.lowerBound && xs[i] <= range.upperBound {
        let c = span > 0 ? min(columns - 1, Int((xs[i] - range.lowerBound) / span * Double(columns - 1) + 0.5)) : columns - 1
        if let e = out[c] {
            out[c] = (Swift.min(e.min, ys[i]), Swift.max(e.max, ys[i]), e.first, ys[i])
        } else {
            out[c] = (ys[i], ys[i], ys[i], ys[i])
        }
    }
    return out
}
