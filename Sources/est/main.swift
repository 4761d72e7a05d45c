import CPUBackend
import Foundation
import NN
import Tensors

/// The composition root: registers backends, parses arguments and runs the job.
///
/// `est` alone (or `est open WORKSPACE`) opens the workbench; the subcommands are the CLI;
/// `est toy` trains a small DNN on a built-in toy problem (two spirals) as a smoke test.
let usage = """
usage: est [open [WORKSPACE]] [--theme NAME] [--no-color] [--no-mouse] ...   the workbench (est open --help)
       est toy [--steps N] [--threads N] [--backend cpu|reference] [--seed N]
       est train WORKSPACE [--steps N] [--model-dir DIR] [--set section.key=value]... [--device cpu] [--threads N] [--json]
       est evaluate WORKSPACE [--data CSV] [--checkpoint PATH] [--model-dir DIR] [--json]
       est predict WORKSPACE --data CSV [--out FILE] [--keys k1,k2] [--checkpoint PATH] [--json]
       est checkpoints WORKSPACE [--model-dir DIR] [--json]
       est inspect CSV [--json] [--type COLUMN=int|float|bool|string]... [--delimiter C]

est toy trains a small DNN classifier (hidden units [32, 32], Adagrad) on two interleaved
spirals and prints the loss and accuracy every 100 steps.
"""

struct UsageError: Error, CustomStringConvertible {
    let description: String
}

func parseArguments(_ args: [String]) throws -> (training: ToyTraining, threads: Int?, backend: String) {
    var training = ToyTraining()
    var threads: Int? = nil
    var backend = "cpu"
    var i = 0
    func value(_ flag: String) throws -> String {
        i += 1
        guard i < args.count else { throw UsageError(description: "\(flag) needs a value") }
        return args[i]
    }
    func integer(_ flag: String, min: Int) throws -> Int {
        let v = try value(flag)
        guard let n = Int(v), n >= min else { throw UsageError(description: "\(flag) needs an integer ≥ \(min), got '\(v)'") }
        return n
    }
    while i < args.count {
        switch args[i] {
        case "--steps": training.steps = try integer("--steps", min: 1)
        case "--threads": threads = try integer("--threads", min: 1)
        case "--seed": training.seed = UInt64(try integer("--seed", min: 0))
        case "--backend":
            backend = try value("--backend")
            guard ["cpu", "reference"].contains(backend) else { throw UsageError(description: "--backend must be cpu or reference, got '\(backend)'") }
        case "-h", "--help":
            print(usage)
            exit(0)
        default: throw UsageError(description: "unknown argument '\(args[i])'")
        }
        i += 1
    }
    return (training, threads, backend)
}

do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    let commands: [String: ([String]) throws -> Int32] = [
        "inspect": InspectCommand.run, "train": WorkspaceCommands.train, "evaluate": WorkspaceCommands.evaluate,
        "predict": WorkspaceCommands.predict, "checkpoints": WorkspaceCommands.checkpoints,
    ]
    if let name = arguments.first, let command = commands[name] {
        exit(try command(Array(arguments.dropFirst())))
    }
    if arguments.first == "open" || arguments.isEmpty || (arguments.first?.hasPrefix("--") == true && !["-h", "--help"].contains(arguments[0])) {
        if arguments.contains("--help") { print(OpenCommand.usage); exit(0) }
        exit(try OpenCommand.run(arguments.first == "open" ? Array(arguments.dropFirst()) : arguments))
    }
    guard arguments.first == "toy" else {
        if ["-h", "--help"].contains(arguments[0]) { print(usage); exit(0) }
        throw UsageError(description: "unknown command '\(arguments[0])'")
    }
    let (training, threads, backendName) = try parseArguments(Array(arguments.dropFirst()))
    let cpu = CPUBackend(threads: threads)
    Backends.register(cpu)
    Backends.setDefault(backendName)
    let backend = Backends.default
    let device = backendName == "cpu" ? "cpu (\(cpu.threads) threads, OpenBLAS \(CPUBackend.blasCore))" : "reference"
    print("est: training a DNN [32, 32] on two spirals (1024 points), \(training.steps) steps, batch \(training.batchSize), device \(device)")
    let start = Date()
    let (loss, accuracy) = training.run(on: backend) { line in
        print(line)
        fflush(nil)
    }
    let seconds = Date().timeIntervalSince(start)
    print("done: loss = \(fmt(loss)), accuracy = \(fmt(accuracy)), \(String(format: "%.1f", Double(training.steps) / seconds)) steps/s")
} catch let error as UsageError {
    FileHandle.standardError.write(Data("est: error: \(error)\n\(usage)\n".utf8))
    exit(2)
} catch {
    // Data and file errors already say where and what to do.
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
