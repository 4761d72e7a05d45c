import Estimators
import Foundation
import Workspaces
import Workbench

/// `tui-frame`: one frame (state → canvas → diff against the previous frame) at 200×60 with
/// four charts of 10 000 points each; a new point arrives before every frame.
func benchTUIFrame(frames: Int = 300) {
    var s = AppState()
    (s.width, s.height) = (200, 60)
    s.workspaceName = "bench"; s.estimatorKind = "DNNClassifier"; s.modelDir = "runs/main"
    s.run = .running; s.targetStep = 20_000
    var d = RunData()
    d.origin = 0
    func series(_ f: (Double) -> Double) -> [ScalarPoint] {
        (1...10_000).map { i in ScalarPoint(step: Int64(i), wallTime: Double(i) / 100, value: f(Double(i))) }
    }
    d.train["loss"] = series { 1 / (1 + $0 / 500) + 0.05 * sin($0) }
    d.eval["accuracy"] = series { 1 - 0.5 / (1 + $0 / 800) + 0.01 * cos($0) }
    d.eval["auc"] = series { 1 - 0.4 / (1 + $0 / 900) }
    d.eval["average_loss"] = series { 0.9 / (1 + $0 / 700) }
    d.checkpointSteps = stride(from: 0, through: 10_000, by: 1000).map(Int64.init)
    s.runData = d
    let charts = s.chartTags.count
    var previous = WorkbenchView.render(s, glyphs: .unicode)
    var times: [Double] = []
    var changed = 0
    for f in 0..<frames {
        s.runData.train["loss"]!.append(ScalarPoint(step: Int64(10_001 + f), wallTime: Double(10_001 + f) / 100, value: 0.05))
        s.step = Int64(10_001 + f)
        let t0 = now()
        let c = WorkbenchView.render(s, glyphs: .unicode)
        changed = c.changes(since: previous).count
        times.append(now() - t0)
        previous = c
    }
    times.sort()
    emit([("workload", "tui-frame"), ("width", 200), ("height", 60), ("charts", charts), ("points_per_chart", 10_000),
          ("frame_ms_p50", times[times.count / 2] * 1000), ("frame_ms_p99", times[times.count * 99 / 100] * 1000),
          ("frame_ms_max", times.last! * 1000), ("cells_changed_last", changed)])
}

/// `tui-keys`: key presses every 100 ms while the iris workspace trains on every core; the time
/// from a key's arrival to the frame that shows its effect.
func benchTUIKeys(threads: Int, keys: Int = 100) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-bench-tui-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var ws = try Workspace.load("workspaces/iris", overrides: ["run.steps=100000000", "run.save_checkpoints_steps=2000", "input.batch_size=128"])
    ws.modelDir = dir
    ws.run.threads = threads
    let session = Session(workspace: ws, device: "cpu · \(threads) threads")
    final class KeyTerminal: Terminal {
        let width = 120, height = 40, glyphs = Glyphs.unicode
        var due: [Double]
        var waiting: Double? = nil
        var latencies: [Double] = []
        init(due: [Double]) { self.due = due }
        func read(timeoutMs: Int) -> TerminalInput? {
            let deadline = now() + Double(timeoutMs) / 1000
            guard let next = due.first else { usleep(UInt32(timeoutMs) * 1000); return nil }
            if next > deadline { usleep(UInt32(timeoutMs) * 1000); return nil }
            let wait = next - now()
            if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
            due.removeFirst()
            waiting = next
            return .key(.char(due.count % 2 == 0 ? ">" : "<"))
        }
        func draw(_ canvas: Canvas) {
            if let w = waiting { latencies.append(now() - w); waiting = nil }
        }
    }
    // s asks first (the target and the model_dir): answer y once the question is up.
    let idle = KeyTerminal(due: [])
    session.dispatch(.key(.char("s")))
    session.run(on: idle, until: { if case .confirm(.startRun, _, _, _) = $0.overlay { true } else { false } }, timeout: 30)
    session.dispatch(.key(.char("y")))
    let start = now() + 3   // let training get going on every core first
    let t = KeyTerminal(due: (0..<keys).map { start + Double($0) * 0.1 })
    session.run(on: t, until: { _ in t.due.isEmpty && t.waiting == nil }, timeout: 3 + Double(keys) * 0.1 + 10)
    let steps = session.state.step
    session.dispatch(.command(.trainToggle, argument: nil))
    session.run(on: t, until: { !$0.run.isLive }, timeout: 30)
    let l = t.latencies.sorted()
    guard !l.isEmpty else { throw EstimatorError("no key was handled", hint: "the UI loop did not draw") }
    guard steps > 0 else {
        throw EstimatorError("the workbench did not train while keys were measured", hint: "its log: \(session.state.log.suffix(3).map(\.text))")
    }
    emit([("workload", "tui-keys"), ("keys", l.count), ("training_threads", threads), ("training_steps", Int(steps)),
          ("latency_ms_p50", l[l.count / 2] * 1000), ("latency_ms_p99", l[l.count * 99 / 100] * 1000), ("latency_ms_max", l.last! * 1000)])
}
