import Foundation
import Datasets

/// One result of the pre-flight checks: how bad, which column, what and why.
public struct PreflightFinding: Equatable, Sendable {
    public enum Severity: String, Sendable, Comparable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }
    public var severity: Severity
    /// The column it is about (the Input screen jumps to it), nil for the whole input.
    public var column: String?
    /// The check's short name (`missing label`, `leakage`).
    public var check: String
    /// The reason, with the numbers.
    public var message: String

    public init(_ severity: Severity, column: String?, check: String, _ message: String) {
        (self.severity, self.column, self.check, self.message) = (severity, column, check, message)
    }
}

/// The checks run before training (issue 13): a pure function of the data's statistics and a small sample.
///
/// Errors block a run (the workbench's `s` refuses with the first one's reason); warnings do not.
public enum Preflight {
    /// What the checks look at.
    public struct Input: Sendable {
        /// The label column and whether the estimator is a classifier.
        public var label: String
        public var isClassifier: Bool
        /// The raw columns the feature columns read, and those of them read as numbers.
        public var features: [String]
        public var numeric: Set<String>
        /// Statistics of the training data, and of the evaluation data if it has a file of its own.
        public var train: [ColumnStatistics]
        public var eval: [ColumnStatistics]?
        /// The first rows of the training data (for the leakage check), if read.
        public var sample: Table?

        public init(label: String, isClassifier: Bool, features: [String], numeric: Set<String>, train: [ColumnStatistics],
                    eval: [ColumnStatistics]? = nil, sample: Table? = nil) {
            (self.label, self.isClassifier, self.features, self.numeric) = (label, isClassifier, features, numeric)
            (self.train, self.eval, self.sample) = (train, eval, sample)
        }
    }

    /// Below this share of the rows the smallest class is "rare"; above this ratio of largest to smallest, imbalanced.
    public static let rareClassShare = 0.05, imbalanceRatio = 10.0
    /// A float label with more distinct values than this on a classifier looks like a regression target.
    public static let regressionDistinct = 20

    /// Every finding, errors first, then in column order.
    public static func check(_ input: Input) -> [PreflightFinding] {
        var out: [PreflightFinding] = []
        let byName = Dictionary(input.train.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        if let l = byName[input.label] { out += label(l, input) } else {
            out.append(.init(.error, column: nil, check: "label", "no column '\(input.label)' in the training data to use as the label"))
        }
        for name in input.features {
            guard let s = byName[name] else {
                out.append(.init(.error, column: name, check: "missing column", "feature '\(name)' is not a column of the training data"))
                continue
            }
            out += feature(s, input)
            if let l = byName[input.label], name != input.label, isLeak(s, l, input.sample) {
                out.append(.init(.error, column: name, check: "leakage",
                                 "'\(name)' equals the label '\(input.label)' on every row: the model would read the answer (ignore it)"))
            }
        }
        return out.enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }.map(\.element)
    }

    /// Missing labels, imbalance, and a label that does not fit the estimator's task.
    static func label(_ l: ColumnStatistics, _ input: Input) -> [PreflightFinding] {
        var out: [PreflightFinding] = []
        let name = l.name
        if l.missing > 0 {
            out.append(.init(.error, column: name, check: "missing label", "\(l.missing) of \(l.count + l.missing) rows have no label '\(name)'"))
        }
        if input.isClassifier {
            if l.type == .float && l.distinct > regressionDistinct {
                out.append(.init(.error, column: name, check: "task",
                                 "the label '\(name)' holds \(l.distinct) distinct decimals: a regression target on a classifier "
                                     + "(choose a *Regressor on screen 2)"))
            }
            let counts = l.top.map(\.count)
            if l.distinctIsExact, l.top.count == l.distinct, counts.count >= 2, let lo = counts.min(), let hi = counts.max(), l.count > 0 {
                let share = Double(lo) / Double(l.count)
                if share < rareClassShare || Double(hi) / Double(max(lo, 1)) > imbalanceRatio {
                    let rare = l.top.first { $0.count == lo }!.value
                    out.append(.init(.warning, column: name, check: "imbalance",
                                     "class '\(rare)' is \(percent(share)) of the labels (\(lo) of \(l.count); largest \(hi)): "
                                         + "consider weight_column or resampling"))
                }
            }
        } else if l.type == .string {
            let examples = l.top.prefix(2).map(\.value).joined(separator: ", ")
            out.append(.init(.error, column: name, check: "task",
                             "the label '\(name)' holds text (\(examples)…): a regressor needs numbers (choose a *Classifier on screen 2)"))
        }
        return out
    }

    /// Unreadable numbers, missing and non-finite values, constant columns, eval categories unseen in training.
    static func feature(_ s: ColumnStatistics, _ input: Input) -> [PreflightFinding] {
        var out: [PreflightFinding] = []
        // Every column has a cell in every row: the rows are the most any column counts (values and missing ones).
        let rows = input.train.map { $0.count + $0.missing }.max() ?? 0
        let name = s.name
        if input.numeric.contains(name) {
            if s.type == .string {
                let examples = s.top.prefix(2).map(\.value).joined(separator: ", ")
                out.append(.init(.error, column: name, check: "unparsable",
                                 "'\(name)' is read as numeric but holds text (\(examples)…): use vocabulary or hash_bucket"))
            } else if rows > s.count + s.missing || [s.mean, s.min, s.max].contains(where: { $0.map { !$0.isFinite } ?? false }) {
                // The statistics leave NaN and ±inf out of the count: the rows neither counted nor missing hold them.
                let n = rows > s.count + s.missing ? "\(rows - s.count - s.missing) " : ""
                out.append(.init(.error, column: name, check: "NaN/Inf", "'\(name)' holds \(n)NaN or infinite values: fix or drop those rows"))
            }
        }
        if s.missing > 0 {
            let filled = input.numeric.contains(name) ? "filled with the default (the mean)" : "read as no category"
            out.append(.init(.warning, column: name, check: "missing",
                             "\(s.missing) of \(s.count + s.missing) values of '\(name)' are missing: \(filled)"))
        }
        if s.distinct <= 1 && s.count > 0 {
            out.append(.init(.warning, column: name, check: "constant", "'\(name)' has one value (\(s.top.first?.value ?? "?")): it teaches nothing"))
        }
        if s.type == .string, s.distinctIsExact, s.top.count == s.distinct,
           let e = input.eval?.first(where: { $0.name == name }) {
            let known = Set(s.top.map(\.value))
            let unseen = e.top.map(\.value).filter { !known.contains($0) }
            if !unseen.isEmpty {
                out.append(.init(.warning, column: name, check: "unseen",
                                 "eval has \(unseen.count) value(s) of '\(name)' never seen in training "
                                     + "(\(unseen.prefix(3).joined(separator: ", ")))"))
            }
        }
        return out
    }

    /// Whether a feature is a copy of the label: value by value on the sample when there is one, else identical statistics.
    static func isLeak(_ f: ColumnStatistics, _ l: ColumnStatistics, _ sample: Table?) -> Bool {
        if let sample, let a = sample[f.name], let b = sample[l.name], a.count > 0 {
            return (0..<a.count).allSatisfy { a.string($0) == b.string($0) }
        }
        return f.type == l.type && f.count == l.count && f.missing == l.missing && f.distinct == l.distinct && f.top == l.top
            && f.mean == l.mean && f.std == l.std && f.count > 0
    }

    static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
}
