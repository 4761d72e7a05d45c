import Estimators
import Foundation
import Workspaces

/// Folds an action into the state; returns what to redraw or stop and the work to start.
///
/// Pure apart from the state it is given: no I/O, no clock (time arrives as `.tick`).
public enum Reducer {
    public static func reduce(_ s: inout AppState, _ action: Action) -> (Reaction, [Effect]) {
        switch action {
        case let .key(k): return key(&s, k)
        case let .command(c, arg): return run(&s, c, argument: arg)
        case let .resize(w, h):
            (s.width, s.height) = (w, h)
            return (.redraw, [])
        case let .tick(now):
            s.now = now
            let watching = s.isWatchingElsewhere
            defer { s.watchingShown = watching }
            return (s.run.isLive || s.job != nil || watching || watching != s.watchingShown ? .redraw : [], [])
        case let .training(e): return training(&s, e)
        case let .runData(d, messages):
            let newCheckpoint = d.checkpointSteps != s.runData.checkpointSteps
            s.runData = d
            if !s.run.isLive { s.step = max(d.lastStep, s.checkpoints.map(\.step).max() ?? 0) }
            for m in messages { s.note(m, .warning) }
            if s.focusedChart >= s.chartTags.count { s.focusedChart = max(0, s.chartTags.count - 1) }
            return (.redraw, newCheckpoint ? [.reloadCheckpoints] : [])
        case let .checkpoints(rows):
            // A selection on the newest checkpoint follows new ones.
            let wasNewest = s.selectedStep != nil && s.selectedStep == s.checkpoints.map(\.step).max()
            s.checkpoints = rows
            if wasNewest { s.selectedStep = nil }
            let steps = Set(rows.map(\.step))
            s.marked.removeAll { !steps.contains($0) }
            if s.selectedStep.map({ !steps.contains($0) }) ?? true { s.selectedStep = rows.map(\.step).max() }
            return (.redraw, [])
        case let .jobProgress(done):
            s.job?.done = done
            return (.redraw, [])
        case let .jobFinished(message, isError):
            s.job = nil
            s.note(message, isError ? .error : .info)
            return (.redraw, [.reloadCheckpoints])
        case let .compared(c):
            s.comparison = c
            s.overlay = .comparison
            return (.redraw, [])
        case let .log(text, level):
            s.note(text, level)
            return (.redraw, [])
        case let .runEvaluating(step):
            s.evaluatingStep = step
            return (.redraw, [])
        }
    }

    static func training(_ s: inout AppState, _ e: TrainingEvent) -> (Reaction, [Effect]) {
        switch e {
        case let .started(step, target):
            // A stop pressed before training got going stays a stop.
            if s.run != .stopping { s.run = .running }
            s.step = step; s.targetStep = target
            s.note("training from step \(step) to \(target)")
        case let .step(step, loss, eps, sps):
            s.step = step; s.loss = loss; s.examplesPerSec = eps; s.stepsPerSec = sps
        case let .checkpointSaved(step, _):
            s.step = max(s.step, step)
            return (.redraw, [.reloadCheckpoints])
        case let .evaluated(step, name, metrics):
            let shown = ["accuracy", "auc", "average_loss", "loss"].compactMap { k in metrics[k].map { "\(k) \(String(format: "%.4f", $0))" } }
            s.note("evaluated \(name) at step \(step): " + (shown.isEmpty ? "\(metrics.count) metrics" : shown.joined(separator: ", ")))
            return (.redraw, [.reloadCheckpoints])
        case let .exported(path): s.note("exported \(path)")
        case let .finished(step, loss):
            s.evaluatingStep = nil
            s.step = step
            if let loss { s.loss = loss }
            s.run = .finished(step: step)
            s.localRunEndedAt = s.now
            s.note(step < s.targetStep && s.estimatorKind.hasPrefix("BoostedTrees") ? "training finished at step \(step): every tree is built (n_trees)" : "training finished at step \(step)")
            return (.redraw, [.reloadCheckpoints] + retention(&s))
        case let .failed(message):
            s.run = .failed(message)
            s.localRunEndedAt = s.now
            s.note(message.split(separator: "\n").joined(separator: " · "), .error)
        case let .log(m): s.note(m)
        }
        return (.redraw, [])
    }

