import Foundation
import Testing
import Workspaces
@testable import Workbench

/// Small things an hour's trial hit: empty filters, prompts, the watching header, squeezed charts, constant series.
@Suite struct TrialFixesTests {
    static func text(_ s: AppState) -> String { WorkbenchView.render(s, glyphs: .unicode).text }

    @Test func aFilterMatchingNoChartSaysSo() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        s.filter = "zzz"
        #expect(s.chartTags.isEmpty)
        #expect(Self.text(s).contains("no chart matches /zzz/"))
    }

    /// The selected panel shows what the keys act on: a row the filter hides is not shown as if selected.
    @Test func aSelectedRowTheFilterHidesIsSaidSo() {
        var s = Fixtures.checkpointState(width: 120, height: 40)
        s.filter = "zzz"
        let text = Self.text(s)
        #expect(text.contains("step 400 is hidden by the filter /zzz/") && !text.contains("model.ckpt-400.safetensors"), "\(text)")
    }

    /// A corrupt checkpoint is marked in the table and said in the selected panel, not listed like a good one.
    @Test func aCorruptCheckpointIsMarked() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-corrupt-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = Data([2, 0, 0, 0, 0, 0, 0, 0]) + Data("{}".utf8), bad = Data("not a checkpoint".utf8)
        try good.write(to: URL(fileURLWithPath: dir + "/good")); try bad.write(to: URL(fileURLWithPath: dir + "/bad"))
        #expect(CheckpointRow.looksReadable(dir + "/good", bytes: good.count))
        #expect(!CheckpointRow.looksReadable(dir + "/bad", bytes: bad.count) && !CheckpointRow.looksReadable(dir + "/none", bytes: 100))
        var s = Fixtures.checkpointState(width: 120, height: 40)
        let i = try #require(s.checkpoints.firstIndex { $0.step == 400 })
        s.checkpoints[i].isReadable = false
        let text = Self.text(s)
        #expect(text.contains("unreadable: not a safetensors file") && text.contains("! 400"), "\(text)")
    }

    @Test func ctrlUErasesEveryPromptAndTheFilterPromptStartsEmpty() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        s.filter = "loss"
        _ = Reducer.reduce(&s, .key(.char("/")))
        #expect(s.overlay == .filter(text: ""))
        #expect(Self.text(s).contains("now: /loss/"))
        for k in "acc" { _ = Reducer.reduce(&s, .key(.char(k))) }
        _ = Reducer.reduce(&s, .key(.ctrl("u")))
        #expect(s.overlay == .filter(text: ""))
        _ = Reducer.reduce(&s, .key(.escape))
        #expect(s.filter == "loss")   // Esc keeps the filter in force
        _ = Reducer.reduce(&s, .key(.char(":")))
        for k in "keep" { _ = Reducer.reduce(&s, .key(.char(k))) }
        _ = Reducer.reduce(&s, .key(.ctrl("u")))
        #expect(s.overlay == .palette(text: "", selection: 0))
        s.overlay = .asking(.keepBest(KeepBest(n: 1, metric: "accuracy", higherIsBetter: true), deleting: []))
        for k in "dele" { _ = Reducer.reduce(&s, .key(.char(k))) }
        _ = Reducer.reduce(&s, .key(.ctrl("u")))
        guard case let .confirm(_, _, typed, _) = s.overlay else { Issue.record("closed: \(s.overlay)"); return }
        #expect(typed.isEmpty)
    }

    /// Another process trains the model_dir: the header, the status bar and the hints say the same, with its rate.
    @Test func watchingElsewhereReadsTheSameEverywhere() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        s.run = .idle; s.stepsPerSec = nil
        s.now = 1006.5   // the fixture's summaries end at wall time 1006
        #expect(s.isWatchingElsewhere)
        let lines = Self.text(s).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[1], status = lines[39]
        #expect(header.contains("training elsewhere (watching)") && status.contains("training elsewhere (watching)"), "\(header)\n\(status)")
        #expect(!status.contains("idle") && !status.contains("s start") && status.contains("watching"))
        #expect(status.contains("1200 steps/s") && lines[2].contains("1200 steps/s"), "\(status)\n\(lines[2])")
    }

    /// The lock names another trainer: the workbench watches it with its pid even before any summary arrives.
    @Test func anotherTrainerByItsLockIsWatchedWithItsPid() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        s.run = .idle; s.now = 99_999   // no recent summaries: only the lock says it
        #expect(!s.isWatchingElsewhere)
        _ = Reducer.reduce(&s, .otherTrainer(OtherTrainer(pid: 4321, summary: "pid 4321 on host h (est train, since 14:02:11)")))
        #expect(s.isWatchingElsewhere && s.runLabel == "training elsewhere (pid 4321, watching)")
        #expect(s.log.last?.text.contains("another process trains workspaces/iris/runs/main: pid 4321 on host h") == true)
        let lines = Self.text(s).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1].contains("training elsewhere (pid 4321, watching)") && lines[39].contains("training elsewhere (pid 4321, watching)"))
        // s is refused at once, with the pid and what to do; no question, no run state change.
        #expect(Reducer.reduce(&s, .key(.char("s"))).1.isEmpty && s.overlay == .none && s.run == .idle)
        #expect(s.log.last?.text.contains("is being trained by pid 4321 on host h") == true && s.log.last?.text.contains("kill 4321") == true)
        // Its lock free again: not watching, even with its last summaries fresh.
        s.now = 1006.5
        _ = Reducer.reduce(&s, .otherTrainer(nil))
        #expect(!s.isWatchingElsewhere && s.runLabel == "idle" && s.log.last?.text.contains("pid 4321 no longer trains") == true)
    }

    /// With many eval charts the loss chart keeps a readable height; the rest scroll.
    @Test func chartsKeepAMinimumHeight() {
        var s = Fixtures.trainingState(width: 100, height: 30)
        for tag in ["auc", "precision", "recall", "auc_precision_recall", "prediction/mean", "label/mean"] {
            s.runData.eval[tag] = Fixtures.evalSeries({ 0.5 + 0.1 * $0 }, steps: 600)
        }
        let l = Layout.compute(s)
        #expect(l.charts.count >= 1 && l.charts.allSatisfy { $0.height >= TrainScreen.minChartHeight }, "\(l.charts)")
        #expect(Self.text(s).contains("charts 1–"))   // the others are a j/k away
    }

    /// `accuracy_baseline` (constant) is a dashed line on the accuracy chart, not a chart of its own.
    @Test func constantSeriesAreReferenceLinesOnTheirChart() {
        var s = Fixtures.trainingState(width: 120, height: 40)
        s.runData.eval["accuracy_baseline"] = Fixtures.evalSeries({ _ in 1.0 / 3 }, steps: 600)
        #expect(!s.chartTags.contains("accuracy_baseline"))
        #expect(s.chart("accuracy").references == [ChartReference(name: "accuracy_baseline", value: 1.0 / 3)])
        #expect(Self.text(s).contains("─ accuracy_baseline 0.3333"))
        // A series that changes is a chart again; without its host chart it keeps its own.
        s.runData.eval["accuracy_baseline"]![0].value = 0.5
        #expect(s.chartTags.contains("accuracy_baseline"))
        s.runData.eval["label/mean"] = Fixtures.evalSeries({ _ in 0.4 }, steps: 600)
        #expect(s.chartTags.contains("label/mean"))
    }
}
