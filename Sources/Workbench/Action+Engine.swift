import Workspaces

extension Action {
    /// The action that folds an event of the workspace engine into the state.
    public init(_ event: EngineEvent) {
        switch event {
        case let .training(e): self = .training(e)
        case let .log(text, level): self = .log(text, level)
        case let .evaluating(step): self = .runEvaluating(step: step)
        case let .jobProgress(done): self = .jobProgress(done: done)
        case let .jobFinished(message, isError): self = .jobFinished(message: message, isError: isError)
        case let .compared(c): self = .compared(c)
        case let .planned(p): self = .runPlanned(p)
        }
    }
}
