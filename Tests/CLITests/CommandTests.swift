import ArgumentParser
import Foundation
import Testing
import TestSupport
@testable import CLI

/// Help snapshots, `--version` and the Ctrl-C hook.
@Suite struct CommandTests {
    @Test func trainHelpAt80Columns() {
        expectSnapshot(EstCommand.helpMessage(for: TrainCommand.self, columns: 80), named: "train-help")
    }

    @Test func rootHelpListsTheCommands() {
        let help = EstCommand.helpMessage(columns: 80)
        for name in ["open (default)", "train", "evaluate", "predict", "checkpoints", "inspect", "export", "serve", "toy"] {
            #expect(help.contains(name), "\(name)")
        }
    }

    @Test func versionNamesTheNumberTheCommitAndTheBackends() {
        let text = Version.text()
        #expect(text.hasPrefix("est \(Version.number)\n"))
        #expect(text.contains("commit: "))
        #expect(text.contains("backends: cpu (OpenBLAS "))
        #expect(Version.commit(sourceFile: "/nonexistent/a/b/c.swift") == "unknown")
    }

    @Test func sigintSetsTheInterruptFlag() async throws {
        let interrupt = Interrupt.install()
        defer { signal(SIGINT, SIG_DFL) }
        #expect(!interrupt.isSet)
        kill(getpid(), SIGINT)
        for _ in 0..<100 where !interrupt.isSet { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(interrupt.isSet)
    }
}
