/// The choice closest to `word` by edit distance (case-insensitive), if it is close enough to be a likely typo:
/// for "did you mean …" in error messages.
public func closestMatch(to word: String, in choices: [String]) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)?
    for choice in choices {
        let d = editDistance(w, Array(choice.lowercased()))
        if d < (best?.1 ?? .max) { best = (choice, d) }
    }
    guard let (choice, d) = best else { return nil }
    // A typo changes a few characters; beyond half the word it is another word.
    return d <= Swift.max(2, Swift.min(w.count, choice.count) / 2) ? choice : nil
}

/// Levenshtein distance (insertions, deletions, substitutions).
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
