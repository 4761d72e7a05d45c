import Datasets
import Foundation
import Testing
import Workspaces
@testable import Workbench

/// The Data screen over a real session: indexes, pages, sorts and filters of real files.
@Suite(.serialized) struct DataScreenSessionTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-data-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A session on a workspace whose data are `train` (and `eval`), its log in `dir`.
    static func session(_ dir: String, train: String, eval: String? = nil, label: String) throws -> Session {
        let evalLine = eval.map { "eval = \"\($0)\"\n" } ?? ""
        let toml = "name = \"t\"\n\n[data]\ntrain = \"\(train)\"\n\(evalLine)label = \"\(label)\"\n\n[estimator]\nkind = \"LinearClassifier\"\n"
        try toml.write(toFile: dir + "/workspace.toml", atomically: true, encoding: .utf8)
        let s = Session(workspace: try Workspace.load(dir), device: "cpu", logPath: dir + "/log.txt")
        s.dispatch(.resize(width: 100, height: 30))
        s.dispatch(.command(.screenData, argument: nil))
        return s
    }

    /// Takes the session's posted actions until `done` holds (10 s at most).
    static func wait(_ s: Session, sourceLocation: SourceLocation = #_sourceLocation, _ done: (AppState) -> Bool) {
        let start = Date()
        while !done(s.state) && Date().timeIntervalSince(start) < 10 { s.pump(); usleep(2000) }
        #expect(done(s.state), "timed out", sourceLocation: sourceLocation)
    }

    @Test func penguinsShowAtOnceSortAndFilter() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = Self.repo + "/workspaces/penguins/data/"
        let s = try Self.session(dir, train: data + "train.csv", eval: data + "eval.csv", label: "species")
        // The first page is there without waiting: the session reads it when the file opens.
        #expect(s.state.dataScreen.tabs.map(\.name) == ["train.csv", "eval.csv"])
        #expect(s.state.dataScreen.tab?.page?.rows.first == ["Torgersen", "39.1", "18.7", "181", "3750", "male", "2007", "Adelie"])
        Self.wait(s) { $0.dataScreen.tabs.allSatisfy(\.complete) }
        #expect(s.state.dataScreen.tabs.map(\.rowsIndexed) == [275, 69])
        // Sort by bill_length_mm: numbers in order, missing last.
        s.dispatch(.key(.char("l")))
        s.dispatch(.key(.char("[")))
        Self.wait(s) { $0.dataScreen.tab?.job == nil }
        let lengths = (s.state.dataScreen.tab?.page?.rows ?? []).map { $0[1] }.compactMap(Double.init)
        #expect(!lengths.isEmpty && lengths == lengths.sorted())
        s.dispatch(.key(.char("G")))
        #expect(s.state.dataScreen.tab?.page?.row(274)?[1] == "")
        // The / filter over the whole row: as many rows as lines holding "adelie".
        let text = try String(contentsOfFile: data + "train.csv", encoding: .utf8)
        let adelie = text.split(separator: "\n").filter { $0.lowercased().contains("adelie") }.count
        s.dispatch(.command(.filter, argument: nil))
        for ch in "adelie" { s.dispatch(.key(.char(ch))) }
        s.dispatch(.key(.enter))
        Self.wait(s) { $0.dataScreen.tab?.job == nil && $0.dataScreen.tab?.shown.filters.isEmpty == false }
        #expect(s.state.dataScreen.tab?.count == adelie)
        #expect(s.state.dataScreen.tab?.page?.rows.allSatisfy { $0[7] == "Adelie" } == true)
        let screen = WorkbenchView.render(s.state, glyphs: .unicode).text
        #expect(screen.contains("\(adelie) of 275 rows match /adelie/"))
    }

    @Test func fiftyThousandRows() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var csv = "id,x,name,label\n"
        for i in 0..<50_000 { csv += "\(i),\((i * 7919) % 50_000),\"n\(i % 97), q\",\(i % 2)\n" }
        try csv.write(toFile: dir + "/big.csv", atomically: true, encoding: .utf8)
        let s = try Self.session(dir, train: dir + "/big.csv", label: "label")
        Self.wait(s) { $0.dataScreen.tab?.complete == true }
        s.dispatch(.key(.char("G")))
        #expect(s.state.dataScreen.tab?.page?.row(49_999)?.first == "49999")
        s.dispatch(.key(.char("g")))
        s.dispatch(.key(.char("l")))
        s.dispatch(.key(.char("]")))
        Self.wait(s) { $0.dataScreen.tab?.job == nil }
        #expect(s.state.dataScreen.tab?.page?.rows.prefix(3).map { $0[1] } == ["49999", "49998", "49997"])
        // A filter over the column of the cursor, typed in the prompt: quoted fields are matched without quotes.
        s.dispatch(.key(.char("l")))
        s.dispatch(.command(.filterColumn, argument: "^n5, q$"))
        Self.wait(s) { $0.dataScreen.tab?.job == nil && $0.dataScreen.tab?.shown.filters.isEmpty == false }
        #expect(s.state.dataScreen.tab?.count == (0..<50_000).filter { $0 % 97 == 5 }.count)
        let xs = (s.state.dataScreen.tab?.page?.rows ?? []).map { Int($0[1])! }
        #expect(xs == xs.sorted(by: >), "the filter keeps the sort")
    }

    @Test func badFilesShowTheirErrorWhileTheOtherTabWorks() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "a,b,c\n1,2,3\n4,\"5,6\n7,8,9\n".write(toFile: dir + "/quote.csv", atomically: true, encoding: .utf8)
        try "a,b,c\n1,2,3\n4,5\n7,8,9\n".write(toFile: dir + "/ragged.csv", atomically: true, encoding: .utf8)
        let s = try Self.session(dir, train: dir + "/quote.csv", eval: dir + "/ragged.csv", label: "c")
        Self.wait(s) { $0.dataScreen.tabs.allSatisfy(\.complete) }
        let quote = s.state.dataScreen.tabs[0]
        #expect(quote.error?.line == 3 && quote.error?.column == 2)
        #expect(quote.rowsIndexed == 1, "the row before the quote stays readable")
        s.dispatch(.key(.tab))
        let ragged = s.state.dataScreen.tabs[1]
        #expect(ragged.page?.problem?.location == dir + "/ragged.csv:3:2")
        #expect(ragged.page?.problem?.problem == "row 2 has 2 fields; the header has 3")
        let screen = WorkbenchView.render(s.state, glyphs: .unicode).text
        #expect(screen.contains("ragged.csv:3:2: error"))
        // A file that does not exist.
        s.dispatch(.data(.opened(file: "nope.csv", .failure(DataError(file: "nope.csv", problem: "cannot open", hint: "check")))))
        #expect(s.state.dataScreen.tabs.contains { $0.file == "nope.csv" && $0.error != nil })
    }
}
