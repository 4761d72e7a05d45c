import Foundation
import Testing
@testable import Datasets

private func temp(_ text: String) throws -> String {
    let path = NSTemporaryDirectory() + "rowindex-\(UUID().uuidString).csv"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite struct CSVRowIndexTests {
    @Test func rfc4180FixtureMatchesCSVReader() throws {
        let index = try CSVRowIndex(path: fixture("rfc4180.csv"))
        index.wait()
        let (table, _, _) = try CSVReader.read(path: fixture("rfc4180.csv"))
        #expect(index.names == ["name", "note, quoted", "n"])
        #expect(index.rowsIndexed == table.rowCount)
        #expect(try index.rows(0..<2) == [["Smith, J", "He said \"hi\"\r\nand left", "3"], ["plain", "", "4"]])
        #expect(index.error == nil && index.progress == 1)
    }

    @Test func noFinalNewlineCRLFAndBlankLines() throws {
        let index = try CSVRowIndex(path: try temp("a,b\r\n1,\"x\r\ny\"\r\n\r\n2,3\n4,5"))
        index.wait()
        #expect(try index.rows(0..<10) == [["1", "x\r\ny"], ["2", "3"], ["4", "5"]])
        #expect(try index.rows(1..<2) == [["2", "3"]])
    }

    @Test func headerOnlyAndEmpty() throws {
        let index = try CSVRowIndex(path: try temp("a,b\n"))
        index.wait()
        #expect(index.rowsIndexed == 0)
        #expect(try index.rows(0..<5).isEmpty)
        #expect(throws: DataError.self) { try CSVRowIndex(path: try temp("")) }
    }

    @Test func unterminatedQuoteKeepsEarlierRows() throws {
        let index = try CSVRowIndex(path: fixture("bad/unterminated_quote.csv"))
        index.wait()
        #expect(index.error?.line == 3 && index.error?.column == 2)
        #expect(try index.rows(0..<5) == [["1", "2"]])
    }

    @Test func pagesWhileIndexingAndCancel() throws {
        let text = "x,y\n" + (0..<200_000).map { "\($0),\"v\($0)\"\n" }.joined()
        let index = try CSVRowIndex(path: try temp(text))
        #expect(try index.rows(100..<102) == [["100", "v100"], ["101", "v101"]])
        index.wait()
        #expect(index.rowsIndexed == 200_000)
        #expect(try index.rows(199_999..<200_005) == [["199999", "v199999"]])
        let other = try CSVRowIndex(path: try temp(text))
        other.cancel()
        other.wait()
        #expect(other.isComplete && other.rowsIndexed <= 200_000)
    }
}
