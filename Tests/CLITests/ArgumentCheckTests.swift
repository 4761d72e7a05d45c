import ArgumentParser
import Testing
@testable import CLI

/// Unknown commands and options get the closest valid name; single-value options may not repeat.
@Suite struct ArgumentCheckTests {
    func message(_ arguments: [String]) -> String? {
        do {
            try ArgumentCheck.check(arguments)
            return nil
        } catch {
            return (error as? UsageError)?.description ?? "not a usage error: \(error)"
        }
    }

    @Test func unknownCommandSuggestsTheClosest() {
        #expect(message(["trian"])?.hasPrefix("unknown command 'trian'; did you mean 'train'?") == true)
        #expect(message(["checkpoint"])?.contains("did you mean 'checkpoints'?") == true)
        #expect(message(["zzzzzzzz"])?.contains("did you mean") == false)
        #expect(message(["help", "trian"])?.hasPrefix("unknown command 'trian'; did you mean 'train'?") == true)
        // What looks like a path is one that is not there (an existing one opens: `est data.csv`).
        #expect(message(["nowhere/data.csv"]) == "no file or folder 'nowhere/data.csv' (est FILE.csv opens a CSV, est FOLDER a workspace)")
    }

    @Test func unknownOptionSuggestsTheClosest() {
        #expect(message(["train", "--step", "5"])?.hasPrefix("unknown option '--step'; did you mean '--steps'?") == true)
        #expect(message(["--them", "Light"])?.contains("did you mean '--theme'?") == true)
        #expect(message(["inspect", "a.csv", "--jsn"])?.contains("did you mean '--json'?") == true)
    }

    @Test func repeatedSingleValueOptionIsAnError() {
        #expect(message(["train", "--steps", "5", "--steps", "6"]) == "option '--steps' is given twice; give it once")
        #expect(message(["train", "--json", "--json"]) != nil)
        #expect(message(["train", "--set", "a.b=1", "--set", "a.c=2"]) == nil)
        #expect(message(["inspect", "a.csv", "--type", "a=int", "--type", "b=string"]) == nil)
    }

    @Test func valuesAndTheTerminatorAreNotOptions() {
        #expect(message(["inspect", "a.csv", "--delimiter", "-"]) == nil)
        #expect(message(["train", "--", "--odd-folder"]) == nil)
        #expect(message(["--help"]) == nil)
        #expect(message(["help", "train"]) == nil)
    }

    @Test func editDistance() {
        #expect(Suggestions.distance("trian", "train") == 2)
        #expect(Suggestions.distance("", "abc") == 3)
        #expect(Suggestions.distance("steps", "steps") == 0)
    }
}
