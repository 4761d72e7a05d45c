import ArgumentParser
import Foundation
import Testing
@testable import CLI

/// `est serve` parses like the other commands and hands its arguments to the est-serve binary it finds.
@Suite struct ServeCommandTests {
    @Test func argumentsPassToTheServerWithDefaults() throws {
        let command = try #require(try EstCommand.parseAsRoot(["serve", "runs/export/best", "iris=runs/x", "--port", "0"]) as? ServeCommand)
        #expect(command.serverArguments == [
            "runs/export/best", "iris=runs/x", "--host", "127.0.0.1", "--port", "0", "--max-body-bytes", "67108864", "--max-rows", "100000",
        ])
        let full = try #require(try EstCommand.parseAsRoot([
            "serve", "a", "--host", "0.0.0.0", "--max-body-bytes", "100", "--max-rows", "5", "--threads", "2",
        ]) as? ServeCommand)
        #expect(full.serverArguments == ["a", "--host", "0.0.0.0", "--port", "8501", "--max-body-bytes", "100", "--max-rows", "5", "--threads", "2"])
    }

    @Test func badValuesAreUsageErrors() throws {
        for arguments in [["serve"], ["serve", "a", "--port", "70000"], ["serve", "a", "--max-rows", "0"]] {
            #expect(throws: (any Error).self, "\(arguments)") { try EstCommand.parseAsRoot(arguments) }
        }
        #expect(throws: UsageError.self) { try ArgumentCheck.check(["serve", "a", "--max-row", "3"]) }
    }

    @Test func theServerIsFoundNextToEstThenOnPath() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("est-serve-find-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let bin = root.appendingPathComponent("bin"), other = root.appendingPathComponent("other")
        for dir in [bin, other] { try fm.createDirectory(at: dir, withIntermediateDirectories: true) }
        let est = bin.appendingPathComponent("est").path
        fm.createFile(atPath: est, contents: Data())
        let nowhere = "/nonexistent-est-dir"
        #expect(throws: ServeLauncher.NotBuilt.self) { try ServeLauncher.locate(executable: est, invokedAs: "est", path: nowhere) }
        do {
            _ = try ServeLauncher.locate(executable: est, invokedAs: "est", path: nowhere)
        } catch {
            let hint = "build it with `swift build -c release --product est-serve`"
            #expect("\(error)" == "est: error: est-serve is not built (looked in \(bin.path), PATH): \(hint)")
        }
        let onPath = other.appendingPathComponent("est-serve").path
        fm.createFile(atPath: onPath, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        #expect(try ServeLauncher.locate(executable: est, invokedAs: "est", path: "\(nowhere):\(other.path)") == onPath)
        let nextToEst = bin.appendingPathComponent("est-serve").path
        fm.createFile(atPath: nextToEst, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        #expect(try ServeLauncher.locate(executable: est, invokedAs: "est", path: other.path) == nextToEst)
    }
}
