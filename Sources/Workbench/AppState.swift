import Foundation
import Workspaces

/// Where the run of this workbench stands.
public enum RunState: Equatable, Sendable {
    case idle, starting, running, paused, stopping
    case finished(step: Int64)
    /// Stopped by the user before the target (`s`, Ctrl-C, quitting).
    case stopped(step: Int64)
    case failed(String)

    public var isLive: Bool { [.starting, .running, .paused, .stopping].contains(self) }
    public var label: String {
        switch self {
        case .idle: "idle"
        case .starting: "starting"
        case .running: "running"
        case .paused: "paused"
        case .stopping: "stopping"
        case let .finished(s): "finished at \(s)"
        case let .stopped(s): "stopped at \(s)"
        case .failed: "failed"
        }
    }
}

/// Another process that holds the training lock of the model_dir on screen.
public struct OtherTrainer: Equatable, Sendable {
    public var pid: Int32
    /// "pid 1234 on host h (est train, since 14:02:11)".
    public var summary: String
    public init(pid: Int32, summary: String) { (self.pid, self.summary) = (pid, summary) }
}

/// An exact resume's progress through the batches an earlier run trained on.
public struct BatchSkip: Equatable, Sendable {
    public var done: Int64, total: Int64
    public init(done: Int64, total: Int64) { (self.done, self.total) = (done, total) }
}

/// A line of the log pane.
public struct LogLine: Equatable, Sendable {
    public typealias Level = LogLevel
    public var time: Double
    public var level: Level
    public var text: String
}

/// What is drawn over the screen.
public enum Overlay: Equatable, Sendable {
    case none
    case help
    /// The `:` palette with what was typed and the highlighted match.
    case palette(text: String, selection: Int)
    /// A question and what was typed so far; `expected` (what says yes) and `then` (what a yes does) come from the
    /// question (``asking(_:)``).
    case confirm(Confirmation, expected: String, typed: String, then: Effect)
    case comparison
    /// The `/` prompt with what was typed.
    case filter(text: String)
    /// The whole log (`L`), its lines filtered by what was typed, scrolled `scroll` rows up from the newest.
    case log(filter: String, scroll: Int)
    /// A one-line text field asked for by a screen (``ScreenRequest/edit(_:)``) and what was typed.
    case edit(EditPrompt, text: String)

    /// A question with nothing typed yet.
    public static func asking(_ c: Confirmation) -> Overlay { .confirm(c, expected: c.expected, typed: "", then: c.effect) }
}

/// Long work the UI waits on, with what it has done so far.
public struct Job: Equatable, Sendable {
    public var title: String
    public var done: Int
    public var cancelling = false
}

/// The whole state of the workbench: a value; the reducer is the only thing that changes it.
///
/// The root keeps what the screens share; each screen's own state is a field here (``ScreenModule/state``).
public struct AppState: Equatable, Sendable {
    public var width = 80, height = 24
    public var screen = Screen.train
    public var overlay = Overlay.none
    public var workspaceName = ""
    public var estimatorKind = ""
    /// The estimator stops when its trees are built (boosted trees), not at a step target.
    public var trainsUntilTreesAreBuilt = false
    public var modelDir = ""
    public var device = "cpu"
    public var now: Double = 0

    // Training.
    public var run = RunState.idle
    public var step: Int64 = 0
    public var targetStep: Int64 = 0
    public var loss: Double?
    public var stepsPerSec: Double?
    public var examplesPerSec: Double?
    public var runData = RunData()
    /// How far an exact resume is in skipping the batches already trained on (nil: not skipping).
    public var skipping: BatchSkip?
    /// The step the run is evaluating right now, if it is.
    public var evaluatingStep: Int64?

    // Checkpoints of the model_dir and the work on them.
    public var checkpoints: [CheckpointRow] = []
    public var comparison: Comparison?
    public var keepBest: KeepBest?
    public var job: Job?
    /// Whether idle time evaluates checkpoints not evaluated yet (`[workbench] evaluate_idle`).
    public var evaluateIdle = false
    /// Steps idle evaluation has tried (each once, so a failing evaluation is not retried in a loop).
    public var idleEvaluated: Set<Int64> = []

