import ArgumentParser

/// The `est` command: the workbench by default, and the command-line subcommands.
///
/// Parsing only reads these definitions: no engine or device library is touched until a command runs.
struct EstCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "est",
        abstract: "TensorFlow's Estimator in Swift: a workbench and the command line to train, evaluate and predict.",
        discussion: """
        `est` alone opens the workbench on the workspace in the current folder (else the bundled iris workspace).
        `est --version` prints the version, the commit and the backends found.
        Exit codes: 0 success, 1 failure (data, workspace, files), 2 usage error, 130 interrupted.

        Example:
          est train workspaces/iris --steps 1000
        """,
        subcommands: [
            OpenCommand.self, TrainCommand.self, EvaluateCommand.self, PredictCommand.self, CheckpointsCommand.self,
            InspectCommand.self, ExportCommand.self, ServeCommand.self, ToyCommand.self,
        ],
        defaultSubcommand: OpenCommand.self
    )
}
