import ArgumentParser
import Testing
@testable import CLI
import Workspaces

/// How `est` parses: the default command, `--opt=value`, value checks and exit codes.
@Suite struct ParsingTests {
    @Test func noCommandOpensTheWorkbench() throws {
        let command = try EstCommand.parseAsRoot(["--theme", "Light"])
        let open = try #require(command as? OpenCommand)
        #expect(open.theme == "Light")
        #expect(try EstCommand.parseAsRoot([]) is OpenCommand)
    }

    @Test func equalsFormAndRepeatableSet() throws {
        try ArgumentCheck.check(["train", "ws", "--steps=5", "--set", "a.b=1", "--set", "c.d=2"])
        let train = try #require(try EstCommand.parseAsRoot(["train", "ws", "--steps=5", "--set", "a.b=1", "--set", "c.d=2"]) as? TrainCommand)
        #expect(train.steps == 5)
        #expect(train.options.sets == ["a.b=1", "c.d=2"])
        #expect(train.options.workspace == "ws")
    }

    @Test(arguments: [["train", "--steps", "abc"], ["train", "--threads", "0"], ["train", "--device", "gpu"], ["toy", "--backend", "gpu"],
                      ["predict", "ws"], ["inspect", "a.csv", "--delimiter", "ab"], ["open", "--glyphs", "dots"]])
    func badValuesAreUsageErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try EstCommand.parseAsRoot(arguments) }
        do {
            _ = try EstCommand.parseAsRoot(arguments)
        } catch {
            #expect(EstMain.report(error) == 2)
            #expect(!EstMain.usageLine(for: error).contains("\n"))
        }
    }

    @Test func wrongChoiceNamesTheClosest() {
        do {
            _ = try EstCommand.parseAsRoot(["toy", "--backend", "referance"])
            Issue.record("accepted a wrong backend")
        } catch {
            let line = EstMain.usageLine(for: error)
            #expect(line.contains("--backend"))
            #expect(line.contains("did you mean 'reference'?"))
        }
    }

    @Test func exitCodes() {
        #expect(EstMain.report(UsageError(description: "x")) == 2)
        #expect(EstMain.report(ExitCode(130)) == 130)
        struct DataProblem: Error {}
        #expect(EstMain.report(DataProblem()) == 1)
        // Configuration mistakes are usage errors; problems in the data the workspace names are failures.
        #expect(EstMain.report(WorkspaceError(file: "ws/workspace.toml", line: 6, problem: "unknown key", hint: "")) == 2)
        #expect(EstMain.report(WorkspaceError(file: "--set", line: 0, problem: "not section.key=value", hint: "")) == 2)
        #expect(EstMain.report(TOMLError(file: "ws/workspace.toml", line: 1, column: 5, problem: "bad value")) == 2)
        #expect(EstMain.report(WorkspaceError(file: "ws/data/train.csv", line: 12, problem: "label not in the vocabulary", hint: "")) == 1)
    }
}
