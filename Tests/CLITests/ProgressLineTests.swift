import Testing
@testable import CLI

/// `est train`'s progress line on a TTY: each one fully replaces the last.
@Suite struct ProgressLineTests {
    /// What a terminal shows on one line after `output`: `\r` goes to column 0, `ESC [ K` erases to the end of the
    /// line, other characters overwrite.
    static func visible(_ output: String) -> String {
        var line: [Character] = [], col = 0
        var chars = Array(output)[...]
        while let c = chars.popFirst() {
            if c == "\r" { col = 0; continue }
            if c == "\u{1B}", chars.starts(with: ["[", "K"]) { chars = chars.dropFirst(2); line.removeSubrange(min(col, line.count)...); continue }
            if col < line.count { line[col] = c } else { line.append(c) }
            col += 1
        }
        return String(line)
    }

    @Test func aShorterLineLeavesNothingOfALongerOne() {
        let long = Console.progressLine("[===] step 100  loss 0.5000  2345 steps/s  117006 examples/s")
        let short = Console.progressLine("[====] step 200  loss 0.4000  999 steps/s  9 examples/s")
        #expect(Self.visible(long + short) == "[====] step 200  loss 0.4000  999 steps/s  9 examples/s")
    }
}
