/// "Did you mean": the closest known name to a mistyped one.
enum Suggestions {
    /// The Levenshtein distance between `a` and `b`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The candidate nearest to `name` if it is near enough (a third of its length, at least 2 edits), or one it starts.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(name, $0)) }.sorted { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        if let best = scored.first, best.1 <= max(2, name.count / 3) { return best.0 }
        return candidates.first { $0.hasPrefix(name) && name.count >= 3 }
    }
}
