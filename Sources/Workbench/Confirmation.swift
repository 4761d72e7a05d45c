import Workspaces
/// The questions the workbench asks before something that cannot be undone.
///
/// The reducer acts on which question it is, never on its text.
public enum Confirmation: Equatable, Sendable {
    /// `q` while training: `y` stops the run and quits.
    case quitWhileTraining
    /// keep-best with evaluated checkpoints to delete: typing `delete` saves the setting and deletes them. `unevaluated`: the
    /// steps with no value of the metric, which are never deleted (the question offers `:evaluate-all` first).
    case keepBest(KeepBest, deleting: [CheckpointRow], unevaluated: [Int64] = [])
    /// `s`, `r` or `w`: `y` starts this run (its target and model_dir are in the question).
    case startRun(RunPlan)
    /// `:save-workspace`: `y` writes the draft; the overlay shows the diff from the file on disk first.
    case saveWorkspace(WorkspaceDraft)
    /// `q` with unsaved edits of the workspace: `y` quits without them (`:save-workspace` keeps them).
    case quitWithUnsavedEdits(file: String, neverWritten: Bool)

    /// The question as the overlay shows it.
    public var prompt: String {
        switch self {
        case .quitWhileTraining: "Training is running. Stop it and quit? (y/n)"
        case let .keepBest(k, doomed, unevaluated):
            "\(doomed.count) evaluated would be deleted (steps \(doomed.map { String($0.step) }.joined(separator: ", "))), "
                + "keeping the best \(k.n) by \(k.metric) and the latest"
                + (unevaluated.isEmpty ? "" : "; \(unevaluated.count) are not evaluated and stay — Esc, then :evaluate-all first")
                + ". Type delete and Enter."
        case let .startRun(plan): plan.question
        case let .saveWorkspace(d): d.onDisk == nil ? "Write \(d.file)? (y/n)" : "Save these changes to \(d.file)? (y/n)"
        case let .quitWithUnsavedEdits(file, neverWritten):
            (neverWritten ? "\(file) was never written (the workspace exists only in this session)." : "\(file) has unsaved edits.")
                + " Quit without them? (y/n; n then :save-workspace keeps them)"
        }
    }

    /// Answered with `y` or `n` (else by typing ``expected`` and Enter).
    public var isYesNo: Bool {
        switch self {
        case .quitWhileTraining, .startRun, .saveWorkspace, .quitWithUnsavedEdits: true
        case .keepBest: false
        }
    }

    /// What must be typed to say yes.
    public var expected: String { isYesNo ? "y" : "delete" }

    /// What a yes does.
    public var effect: Effect {
        switch self {
        case .quitWhileTraining: .stopTraining
        case let .keepBest(_, doomed, _): .deleteCheckpoints(prefixes: doomed.map(\.prefix))
        case let .startRun(plan): .startTraining(plan)
        case let .saveWorkspace(d): .saveWorkspace(text: d.text, expecting: d.onDisk, then: nil)
        case .quitWithUnsavedEdits: .quitUnsaved
        }
    }

    /// Whether a yes also quits the workbench.
    public var quits: Bool {
        switch self {
        case .quitWhileTraining, .quitWithUnsavedEdits: true
        default: false
        }
    }
}
