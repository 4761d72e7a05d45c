import Foundation
import Testing
@testable import CLI

/// docs/est.1 is `est --generate-manual`'s output: it cannot drift from the command definitions.
@Suite struct ManualTests {
    @Test func committedManPageIsCurrent() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/est.1").path
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == Manual.render(), "docs/est.1 is stale: run .build/debug/est --generate-manual > docs/est.1")
    }

    @Test func manPageNamesEveryCommandAndOption() {
        let page = Manual.render()
        for text in [".SS est train", ".SS est inspect", "\\fB\\-\\-steps\\fR \\fIn\\fR", ".SH EXIT STATUS", "130"] {
            #expect(page.contains(text), "\(text)")
        }
        #expect(!page.contains(".SS est help"))
    }
}
