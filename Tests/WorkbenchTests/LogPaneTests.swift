import Foundation
import Testing
import TestSupport
@testable import Workbench

/// A log a user can read: the pane scrolls and expands a line, errors stay pinned, `L` shows it all with a filter.
@Suite struct LogPaneTests {
    static let long = "workspace.toml:12: [run] steps = -5 is not a positive number · help: fix the value, leave the field out "
        + "to use the default (one pass over the training data), or give --steps on the command line"

    /// The training fixture with a long warning, an error, then evaluations scrolling by.
    static func state(width: Int = 80, height: Int = 24) -> AppState {
        var s = Fixtures.trainingState(width: width, height: height)
        s.note(long, .warning)
        s.note("evaluation failed: eval.csv:3: 'setosa' is not a number in column petal_length", .error)
        for step in stride(from: 700, through: 1000, by: 100) { s.note("evaluated eval at step \(step): accuracy 0.9667, loss 0.0840") }
        return s
    }

    static func fold(_ s: inout AppState, _ keys: [Key]) -> Reaction {
        keys.reduce(into: Reaction()) { r, k in r.formUnion(Reducer.reduce(&s, .key(k)).0) }
    }

    static func render(_ s: AppState) -> String { WorkbenchView.render(s, glyphs: .unicode).text }

    @Test func wrapKeepsEveryCharacter() {
        #expect(LogView.wrap("abc def ghi", width: 7) == ["abc def", "ghi"])
        #expect(LogView.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(LogView.wrap("", width: 5) == [""])
        let rows = LogView.wrap(Self.long, width: 30)
        #expect(rows.allSatisfy { $0.count <= 30 } && rows.joined(separator: " ") == Self.long)
    }

    @Test func theCursorScrollsTheLogAndStaysOnItsLineAsLinesArrive() {
        var s = Self.state()
        let newest = s.log.count - 1
        _ = Self.fold(&s, [.tab, .char("k"), .char("k")])
        #expect(s.focusedPane == 1 && s.logScroll == 2 && s.trainScreen.logCursor == s.logLineID(newest - 2))
        // New lines do not move it.
        s.note("evaluated eval at step 1100: accuracy 1.0000")
        #expect(s.trainScreen.logCursor == s.logLineID(newest - 2) && s.logScroll == 3)
        _ = Self.fold(&s, [.char("g")])
        #expect(s.trainScreen.logCursor == 0)
        #expect(Self.render(s).contains("training from step 0 to 1000"))
        _ = Self.fold(&s, [.char("j"), .char("j")])
        #expect(s.trainScreen.logCursor == 2)
        _ = Self.fold(&s, [.pageDown])   // ten lines down: past the newest, so the newest
        #expect(s.trainScreen.logCursor == nil)
        // G: back to the newest, following again.
        _ = Self.fold(&s, [.char("G")])
        #expect(s.trainScreen.logCursor == nil && s.logScroll == 0)
        s.note("another line")
        #expect(s.logScroll == 0 && Self.render(s).contains("another line"))
    }

    @Test func enterShowsTheLineAtTheCursorWholeAndAgainCutsIt() {
        var s = Self.state()
        // Up to the long warning (five evaluations and the error are newer).
        _ = Self.fold(&s, [.tab] + Array(repeating: .char("k"), count: 5))
        let id = s.trainScreen.logCursor!
        #expect(s.log[id - s.logDropped].text == Self.long)
        #expect(!Self.render(s).contains("or give --steps"))   // cut at the pane's edge
        _ = Self.fold(&s, [.enter])
        #expect(s.trainScreen.logExpanded == [id])
        let screen = Self.render(s)
        #expect(screen.contains("or give --steps on the command line"), "\(screen)")
        #expect(screen.contains("leave the field out to use the default"))
        _ = Self.fold(&s, [.enter])
        #expect(s.trainScreen.logExpanded.isEmpty && !Self.render(s).contains("or give --steps"))
        // With the charts focused Enter expands the newest line.
        _ = Self.fold(&s, [.char("G"), .tab, .enter])
        #expect(s.focusedPane == 0 && s.trainScreen.logExpanded == [s.logTotal - 1])
    }

