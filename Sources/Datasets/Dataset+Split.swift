/// Which side of a ``Dataset/split(evalFraction:seed:keep:)`` a pipeline keeps.
public enum SplitPart: Sendable, Equatable {
    case train, evaluation
}

extension Dataset {
    /// Keeps the rows of one side of a deterministic train/eval split (`[data] eval_split` with `split_seed`).
    ///
    /// Row `i` of a pass (counted from 0 across the files, in file order) goes to evaluation when
    /// ``isEvaluationRow(_:fraction:seed:)`` says so: the two sides are disjoint, together they are every row, and
    /// the same seed gives the same split on every run and in every program (training, evaluation, the workbench).
    /// Apply it straight after the source, before any shuffle.
    public func split(evalFraction: Double, seed: UInt64, keep part: SplitPart) -> Dataset {
        precondition(evalFraction > 0 && evalFraction < 1, "split: evalFraction must be in (0, 1), got \(evalFraction)")
        precondition(!isBatched, "split: apply it to rows, before batch")
        let upstream = make
        return Dataset(names: names, isBatched: false) { epoch in
            let up = try upstream(epoch)
            var seen = 0
            return FilterStream(up) { t in
                let first = seen
                seen += t.rowCount
                let rows = (0..<t.rowCount).filter { Self.isEvaluationRow(first + $0, fraction: evalFraction, seed: seed) == (part == .evaluation) }
                return rows.isEmpty ? nil : (rows.count == t.rowCount ? t : t.gathering(rows))
            }
        }
    }

    /// Whether row `row` (0-based, in file order) is an evaluation row of a split with this fraction and seed.
    ///
    /// A SplitMix64 hash of the seed and the row gives a uniform number in [0, 1); rows below `fraction` are
    /// evaluation rows, so about `fraction` of the rows are, independently of the file's order.
    public static func isEvaluationRow(_ row: Int, fraction: Double, seed: UInt64) -> Bool {
        var m = SplitMix64(state: seed &* 0xD1B5_4A32_D192_ED03 ^ UInt64(truncatingIfNeeded: row))
        return Double(m.next() >> 11) / 9_007_199_254_740_992 < fraction
    }
}
