/// One line of a line diff: unchanged, added or removed, with its line numbers in the old and new text.
public struct DiffLine: Sendable, Equatable {
    /// What happened to the line.
    public enum Kind: Sendable, Equatable { case unchanged, added, removed }
    public var kind: Kind
    /// The 1-based line in the old text (nil for an added line).
    public var oldLine: Int?
    /// The 1-based line in the new text (nil for a removed line).
    public var newLine: Int?
    /// The line's text, without its newline.
    public var text: String

    public init(kind: Kind, oldLine: Int?, newLine: Int?, text: String) {
        (self.kind, self.oldLine, self.newLine, self.text) = (kind, oldLine, newLine, text)
    }
}

extension TOMLDocument {
    /// The line diff from `old` to `new` (longest common subsequence), to show an edit before saving it.
    ///
    /// Removed lines come before the added lines that replace them. Quadratic in the line counts,
    /// which is fine for a workspace.toml of a few hundred lines.
    public static func diff(from old: String, to new: String) -> [DiffLine] {
        let a = lines(old), b = lines(new)
        // lcs[i][j]: the length of the common subsequence of a[i...] and b[j...].
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [DiffLine] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                out.append(DiffLine(kind: .unchanged, oldLine: i + 1, newLine: j + 1, text: a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                out.append(DiffLine(kind: .removed, oldLine: i + 1, newLine: nil, text: a[i]))
                i += 1
            } else {
                out.append(DiffLine(kind: .added, oldLine: nil, newLine: j + 1, text: b[j]))
                j += 1
            }
        }
        return out
    }

    /// The lines of `text` without their newlines (a final newline does not start another line).
    static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}

extension [DiffLine] {
    /// The diff as unified-diff text: `@@ -a,b +c,d @@` hunks with `context` unchanged lines around each change,
    /// ` ` / `-` / `+` before each line; empty when nothing changed.
    public func unified(context: Int = 3) -> String {
        precondition(context >= 0, "unified(context:) needs context >= 0, got \(context)")
        let changed = indices.filter { self[$0].kind != .unchanged }
        guard let first = changed.first else { return "" }
        // Group the changes whose context windows touch into hunks.
        var hunks: [ClosedRange<Int>] = []
        var lo = Swift.max(0, first - context), hi = Swift.min(count - 1, first + context)
        for c in changed.dropFirst() {
            if c - context <= hi + 1 {
                hi = Swift.min(count - 1, c + context)
            } else {
                hunks.append(lo...hi)
                lo = Swift.max(0, c - context)
                hi = Swift.min(count - 1, c + context)
            }
        }
        hunks.append(lo...hi)
        var out = ""
        for h in hunks {
            let part = self[h]
            let oldCount = part.count { $0.kind != .added }, newCount = part.count { $0.kind != .removed }
            let oldStart = part.compactMap(\.oldLine).first ?? (self[..<h.lowerBound].compactMap(\.oldLine).last ?? 0)
            let newStart = part.compactMap(\.newLine).first ?? (self[..<h.lowerBound].compactMap(\.newLine).last ?? 0)
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for d in part {
                let mark = switch d.kind { case .unchanged: " "; case .added: "+"; case .removed: "-" }
                out += mark + d.text + "\n"
            }
        }
        return out
    }
}
