import ArgumentParser
import Testing
@testable import CLI

/// Help, `help COMMAND` and completion scripts come from the same definitions.
@Suite struct HelpTests {
    @Test func everyCommandHelpHasOptionsAndAnExample() {
        for command in EstCommand.configuration.subcommands {
            let help = EstCommand.helpMessage(for: command, columns: 80)
            #expect(help.contains("Example:"), "\(command._commandName)")
            #expect(help.contains("-h, --help"), "\(command._commandName)")
        }
        #expect(EstCommand.helpMessage(for: TrainCommand.self, columns: 80).contains("--steps <n>"))
    }

    @Test func helpCommandAndHelpFlagAreCleanExits() throws {
        for arguments in [["--help"], ["train", "--help"], ["help", "train"]] {
            do {
                var command = try EstCommand.parseAsRoot(arguments)
                try command.run()
                Issue.record("\(arguments) ran a command")
            } catch {
                #expect(EstCommand.exitCode(for: error) == .success, "\(arguments)")
                #expect(EstCommand.fullMessage(for: error).contains("USAGE: est"), "\(arguments)")
            }
        }
    }

    @Test(arguments: [CompletionShell.bash, .zsh, .fish])
    func completionScriptsNameTheCommands(shell: CompletionShell) {
        let script = EstCommand.completionScript(for: shell)
        for name in ["train", "evaluate", "predict", "checkpoints", "inspect", "toy", "open"] {
            #expect(script.contains(name), "\(shell) script lacks \(name)")
        }
        #expect(script.contains("steps"))
    }
}
