import Foundation
import Workspaces

/// Where the run of this workbench stands.
public enum RunState: Equatable, Sendable {
    case idle, starting, running, paused, stopping
    case finished(step: Int64)
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
        case .failed: "failed"
        }
    }
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
    /// A question: `expected` must be typed then Enter (or `y` when `expected` is "y").
    case confirm(prompt: String, expected: String, typed: String, then: Effect)
    case comparison
    /// The `/` prompt with what was typed.
    case filter(text: String)
}

/// Long work the UI waits on, with what it has done so far.
public struct Job: Equatable, Sendable {
    public var title: String
    public var done: Int
    public var cancelling = false
}

/// The whole state of the workbench: a value; the reducer is the only thing that changes it.
public struct AppState: Equatable, Sendable {
    public var width = 80, height = 24
    public var screen = Screen.train
    public var overlay = Overlay.none
    public var workspaceName = ""
    public var estimatorKind = ""
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
    /// The step the run is evaluating right now, if it is.
    public var evaluatingStep: Int64?

    // Train screen.
    public var chartView = ChartView()
    /// Index of the focused chart (scrolls the grid so it is visible).
    public var focusedChart = 0
    /// 0: charts, 1: log.
    public var focusedPane = 0
    public var logScroll = 0

    // Checkpoints screen.
    public var checkpoints: [CheckpointRow] = []
    public var selectedStep: Int64?
    public var marked: [Int64] = []
    /// "step", "time", "size" or a metric name.
    public var sortKey = "step"
    public var sortDescending = false
    public var comparison: Comparison?
    /// The first metric column shown in the checkpoint table (h/l scroll).
    public var columnOffset = 0
    public var keepBest: KeepBest?
    /// The keep-best setting waiting for its typed confirmation.
    public var pendingKeepBest: KeepBest?
    public var job: Job?

    public var log: [LogLine] = []
    /// The `/` filter: a case-insensitive regular expression (a leading `!` inverts it) over
    /// chart names on Train and checkpoint rows on Checkpoints.
    public var filter: String?
    /// When this workbench's own run last ended (its summaries are not "elsewhere").
    public var localRunEndedAt: Double?
    /// Whether the screen last showed "training elsewhere" (so the clock redraws when it changes).
    public var watchingShown = false

    public init() {}

    /// Adds a log line (the pane keeps the newest 500).
    public mutating func note(_ text: String, _ level: LogLine.Level = .info) {
        // Control characters (from a corrupt file's name or text) would break the pane's cells.
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        log.append(LogLine(time: now, level: level, text: clean))
        if log.count > 500 { log.removeFirst(log.count - 500) }
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

    /// Every chart tag, filter or not.
    public var allChartTags: [String] {
        let evalTags = runData.eval.keys.filter { $0 != "global_step" && $0 != "loss" }
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
        return ChartModel(tag: tag, lines: lines, checkpointSteps: Array(onDisk), higherIsBetter: higherIsBetter(tag))
    }

    /// Sortable columns of the checkpoint table: step, time, size, then every metric seen.
    public var checkpointColumns: [String] {
        ["step", "time", "size"] + Set(checkpoints.flatMap(\.metrics.keys)).filter { $0 != "global_step" }.sorted()
    }

    /// The checkpoint rows in display order that pass the `/` filter (matched against
    /// `step=<n> <metric>=<value>…`).
    public var sortedCheckpoints: [CheckpointRow] {
        let matches = filterMatcher
        return allSortedCheckpoints.filter { r in
            matches((["step=\(r.step)"] + r.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " "))
        }
    }

    /// Every checkpoint row in display order, filter or not (what retention ranks).
    public var allSortedCheckpoints: [CheckpointRow] {
        let key = sortKey
        func value(_ r: CheckpointRow) -> Double? {
            switch key {
            case "step": Double(r.step)
            case "time": r.wallTime
            case "size": Double(r.bytes)
            default: r.metrics[key]
            }
        }
        // Rows without the metric go last whatever the order.
        return checkpoints.sorted { a, b in
            switch (value(a), value(b)) {
            case let (x?, y?): x == y ? a.step < b.step : (sortDescending ? x > y : x < y)
            case (.some, nil): true
            case (nil, .some): false
            default: a.step < b.step
            }
        }
    }

    /// Summaries newer than 30 s while this workbench runs nothing: `est train` in another
    /// terminal, or another machine writing to a shared folder.
    public var isWatchingElsewhere: Bool {
        guard !run.isLive, let last = runData.train.values.compactMap(\.last).max(by: { $0.wallTime < $1.wallTime }) else { return false }
        // Recent summaries written after the last clean end (STOP) of any run and after ours ended.
        return abs(now - last.wallTime) < 30 && last.wallTime > (localRunEndedAt ?? -.infinity) + 1 && last.wallTime > runData.stoppedAt ?? -.infinity
    }

    /// Estimated seconds to the target step.
    public var eta: Double? {
        guard run.isLive, let sps = stepsPerSec, sps > 0, targetStep > step else { return nil }
        return Double(targetStep - step) / sps
    }
}