    static func key(_ s: inout AppState, _ k: Key) -> (Reaction, [Effect]) {
        switch s.overlay {
        case let .palette(text, sel): return palette(&s, k, text: text, selection: sel)
        case let .confirm(prompt, expected, typed, then):
            switch k {
            case .escape, .ctrl("c"):
                s.overlay = .none; s.note("cancelled")
                return (.redraw, [])
            case .char("n") where expected == "y":
                s.overlay = .none; s.note("cancelled")
                return (.redraw, [])
            case .char("y") where expected == "y", .char("q") where expected == "y":
                s.overlay = .none
                return then == .stopTraining && prompt.contains("quit") ? (.quit, [.stopTraining]) : (.redraw, [then])
            case .enter:
                s.overlay = .none
                defer { s.pendingKeepBest = nil }
                if typed == expected {
                    if case .deleteCheckpoints = then, let k = s.pendingKeepBest { s.keepBest = k; s.note("keep-best \(k.n) by \(k.metric): applied now and after each run") }
                    return (.redraw, [then])
                }
                s.note("not confirmed: typed '\(typed)', needed '\(expected)'", .warning)
                return (.redraw, [])
            case .backspace:
                s.overlay = .confirm(prompt: prompt, expected: expected, typed: String(typed.dropLast()), then: then)
            case let .char(c):
                s.overlay = .confirm(prompt: prompt, expected: expected, typed: typed + String(c), then: then)
            default: break
            }
            return (.redraw, [])
        case let .filter(text):
            switch k {
            case .escape, .ctrl("c"): s.overlay = .none
            case .enter:
                s.overlay = .none
                s.filter = text.isEmpty ? nil : text
                if let f = s.filter, (try? NSRegularExpression(pattern: f.hasPrefix("!") ? String(f.dropFirst()) : f)) == nil {
                    s.note("'\(f)' is not a regular expression: matching it as plain text", .warning)
                }
                s.focusedChart = 0
                if let first = s.sortedCheckpoints.first, !s.sortedCheckpoints.contains(where: { $0.step == s.selectedStep }) { s.selectedStep = first.step }
            case .backspace: s.overlay = .filter(text: String(text.dropLast()))
            case let .char(c): s.overlay = .filter(text: text + String(c))
            default: break
            }
            return (.redraw, [])
        case .help, .comparison:
            if [.escape, .char("q"), .char("?"), .function(1), .enter].contains(k) { s.overlay = .none; return (.redraw, []) }
        case .none: break
        }
        switch k {
        case let .click(x, y): return click(&s, x: x, y: y)
        case .wheelUp: return run(&s, .up, argument: nil)
        case .wheelDown: return run(&s, .down, argument: nil)
        default: break
        }
        guard let c = KeyBindings.command(for: k, on: s.screen) else { return ([], []) }
        return run(&s, c, argument: nil)
    }

    static func palette(_ s: inout AppState, _ k: Key, text: String, selection: Int) -> (Reaction, [Effect]) {
        let matches = paletteMatches(text)
        switch k {
        case .escape, .ctrl("c"): s.overlay = .none
        case .enter:
            s.overlay = .none
            let words = text.split(separator: " ", maxSplits: 1).map(String.init)
            let exact = words.first.flatMap { Command(rawValue: $0) }
            guard let c = exact ?? (matches.indices.contains(selection) ? matches[selection] : nil) else {
                s.note("no command '\(text)' (Tab completes; ? lists keys)", .warning)
                return (.redraw, [])
            }
            return run(&s, c, argument: words.count > 1 ? words[1] : nil)
        case .up: s.overlay = .palette(text: text, selection: max(0, selection - 1))
        case .down: s.overlay = .palette(text: text, selection: min(max(0, matches.count - 1), selection + 1))
        case .tab: if let m = matches.indices.contains(selection) ? matches[selection] : nil { s.overlay = .palette(text: m.rawValue + " ", selection: 0) }
        case .backspace: s.overlay = .palette(text: String(text.dropLast()), selection: 0)
        case let .char(c): s.overlay = .palette(text: text + String(c), selection: 0)
        default: break
        }
        return (.redraw, [])
    }

    /// Commands whose long name contains every typed word's first token (in table order).
    public static func paletteMatches(_ text: String) -> [Command] {
        let q = text.split(separator: " ").first.map { $0.lowercased() } ?? ""
        return Command.allCases.filter { q.isEmpty || $0.rawValue.contains(q) }
    }