    @Test func anErrorStaysPinnedUntilTheFullLogIsOpened() {
        var s = Self.state()
        let pane = Layout.compute(s).log.inset(1)
        let canvas = WorkbenchView.render(s, glyphs: .unicode)
        // Four evaluations and more came after it, yet it is the pane's first row, in the error colour.
        #expect(canvas.text.split(separator: "\n")[pane.y].contains("✖ evaluation failed: eval.csv:3"))
        #expect(canvas[pane.x + 2, pane.y].style.fg == .role(.statusError))
        #expect(canvas.text.contains("1 error pinned (L reads and clears)"))
        #expect(s.unacknowledgedErrors.count == 1)
        _ = Self.fold(&s, [.char("L")])
        #expect(s.overlay == .log(filter: "", scroll: 0) && s.unacknowledgedErrors.isEmpty)
        _ = Self.fold(&s, [.escape])
        #expect(s.overlay == .none && !Self.render(s).contains("✖ evaluation failed"))
        // A new error is shown once while the lines below show it, and pinned again once they scroll it away.
        s.note("training failed: loss is NaN at step 1200", .error)
        var screen = Self.render(s)
        #expect(screen.contains("training failed: loss is NaN") && !screen.contains("✖ training failed"))
        #expect(screen.components(separatedBy: "training failed: loss is NaN").count == 2, "once, not twice")
        for i in 0..<12 { s.note("evaluated eval at step \(i)") }
        screen = Self.render(s)
        #expect(screen.contains("✖ training failed: loss is NaN"))
    }

    @Test func theFullScreenLogFiltersAsYouTypeScrollsAndCloses() {
        var s = Self.state()
        for i in 0..<40 { s.note("filler line \(i)") }
        _ = Self.fold(&s, [.char("L")])
        var screen = Self.render(s)
        #expect(screen.contains("filler line 39") && !screen.contains("training from step 0"))
        // Scrolling: Home shows the oldest, End the newest; the arrows a row at a time, never past either end.
        _ = Self.fold(&s, [.home])
        guard case let .log(_, top) = s.overlay else { Issue.record("closed"); return }
        #expect(top == LogView.maxScroll(s, filter: "") && top > 0 && Self.render(s).contains("training from step 0"))
        _ = Self.fold(&s, [.up, .up])
        #expect(s.overlay == .log(filter: "", scroll: top))
        _ = Self.fold(&s, [.end, .down])
        #expect(s.overlay == .log(filter: "", scroll: 0))
        // Typing filters, case-insensitive, on the text and the level; letters bound elsewhere are text here.
        _ = Self.fold(&s, "WARN".map { .char($0) })
        screen = Self.render(s)
        #expect(s.overlay == .log(filter: "WARN", scroll: 0))
        #expect(screen.contains("a warning line") && screen.contains("or give --steps on the command line") && !screen.contains("filler"))
        #expect(screen.contains("log · 2 of 49 lines"))
        _ = Self.fold(&s, [.backspace, .backspace, .backspace, .backspace] + "zzz".map { .char($0) })
        #expect(Self.render(s).contains("no log line matches 'zzz'"))
        _ = Self.fold(&s, [.ctrl("u")])
        #expect(s.overlay == .log(filter: "", scroll: 0))
        _ = Self.fold(&s, [.escape])
        #expect(s.overlay == .none)
    }

    @Test func aClickOnALogLinePutsTheCursorOnIt() {
        var s = Self.state()
        let inner = Layout.compute(s).log.inset(1)
        // Row 0 is the pinned error; row 1 the older of the two newest lines.
        _ = Reducer.reduce(&s, .key(.click(x: inner.x + 3, y: inner.y + 1)))
        #expect(s.focusedPane == 1 && s.trainScreen.logCursor == s.logTotal - 2)
        _ = Reducer.reduce(&s, .key(.click(x: inner.x + 3, y: inner.y + 2)))
        #expect(s.trainScreen.logCursor == nil)
    }

    @Test func theHelpAndTheStatusBarNameTheLogKeys() {
        var s = Self.state(width: 120, height: 40)
        #expect(Self.render(s).contains("L log"))
        _ = Self.fold(&s, [.tab])
        #expect(Self.render(s).contains("Enter whole line  L full log"))
        let train = KeyBindings.help(for: .train).flatMap(\.rows)
        #expect(train.contains { $0.keys == "L" } && train.contains { $0.keys == "Enter" } && train.contains { $0.keys == "Ctrl-L" })
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func snapshots(size: (Int, Int)) {
        var s = Self.state(width: size.0, height: size.1)
        expectSnapshot(Self.render(s), named: "log-pane-pinned-\(size.0)x\(size.1)")
        _ = Self.fold(&s, [.tab] + Array(repeating: .char("k"), count: 5) + [.enter])
        expectSnapshot(Self.render(s), named: "log-pane-expanded-\(size.0)x\(size.1)")
        _ = Self.fold(&s, [.char("L")])
        expectSnapshot(Self.render(s), named: "log-full-\(size.0)x\(size.1)")
        _ = Self.fold(&s, "step 9".map { .char($0) })
        expectSnapshot(Self.render(s), named: "log-full-filtered-\(size.0)x\(size.1)")
    }
}
