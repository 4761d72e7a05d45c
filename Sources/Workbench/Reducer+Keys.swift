import Foundation
import Workspaces

/// Keys, overlays and the global commands: what the root does before a screen sees a command.
extension Reducer {
    static func key(_ s: inout AppState, _ k: Key) -> (Reaction, [Effect]) {
        // Ctrl-L works under any overlay and prompt: it changes nothing but what the terminal shows.
        if KeyBindings.command(for: k, on: s.screen) == .repaint { return run(&s, .repaint, argument: nil) }
        switch s.overlay {
        case let .palette(text, sel): return palette(&s, k, text: text, selection: sel)
        case let .confirm(question, expected, typed, then): return confirm(&s, k, question, expected: expected, typed: typed, then: then)
        case let .filter(text): return filter(&s, k, text: text)
        case let .log(text, scroll): return logKey(&s, k, filter: text, scroll: scroll)
        case let .edit(prompt, text): return edit(&s, k, prompt, text: text)
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

    /// A question: `Esc` or `n` cancels, `y` answers a yes-or-no one, else the expected word and `Enter`.
    static func confirm(_ s: inout AppState, _ k: Key, _ question: Confirmation, expected: String, typed: String,
                        then: Effect) -> (Reaction, [Effect]) {
        switch k {
        case .escape, .ctrl("c"):
            s.overlay = .none; s.note("cancelled")
        case .char("n") where question.isYesNo:
            s.overlay = .none; s.note("cancelled")
        case .char("y") where question.isYesNo, .char("q") where question == .quitWhileTraining:
            s.overlay = .none
            if case let .startRun(plan) = question { s.run = .starting; s.targetStep = plan.targetStep; s.screen = .train }
            return (question.quits ? .quit : .redraw, [then])
        case .enter:
            s.overlay = .none
            guard typed == expected else {
                s.note("not confirmed: typed '\(typed)', needed '\(expected)'", .warning)
                return (.redraw, [])
            }
            if case let .keepBest(k, _, _) = question { s.keepBest = k; s.note("keep-best \(k.n) by \(k.metric) on: now and after each run") }
            return (.redraw, [then])
        case .backspace: s.overlay = .confirm(question, expected: expected, typed: String(typed.dropLast()), then: then)
        case .ctrl("u"): s.overlay = .confirm(question, expected: expected, typed: "", then: then)
        case let .char(c): s.overlay = .confirm(question, expected: expected, typed: typed + String(c), then: then)
        default: break
        }
        return (.redraw, [])
    }

    /// The `/` prompt; `Enter` applies it to every screen (the filter is shared).
    static func filter(_ s: inout AppState, _ k: Key, text: String) -> (Reaction, [Effect]) {
        switch k {
        case .escape, .ctrl("c"): s.overlay = .none
        case .enter:
            s.overlay = .none
            s.filter = text.isEmpty ? nil : text
            if let f = s.filter, (try? NSRegularExpression(pattern: f.hasPrefix("!") ? String(f.dropFirst()) : f)) == nil {
                s.note("'\(f)' is not a regular expression: matching it as plain text", .warning)
            }
            // The Data screen filters its rows in the background (the other screens' filters are immediate).
            return (.redraw, follow(&s, .filter))
        case .backspace: s.overlay = .filter(text: String(text.dropLast()))
        case .ctrl("u"): s.overlay = .filter(text: "")
        case let .char(c): s.overlay = .filter(text: text + String(c))
        default: break
        }
        return (.redraw, [])
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
        case .tab:
            if matches.indices.contains(selection) { s.overlay = .palette(text: matches[selection].rawValue + " ", selection: 0) }
        case .backspace: s.overlay = .palette(text: String(text.dropLast()), selection: 0)
        case .ctrl("u"): s.overlay = .palette(text: "", selection: 0)
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

    /// A click on a tab switches screens; anywhere else it is the current screen's.
    static func click(_ s: inout AppState, x: Int, y: Int) -> (Reaction, [Effect]) {
        let l = Layout.compute(s)
        if l.tooSmall { return ([], []) }
        if y == 0, let sc = l.tabs.first(where: { $0.value.contains(x) })?.key {
            // As its key does (the Input screen asks for its statistics when shown).
            if let c = Command.allCases.first(where: { $0.shownScreen == sc }) { return run(&s, c, argument: nil) }
            s.screen = sc
            return (.redraw, [])
        }
        return apply(&s, ScreenRegistry.click(ScreenRegistry.module(for: s.screen), &s, x: x, y: y, layout: l))
    }

    /// Global commands here; the others go to the current screen.
    static func run(_ s: inout AppState, _ c: Command, argument: String?) -> (Reaction, [Effect]) {
        if let screen = c.shownScreen {
            s.screen = screen
            // The Input screen asks for the statistics it shows (or runs the checks on them) when shown.
            if screen == .input { return apply(&s, InputScreen.shown(s)) }
            return (.redraw, [])
        }
        switch c {
        case .help: s.overlay = s.overlay == .help ? .none : .help
        case .palette: s.overlay = .palette(text: "", selection: 0)
        case .repaint: return ([.repaint, .redraw], [])
        case .showLog: showLog(&s)
        // The prompt starts empty (the filter in force is on the status bar; Enter on nothing clears it, Esc keeps it).
        case .filter: s.overlay = .filter(text: argument ?? "")
        case .quit, .back:
            if s.overlay != .none { s.overlay = .none; return (.redraw, []) }
            // A screen with something open (a sheet, a form field) closes it first.
            if let r = ScreenRegistry.reduce(ScreenRegistry.module(for: s.screen), &s, .command(c, argument: argument)) { return apply(&s, r) }
            if c == .back { return ([], []) }
            // q goes back to the root screen (Train) first, then quits.
            if s.screen != .train { s.screen = .train; return (.redraw, []) }
            if s.run.isLive { s.overlay = .asking(.quitWhileTraining); return (.redraw, []) }
            if let d = s.draft, d.isDirty {
                s.overlay = .asking(.quitWithUnsavedEdits(file: d.file, neverWritten: d.onDisk == nil))
                return (.redraw, [])
            }
            return (.quit, [])
        case .cancel:
            if s.overlay != .none { s.overlay = .none; return (.redraw, []) }
            // A screen's own background work (the Data screen's sort) is cancelled first.
            if let r = ScreenRegistry.reduce(ScreenRegistry.module(for: s.screen), &s, .command(c, argument: argument)) { return apply(&s, r) }
            if s.job != nil { s.job?.cancelling = true; return (.redraw, [.cancelJob]) }
            if s.run.isLive { s.run = .stopping; s.note("stopping after this step"); return (.redraw, [.stopTraining]) }
            s.note("nothing to cancel (q quits)")
        case .trainToggle: return trainToggle(&s)
        case .saveWorkspace: return (.redraw, saveWorkspace(&s))
        case .reloadWorkspace: return (.redraw, reloadWorkspace(&s))
        case .evaluateAll: return evaluateAll(&s)
        case .trainPause:
            switch s.run {
            case .running: s.run = .paused; s.note("paused at step \(s.step)"); return (.redraw, [.pauseTraining(true)])
            case .paused: s.run = .running; s.note("resumed"); return (.redraw, [.pauseTraining(false)])
            default: s.note("no training to pause (s starts one)")
            }
        default: return toScreen(&s, c, argument: argument)
        }
        return (.redraw, [])
    }

    /// `s`: starts the model_dir's run, or stops the live one (a checkpoint is written).
    static func trainToggle(_ s: inout AppState) -> (Reaction, [Effect]) {
        switch s.run {
        case .running, .paused, .starting:
            s.run = .stopping; s.note("stopping after this step (a checkpoint is written)")
            return (.redraw, [.stopTraining])
        case .stopping: s.note("already stopping")
        default:
            // Two trainers in one model_dir would write over each other's checkpoints: the model_dir's lock
            // (ModelDirLock, taken by training itself) refuses a second one with the holder's pid. Known already: at once.
            if let o = s.otherTrainer { s.note(AppState.refusal(o, modelDir: s.modelDir), .warning); return (.redraw, []) }
            if let why = InputScreen.preflightRefusal(s) {
                s.note("not starting: \(why) (3 shows the pre-flight checks)", .error)
                return (.redraw, [])
            }
            // Training uses what the screens show: the run is planned from the draft, and unsaved edits (or a workspace
            // opened from a CSV) are written when the run is confirmed (y), not before (n writes nothing).
            if let d = s.draft, d.isDirty, case let .failure(e) = d.workspace() {
                s.note("not starting: the workspace has an error: \(e)", .error)
                return (.redraw, [])
            }
            return apply(&s, ScreenResult(requests: [.startTraining(from: .latest)]))
        }
        return (.redraw, [])
    }
}