    static func click(_ s: inout AppState, x: Int, y: Int) -> (Reaction, [Effect]) {
        let l = Layout.compute(s)
        if l.tooSmall { return ([], []) }
        if y == 0, let sc = l.tabs.first(where: { $0.value.contains(x) })?.key { s.screen = sc; return (.redraw, []) }
        switch s.screen {
        case .train:
            if let i = l.charts.firstIndex(where: { $0.contains(x: x, y: y) }) { s.focusedChart = l.firstChart + i; s.focusedPane = 0 }
            else if l.log.contains(x: x, y: y) { s.focusedPane = 1 }
        case .checkpoints:
            let rows = s.sortedCheckpoints
            let first = CheckpointsView.firstRow(s, rows: rows, height: l.table.height - 3)
            let i = first + (y - l.table.y - 2)
            if l.table.contains(x: x, y: y), rows.indices.contains(i) { s.selectedStep = rows[i].step }
        default: break
        }
        return (.redraw, [])
    }

    static func moveSelection(_ s: inout AppState, by d: Int) {
        let rows = s.sortedCheckpoints
        guard !rows.isEmpty else { return }
        let i = rows.firstIndex { $0.step == s.selectedStep } ?? 0
        s.selectedStep = rows[min(rows.count - 1, max(0, i + d))].step
    }

    static func move(_ s: inout AppState, by d: Int) {
        switch s.screen {
        case .train:
            if s.focusedPane == 1 { s.logScroll = max(0, min(max(0, s.log.count - 1), s.logScroll - d)) }
            else { s.focusedChart = max(0, min(s.chartTags.count - 1, s.focusedChart + d * Layout.compute(s).chartColumns)) }
        case .checkpoints: moveSelection(&s, by: d)
        default: break
        }
    }

    /// The selected checkpoint, if the filter shows it.
    static func selected(_ s: AppState) -> CheckpointRow? { s.sortedCheckpoints.first { $0.step == s.selectedStep } }

