import CPUBackend
import Estimators
import Foundation
import Tensors
import Testing
import Workspaces
@testable import Workbench

/// Nothing written behind curses' back: stderr captured into log lines, every log line in the log file, Ctrl-L.
///
/// Serialized: the capture takes the test process's own fd 2.
@Suite(.serialized) struct StderrTests {
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var all: [String] = []
        func add(_ s: String) { lock.lock(); all.append(s); lock.unlock() }
        var snapshot: [String] { lock.lock(); defer { lock.unlock() }; return all }
    }

    /// The device and inode of what fd 2 is now.
    static func stderrIdentity() -> (UInt64, UInt64) {
        var st = stat()
        fstat(2, &st)
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    static func waitUntil(_ seconds: Double = 5, _ done: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !done() && Date() < deadline { usleep(10_000) }
        return done()
    }

    @Test func writesToFd2BecomeLinesAndRestorePutsStderrBack() throws {
        let before = Self.stderrIdentity()
        let lines = Lines()
        let capture = try #require(StderrCapture { lines.add($0) })
        #expect(Self.stderrIdentity() != before)   // fd 2 is the pipe now
        FileHandle.standardError.write(Data("stray from Foundation\nsecond line\n".utf8))
        let text = "stray from C, no newline"
        _ = text.withCString { write(2, $0, strlen($0)) }
        // A partial line is handed over after a short wait, without its newline. (The test runner's own output,
        // written to stderr by tests running beside this one, may land in the same lines.)
        let seen = { lines.snapshot.joined(separator: "\n") }
        #expect(Self.waitUntil { seen().contains(text) }, "\(lines.snapshot)")
        #expect(seen().contains("stray from Foundation\nsecond line"))
        _ = "tail written just before the restore\n".withCString { write(2, $0, strlen($0)) }
        capture.restore()
        // Everything written before the restore was handed over; fd 2 is the real stderr again.
        #expect(seen().contains("tail written just before the restore"))
        #expect(Self.stderrIdentity() == before)
        #expect(capture.lineCount >= 4)
        capture.restore()   // idempotent
        #expect(Self.stderrIdentity() == before)
    }

    @Test func ctrlLAsksForAFullRepaintEvenUnderAnOverlay() {
        var s = Fixtures.trainingState(width: 80, height: 24)
        var (reaction, effects) = Reducer.reduce(&s, .key(.ctrl("l")))
        #expect(reaction.contains(.repaint) && reaction.contains(.redraw) && effects.isEmpty)
        s.overlay = .palette(text: "zo", selection: 0)
        (reaction, _) = Reducer.reduce(&s, .key(.ctrl("l")))
        #expect(reaction.contains(.repaint) && s.overlay == .palette(text: "zo", selection: 0))
        // Nothing else asks for one.
        (reaction, _) = Reducer.reduce(&s, .key(.char("x")))
        #expect(!reaction.contains(.repaint))
    }

    @Test func theSessionInvalidatesTheTerminalOnCtrlLAndWritesEveryLogLineToTheLogFile() throws {
        let folder = try JourneyTests.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ws = try Workspace.load(folder)
        let s = Session(workspace: ws, device: "cpu", warnings: ["a theme warning"])
        let t = MemoryTerminal(width: 80, height: 24)
        t.pending = [.key(.ctrl("l"))]
        s.run(on: t, until: { _ in t.pending.isEmpty }, timeout: 5)
        #expect(t.invalidations == 1)
        // A line posted from another thread (as the stderr capture does) reaches the pane and the file.
        s.post(.log("stderr: from a C library", .warning))
        s.run(on: t, until: { st in st.log.contains { $0.text == "stderr: from a C library" } }, timeout: 5)
        s.dispatch(.log("an error", .error))
        s.finish()
        let path = LogFile.path(workspaceFolder: folder)
        #expect(s.state.logFilePath == path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains(" INFO  workspace \(folder)") == true, "\(lines)")
        #expect(lines.contains { $0.hasSuffix(" WARN  a theme warning") })
        #expect(lines.contains { $0.hasSuffix(" WARN  stderr: from a C library") })
        #expect(lines.last?.hasSuffix(" ERROR an error") == true)
        #expect(lines.count == s.state.logTotal)
        // Each line starts with its local time and offset.
        #expect(lines.allSatisfy { $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d "#, options: .regularExpression) != nil })
        // Appended: a second session adds to the same file.
        let s2 = Session(workspace: ws, device: "cpu")
        s2.finish()
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == lines.count + s2.state.logTotal)
    }

    @Test func theLogFileKeepsLinesThePaneDropped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-log-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let folder = try JourneyTests.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = Session(workspace: try Workspace.load(folder), device: "cpu", logPath: dir + "/x/workbench.log")
        for i in 0..<600 { s.dispatch(.log("line \(i)", .info)) }
        s.finish()
        #expect(s.state.log.count == 500 && s.state.logDropped == s.state.logTotal - 500)
        let lines = try String(contentsOfFile: dir + "/x/workbench.log", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == s.state.logTotal && lines.filter { $0.hasSuffix(" INFO  line 0") }.count == 1)
    }

    /// A corrupt newest checkpoint: the estimator says so as a warning event (the workbench's log pane), never on stderr.
    @Test func aCorruptNewestCheckpointIsAWarningInTheLogNotAWriteToStderr() throws {
        let folder = try JourneyTests.irisCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = try JourneyTests.session(folder)   // 200 steps, a checkpoint every 50
        let t = MemoryTerminal(width: 120, height: 40)
        JourneyTests.start(s, t, [.char("s")]) { $0.run == .finished(step: 200) }
        let newest = try #require(CheckpointManager(modelDir: s.state.modelDir).latest)
        try Data("not a safetensors file".utf8).write(to: URL(fileURLWithPath: newest.path))
        let lines = Lines()
        let capture = try #require(StderrCapture { lines.add($0) })
        JourneyTests.start(s, t, [.char("s")]) { st in st.log.contains { $0.text.contains("is unreadable") } && !st.run.isLive }
        capture.restore()
        #expect(!lines.snapshot.contains { $0.contains("is unreadable") }, "\(lines.snapshot)")
        let warning = s.state.log.first { $0.text.contains("is unreadable") }
        #expect(warning?.level == .warning && warning?.text.contains("model.ckpt-200") == true)
        // Evaluations scrolled it out of the pane: L and a few letters find it, whole.
        JourneyTests.drive(s, t, [.char("L")] + "unreadable".map { .char($0) }) { $0.overlay == .log(filter: "unreadable", scroll: 0) }
        #expect(t.screen.text.contains("falling back to the previous one"), "\(t.screen.text)")
    }

    @Test func theWarningEventIsAWarningLine() {
        var s = AppState()
        _ = Reducer.reduce(&s, .training(.warning("warning: checkpoint x is unreadable")))
        #expect(s.log.last == LogLine(time: 0, level: .warning, text: "checkpoint x is unreadable"))   // the level says "warning" once
    }
}