    // The screens' own state.
    public var trainScreen = TrainScreen.State()
    public var checkpointsScreen = CheckpointsScreen.State()
    public var placeholderScreen = PlaceholderScreen.State()
    public var dataScreen = DataScreen.State()
    public var modelScreen = ModelScreen.State()
    public var inputScreen = InputScreen.State()

    /// The `workspace.toml` being edited by the Model and Input screens (nil: none opened).
    public var draft: WorkspaceDraft?
    /// The workspace's data files and their statistics.
    public var data = DataFiles()

    /// The newest 500 log lines; ``logLineID(_:)`` names them for the log pane's cursor and expansions.
    public var log: [LogLine] = []
    /// Lines dropped from the front of `log` so far (the id of `log[0]`).
    public var logDropped = 0
    /// Where the log is also written (`<workspace>/runs/workbench.log`), if anywhere.
    public var logFilePath: String?
    /// Errors with an id below this are acknowledged (`L` shows them all); newer ones stay pinned in the log pane.
    public var logAcknowledged = 0
    /// The `/` filter: a case-insensitive regular expression (a leading `!` inverts it) over
    /// chart names on Train and checkpoint rows on Checkpoints.
    public var filter: String?
    /// When this workbench's own run last ended (its summaries are not "elsewhere").
    public var localRunEndedAt: Double?
    /// Whether the screen last showed "training elsewhere" (so the clock redraws when it changes).
    public var watchingShown = false

    public init() {}

    /// Adds a log line (the pane keeps the newest 500; the workbench log file keeps them all).
    public mutating func note(_ text: String, _ level: LogLine.Level = .info) {
        // Control characters (from a corrupt file's name or text) would break the pane's cells.
        var clean = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        // The level is shown beside the line: an "error: " or "warning: " the text starts with would say it twice.
        let tag = level == .error ? "error: " : level == .warning ? "warning: " : nil
        if let tag, clean.hasPrefix(tag) { clean.removeFirst(tag.count) }
        log.append(LogLine(time: now, level: level, text: clean))
        if log.count > 500 { logDropped += log.count - 500; log.removeFirst(log.count - 500) }
    }

    /// Every line logged so far, dropped ones included (the id the next line gets).
    public var logTotal: Int { logDropped + log.count }

    /// The id of `log[index]`: it stays the same as lines are added and old ones dropped.
    public func logLineID(_ index: Int) -> Int { logDropped + index }

    /// The errors still pinned in the log pane (not acknowledged by `L`), oldest first.
    public var unacknowledgedErrors: [Int] {
        log.indices.filter { log[$0].level == .error && logLineID($0) >= logAcknowledged }.map(logLineID)
    }

    /// The chart tags of the Train screen, in display order: training loss, then eval metrics
    /// (accuracy and AUC first), then throughput.
    public var chartTags: [String] { allChartTags.filter(filterMatcher) }

    /// The `/` filter as a test, its expression compiled once (everything passes without one).
    public var filterMatcher: (String) -> Bool {
        guard var f = filter, !f.isEmpty else { return { _ in true } }
        let invert = f.hasPrefix("!")
        if invert { f.removeFirst() }
        if let re = try? NSRegularExpression(pattern: f, options: [.caseInsensitive]) {
            return { text in (re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil) != invert }
        }
        let plain = f
        return { text in text.localizedCaseInsensitiveContains(plain) != invert }
    }

    /// Constant eval series drawn as a reference line on another metric's chart (TF's `accuracy_baseline` beside
    /// `accuracy`, `label/mean` beside `prediction/mean`) rather than as charts of their own.
    public static let referenceSeries: [String: String] = ["accuracy_baseline": "accuracy", "label/mean": "prediction/mean"]

    /// The eval series shown as reference lines: constant, and their chart is there.
    var referenceTags: Set<String> {
        Set(Self.referenceSeries.filter { tag, host in
            guard runData.eval[host] != nil, let points = runData.eval[tag], let first = points.first?.value else { return false }
            return points.allSatisfy { $0.value == first || ($0.value.isNaN && first.isNaN) }
        }.keys)
    }

