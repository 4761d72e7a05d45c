import Estimators
import Foundation
import Synchronization

/// Set by the SIGINT handler (an atomic store is all a signal handler may do).
private let sigintSeen = Atomic<Bool>(false)

/// Ctrl-C during `est train`: a flag set on SIGINT that training polls, so it stops after a step with a checkpoint.
final class Interrupt: Sendable {
    /// Whether SIGINT arrived since ``install()``.
    var isSet: Bool { sigintSeen.load(ordering: .relaxed) }

    /// Sets the flag (what SIGINT does).
    func set() { sigintSeen.store(true, ordering: .relaxed) }

    /// A hook that stops training after the step during which SIGINT arrived.
    var hook: any TrainingHook { InterruptHook(interrupt: self) }

    /// Routes SIGINT to the flag instead of ending the process.
    static func install() -> Interrupt {
        sigintSeen.store(false, ordering: .relaxed)
        signal(SIGINT) { _ in sigintSeen.store(true, ordering: .relaxed) }
        return Interrupt()
    }
}

/// Throws ``StopTraining`` once the interrupt flag is set.
final class InterruptHook: TrainingHook {
    let interrupt: Interrupt
    init(interrupt: Interrupt) { self.interrupt = interrupt }
    func afterStep(_ context: HookContext) throws {
        if interrupt.isSet { throw StopTraining("interrupted") }
    }
}
