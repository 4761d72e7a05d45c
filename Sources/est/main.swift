import CLI

/// The composition root: parsing, running and exit codes live in the CLI module (see docs/cli.md).
EstMain.run(Array(CommandLine.arguments.dropFirst()))
