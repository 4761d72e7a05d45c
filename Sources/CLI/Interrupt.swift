import Dispatch
import Estimators
import Foundation

/// Ctrl-C during `est train`: a flag set on SIGINT that training polls, so it stops after a step with a checkpoint.
final class Interrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var seen = false
    private var source: (any DispatchSourceSignal)?

    /// Whether SIGINT arrived.
    var isSet: Bool { lock.withLock { seen } }

    /// Sets the flag (what SIGINT does).
    func set() { lock.withLock { seen = true } }

    /// A hook that stops training after the step during which SIGINT arrived.
    var hook: any TrainingHook { InterruptHook(interrupt: self) }

    /// Routes SIGINT to a new flag instead of ending the process.
    static func install() -> Interrupt {
        let interrupt = Interrupt()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { interrupt.set() }
        source.resume()
        interrupt.source = source
        return interrupt
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
