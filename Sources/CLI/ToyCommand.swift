import ArgumentParser
import CPUBackend
import Foundation
import Tensors

/// `est toy`: a small DNN on two spirals, a smoke test of the engine.
struct ToyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toy",
        abstract: "Train a small DNN on a built-in toy problem (two spirals): a smoke test.",
        discussion: """
        A DNN classifier (hidden units [32, 32], Adagrad) on two interleaved spirals, printing the loss
        and accuracy every 100 steps.

        Example:
          est toy --steps 500 --threads 2
        """
    )

    @Option(help: ArgumentHelp("Training steps (default: 2000).", valueName: "n"), transform: ArgumentValues.positive)
    var steps: Int = 2000

    @Option(help: ArgumentHelp("CPU threads (default: every core).", valueName: "n"), transform: ArgumentValues.positive)
    var threads: Int?

    @Option(help: ArgumentHelp("The backend: cpu or reference (default: cpu).", valueName: "name"),
            transform: { try ArgumentValues.choice($0, among: ["cpu", "reference"]) })
    var backend: String = "cpu"

    @Option(help: ArgumentHelp("The random seed (default: 42).", valueName: "n"), transform: ArgumentValues.nonNegative)
    var seed: Int = 42

    func run() throws {
        var training = ToyTraining()
        training.steps = steps
        training.seed = UInt64(seed)
        let cpu = CPUBackend(threads: threads)
        Backends.register(cpu)
        Backends.setDefault(backend)
        let device = backend == "cpu" ? "cpu (\(cpu.threads) threads, OpenBLAS \(CPUBackend.blasCore))" : "reference"
        print("est: training a DNN [32, 32] on two spirals (1024 points), \(training.steps) steps, batch \(training.batchSize), device \(device)")
        let start = Date()
        let (loss, accuracy) = training.run(on: Backends.default) { line in
            print(line)
            fflush(nil)
        }
        let seconds = Date().timeIntervalSince(start)
        print("done: loss = \(fmt(loss)), accuracy = \(fmt(accuracy)), \(String(format: "%.1f", Double(training.steps) / seconds)) steps/s")
    }
}