    static func run(_ s: inout AppState, _ c: Command, argument: String?) -> (Reaction, [Effect]) {
        switch c {
        case .help: s.overlay = s.overlay == .help ? .none : .help
        case .palette: s.overlay = .palette(text: "", selection: 0)
        case .quit, .back:
            if s.overlay != .none { s.overlay = .none; return (.redraw, []) }
            if c == .back { return ([], []) }
            // q goes back to the root screen (Train) first, then quits.
            if s.screen != .train { s.screen = .train; return (.redraw, []) }
            if s.run.isLive {
                s.overlay = .confirm(prompt: "Training is running. Stop it and quit? (y/n)", expected: "y", typed: "", then: .stopTraining)
                return (.redraw, [])
            }
            return (.quit, [])
        case .cancel:
            if s.overlay != .none { s.overlay = .none; return (.redraw, []) }
            if s.job != nil { s.job?.cancelling = true; return (.redraw, [.cancelJob]) }
            if s.run.isLive { s.run = .stopping; s.note("stopping after this step"); return (.redraw, [.stopTraining]) }
            s.note("nothing to cancel (q quits)")
        case .screenData, .screenModel, .screenInput, .screenTrain, .screenCheckpoints, .screenExport, .screenRuns:
            let order: [Command] = [.screenData, .screenModel, .screenInput, .screenTrain, .screenCheckpoints, .screenExport, .screenRuns]
            s.screen = Screen(rawValue: order.firstIndex(of: c)! + 1)!
        case .nextPane, .previousPane: s.focusedPane = 1 - s.focusedPane
        case .up: move(&s, by: -1)
        case .down: move(&s, by: 1)
        case .pageUp: move(&s, by: -10)
        case .pageDown: move(&s, by: 10)
        case .top: move(&s, by: -100_000)
        case .bottom: move(&s, by: 100_000)
        case .trainToggle:
            switch s.run {
            case .running, .paused, .starting:
                s.run = .stopping; s.note("stopping after this step (a checkpoint is written)")
                return (.redraw, [.stopTraining])
            case .stopping: s.note("already stopping")
            default:
                // Two trainers in one model_dir would write over each other's checkpoints.
                guard !s.isWatchingElsewhere else {
                    s.note("another process is training \(s.modelDir) (step \(s.runData.lastStep)); stop it first, or w warm-starts a separate run", .warning)
                    return (.redraw, [])
                }
                s.run = .starting
                return (.redraw, [.startTraining(from: .latest)])
            }
        case .trainPause:
            switch s.run {
            case .running: s.run = .paused; s.note("paused at step \(s.step)"); return (.redraw, [.pauseTraining(true)])
            case .paused: s.run = .running; s.note("resumed"); return (.redraw, [.pauseTraining(false)])
            default: s.note("no training to pause (s starts one)")
            }
        case .smoothingLess, .smoothingMore:
            if let a = argument, let v = Double(a) { s.chartView.smoothing = min(Smoothing.maxWeight, max(0, v)) } else {
                let steps = [0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99, 0.999]
                let i = steps.firstIndex { $0 >= s.chartView.smoothing - 1e-9 } ?? 2
                s.chartView.smoothing = steps[c == .smoothingMore ? min(steps.count - 1, i + (steps[i] > s.chartView.smoothing + 1e-9 ? 0 : 1)) : max(0, i - 1)]
            }
        case .logY: s.chartView.logY.toggle()
        case .xAxis: s.chartView.xAxis = s.chartView.xAxis.next; s.chartView.window = nil
        case .follow: s.chartView.window = nil
        case .panLeft where s.screen == .checkpoints: s.columnOffset = max(0, s.columnOffset - 1)
        case .panRight where s.screen == .checkpoints: s.columnOffset = min(max(0, s.checkpointColumns.count - 4), s.columnOffset + 1)
        case .zoomIn, .zoomOut, .panLeft, .panRight: zoom(&s, c)
        case .exportChartCSV: return (.redraw, [.exportChartCSV(tags: s.chartTags)])
        case .evaluate:
            guard let r = selected(s) else { s.note("no checkpoint selected"); break }
            guard s.job == nil else { s.note("\(s.job!.title) is still running (Ctrl-C cancels it)", .warning); break }
            s.job = Job(title: "evaluating step \(r.step)", done: 0)
            return (.redraw, [.evaluate(prefix: r.prefix, step: r.step)])
        case .mark:
            guard let st = s.selectedStep else { break }
            if let i = s.marked.firstIndex(of: st) { s.marked.remove(at: i) } else {
                s.marked.append(st)
                if s.marked.count > 2 { s.marked.removeFirst() }
            }
            // Move on to the next row (up from the last one) so Space Space marks two.
            let rows = s.sortedCheckpoints
            moveSelection(&s, by: rows.last?.step == st ? -1 : 1)
        case .compare:
            let rows = s.marked.compactMap { m in s.checkpoints.first { $0.step == m } }.sorted { $0.step < $1.step }
            guard rows.count == 2 else { s.note("mark two checkpoints with Space, then c compares them", .warning); break }
            return (.redraw, [.compare(a: rows[0], b: rows[1])])
        case .resume, .warmStart:
            guard let r = selected(s) else { s.note("no checkpoint selected"); break }
            guard !s.run.isLive else { s.note("a run is live: stop it first (s)", .warning); break }
            s.run = .starting
            s.screen = .train
            let latest = s.checkpoints.map(\.step).max()
            if c == .resume && r.step == latest {
                guard !s.isWatchingElsewhere else {
                    s.run = .idle; s.screen = .checkpoints
                    s.note("another process is training \(s.modelDir); r on an older checkpoint or w starts a separate run", .warning)
                    return (.redraw, [])
                }
                return (.redraw, [.startTraining(from: .latest)])
            }
            return (.redraw, [.startTraining(from: c == .resume ? .resume(prefix: r.prefix, step: r.step) : .warmStart(prefix: r.prefix, step: r.step))])
        case .sortNext:
            let cols = s.checkpointColumns
            s.sortKey = cols[((cols.firstIndex(of: s.sortKey) ?? 0) + 1) % cols.count]
            if let hib = higherIsBetter(s.sortKey) { s.sortDescending = hib }
        case .sortReverse: s.sortDescending.toggle()
        case .filter: s.overlay = .filter(text: argument ?? s.filter ?? "")
        case .next, .previous:
            if s.screen == .train { s.focusedChart = max(0, min(s.chartTags.count - 1, s.focusedChart + (c == .next ? 1 : -1))) }
            else { moveSelection(&s, by: c == .next ? 1 : -1) }
        case .keepBest: return keepBest(&s, argument)
        }
        return (.redraw, [])
    }