    /// Every chart tag, filter or not.
    public var allChartTags: [String] {
        let references = referenceTags
        let evalTags = runData.eval.keys.filter { $0 != "global_step" && $0 != "loss" && !references.contains($0) }
        let first = ["accuracy", "auc"].filter { evalTags.contains($0) }
        var tags = ["loss"] + first + evalTags.filter { !first.contains($0) }.sorted()
        if runData.train["global_step/sec"] != nil { tags.append("global_step/sec") }
        return tags
    }

    /// The chart of a tag: the training series and the evaluation series of the same name.
    public func chart(_ tag: String) -> ChartModel {
        var lines: [ChartLine] = []
        if let t = runData.train[tag] { lines.append(ChartLine(name: "train", points: t, ink: .trainLine)) }
        if let e = runData.eval[tag] { lines.append(ChartLine(name: "eval", points: e, ink: .evalLine, smooth: false)) }
        // Only checkpoints still on disk are marked (retention deletes old ones).
        let onDisk = checkpoints.isEmpty ? runData.checkpointSteps.suffix(1) : checkpoints.map(\.step).sorted()[...]
        let references = referenceTags.filter { Self.referenceSeries[$0] == tag }.sorted()
            .compactMap { r in runData.eval[r]?.last.map { ChartReference(name: r, value: $0.value) } }
        return ChartModel(tag: tag, lines: lines, checkpointSteps: Array(onDisk), higherIsBetter: higherIsBetter(tag), references: references)
    }

    /// Another process holding the model_dir's training lock (its pid and who it is), as the session last looked.
    public var otherTrainer: OtherTrainer?

    /// Another process trains the model_dir while this workbench runs nothing: its lock says so (``otherTrainer``),
    /// or summaries newer than 30 s (`est train` on another machine writing to a shared folder, where the lock may
    /// not reach).
    public var isWatchingElsewhere: Bool {
        guard !run.isLive else { return false }
        if otherTrainer != nil { return true }
        guard let last = runData.train.values.compactMap(\.last).max(by: { $0.wallTime < $1.wallTime }) else { return false }
        // Recent summaries written after the last clean end (STOP) of any run and after ours ended.
        return abs(now - last.wallTime) < 30 && last.wallTime > (localRunEndedAt ?? -.infinity) + 1 && last.wallTime > runData.stoppedAt ?? -.infinity
            && last.wallTime > otherTrainerEndedAt ?? -.infinity
    }

    /// Why `s` (or `r` on the newest checkpoint) does not start while another process trains the model_dir.
    static func refusal(_ o: OtherTrainer, modelDir: String) -> String {
        "\(modelDir) is being trained by \(o.summary): stop it (kill \(o.pid)) or train elsewhere (w warm-starts a new run from a checkpoint)"
    }

    /// When the lock of another trainer was last seen released (its summaries until then are not "elsewhere" any more).
    public var otherTrainerEndedAt: Double?

    /// What the run line says: this workbench's run, or "training elsewhere (watching)" while another process trains
    /// the model_dir on screen (the header and the status bar say the same).
    public var runLabel: String {
        guard !run.isLive && isWatchingElsewhere else { return run.label }
        return otherTrainer.map { "training elsewhere (pid \($0.pid), watching)" } ?? "training elsewhere (watching)"
    }

    /// Steps per second of a run watched elsewhere, from its `global_step/sec` summaries or, without them, from its
    /// last two loss points.
    public var elsewhereStepsPerSec: Double? {
        guard !run.isLive, isWatchingElsewhere else { return nil }
        if let r = runData.train["global_step/sec"]?.last?.value, r.isFinite { return r }
        guard let loss = runData.train["loss"], loss.count >= 2 else { return nil }
        let (a, b) = (loss[loss.count - 2], loss[loss.count - 1])
        return b.wallTime > a.wallTime ? Double(b.step - a.step) / (b.wallTime - a.wallTime) : nil
    }

    /// Estimated seconds to the target step.
    public var eta: Double? {
        guard run.isLive, let sps = stepsPerSec, sps > 0, targetStep > step else { return nil }
        return Double(targetStep - step) / sps
    }
}
