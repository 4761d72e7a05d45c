import Foundation
import Testing

/// Compares `text` with `Snapshots/<name>.txt` beside the calling test file.
///
/// Set `EST_RECORD_SNAPSHOTS=1` to (re-)write the snapshot instead; a missing snapshot is
/// written and the test fails, so a new snapshot is always looked at once.
public func expectSnapshot(_ text: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
    let record = ProcessInfo.processInfo.environment["EST_RECORD_SNAPSHOTS"] != nil
    let existing = try? String(contentsOf: url, encoding: .utf8)
    if record || existing == nil {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? (text + "\n").write(to: url, atomically: true, encoding: .utf8)
        if !record { Issue.record("recorded a new snapshot \(url.path); check it and run again", sourceLocation: sourceLocation) }
        return
    }
    let want = existing!.hasSuffix("\n") ? String(existing!.dropLast()) : existing!
    if want != text {
        let a = want.split(separator: "\n", omittingEmptySubsequences: false), b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        Issue.record("""
            snapshot \(name) differs at line \(first + 1) (EST_RECORD_SNAPSHOTS=1 re-records)
            want: \(first < a.count ? String(a[first]) : "<end>")
             got: \(first < b.count ? String(b[first]) : "<end>")
            --- got ---
            \(text)
            """, sourceLocation: sourceLocation)
    }
}