    static func keepBest(_ s: inout AppState, _ argument: String?) -> (Reaction, [Effect]) {
        guard !["step", "time", "size"].contains(s.sortKey), higherIsBetter(s.sortKey) != nil else {
            s.note("keep-best keeps the best by a quality metric: sort by one first (o)", .warning)
            return (.redraw, [])
        }
        guard let a = argument, let n = Int(a), n >= 1 else {
            s.overlay = .palette(text: "keep-best ", selection: 0)
            s.note("type how many checkpoints to keep, e.g. keep-best 3 (by the sort column '\(s.sortKey)')")
            return (.redraw, [])
        }
        guard !s.run.isLive && !s.isWatchingElsewhere else { s.note("keep-best deletes files: refused while a run is live", .warning); return (.redraw, []) }
        let latest = s.checkpoints.map(\.step).max()
        let ranked = s.allSortedCheckpoints.filter { ["step", "time", "size"].contains(s.sortKey) || $0.metrics[s.sortKey] != nil }
        let keep = Set(ranked.prefix(n).map(\.step) + [latest].compactMap { $0 })
        let doomed = s.checkpoints.filter { !keep.contains($0.step) }
        let setting = KeepBest(n: n, metric: s.sortKey, higherIsBetter: s.sortDescending)
        guard !doomed.isEmpty else {
            s.keepBest = setting; s.note("keep-best \(n) by \(s.sortKey): nothing to delete; applied again after each run"); return (.redraw, []) }
        s.pendingKeepBest = setting
        s.overlay = .confirm(prompt: "Delete \(doomed.count) checkpoint(s) (steps \(doomed.map { String($0.step) }.joined(separator: ", "))), keeping the best \(n) by \(s.sortKey) and the latest? Type delete and Enter.",
                             expected: "delete", typed: "", then: .deleteCheckpoints(prefixes: doomed.map(\.prefix)))
        return (.redraw, [])
    }

    /// The keep-best setting applied after a run: delete what is not among the best N (and not the newest).
    static func retention(_ s: inout AppState) -> [Effect] {
        guard let k = s.keepBest else { return [] }
        let scored = s.checkpoints.filter { $0.metrics[k.metric] != nil }
            .sorted { k.higherIsBetter ? $0.metrics[k.metric]! > $1.metrics[k.metric]! : $0.metrics[k.metric]! < $1.metrics[k.metric]! }
        let keep = Set(scored.prefix(k.n).map(\.step) + [s.checkpoints.map(\.step).max()].compactMap { $0 })
        let doomed = s.checkpoints.filter { !keep.contains($0.step) }
        guard !doomed.isEmpty else { return [] }
        s.note("keep-best \(k.n) by \(k.metric): deleting \(doomed.count) checkpoint(s)")
        return [.deleteCheckpoints(prefixes: doomed.map(\.prefix))]
    }

    static func zoom(_ s: inout AppState, _ c: Command) {
        guard let tag = s.chartTags.indices.contains(s.focusedChart) ? s.chartTags[s.focusedChart] : s.chartTags.first,
              let full = ChartRenderer.extent(s.chart(tag), axis: s.chartView.xAxis, origin: s.runData.origin ?? 0) else { return }
        let cur = s.chartView.window ?? full
        let span = max(cur.upperBound - cur.lowerBound, 1e-9)
        switch c {
        case .zoomIn: s.chartView.window = (cur.upperBound - span / 2)...cur.upperBound
        case .zoomOut:
            // Twice as wide around the same centre, kept inside the data; all of it is following again.
            let mid = (cur.lowerBound + cur.upperBound) / 2
            var lo = mid - span, hi = mid + span
            if hi > full.upperBound { lo -= hi - full.upperBound; hi = full.upperBound }
            if lo < full.lowerBound { hi += full.lowerBound - lo; lo = full.lowerBound }
            s.chartView.window = lo <= full.lowerBound && hi >= full.upperBound ? nil : lo...min(hi, full.upperBound)
        case .panLeft, .panRight:
            guard s.chartView.window != nil else { return }
            var d = span / 4 * (c == .panLeft ? -1 : 1)
            d = max(full.lowerBound - cur.lowerBound, min(full.upperBound - cur.upperBound, d))
            s.chartView.window = (cur.lowerBound + d)...(cur.upperBound + d)
        default: break
        }
    }
}
