import Datasets
import Foundation
import Testing
import TestSupport

func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

@Suite struct CSVReaderTests {
    @Test func readsRFC4180QuotingCRLFAndBOM() throws {
        let (t, skipped, _) = try CSVReader.read(path: fixture("rfc4180.csv"))
        #expect(skipped == 0)
        #expect(t.names == ["name", "note, quoted", "n"])
        #expect(t.rowCount == 2, "the blank CRLF line is skipped")
        #expect(t["name"]?.string(0) == "Smith, J")
        #expect(t["note, quoted"]?.string(0) == "He said \"hi\"\r\nand left")
        #expect(t["note, quoted"]?.isMissing(1) == true)
        #expect(t["n"]?.type == .int && t["n"]?.double(1) == 4)
    }

    @Test func delimiterOption() throws {
        let t = try CSVReader.read(path: fixture("semicolon.csv"), options: CSVOptions(delimiter: ";")).table
        #expect(t.names == ["a", "b"] && t["a"]?.type == .int && t["b"]?.string(1) == "y")
    }

    static func write(_ text: String) throws -> String {
        let dir = try Interop.temporaryDirectory("est-csv")
        let path = dir.appendingPathComponent("t.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func infersTypesAndHonoursOverrides() throws {
        let path = try Self.write("i,f,b,s,e,m\n1,1.5,true,x,,3\n-2,2,False,y,,\n3,1e3,TRUE,3,,5\n")
        let r = try CSVReader(path: path)
        #expect(r.types == [.int, .float, .bool, .string, .float, .int])
        let t = try CSVReader.read(path: path).table
        #expect(t["f"]?.double(2) == 1000)
        #expect(t["b"]?.double(1) == 0)
        #expect(t["m"]?.isMissing(1) == true && t["m"]?.missingCount == 1)
        #expect(t["e"]?.missingCount == 3)
        let o = try CSVReader(path: path, options: CSVOptions(types: ["i": .string, "f": .float]))
        #expect(o.types[0] == .string)
        #expect(throws: DataError.self) { try CSVReader(path: path, options: CSVOptions(types: ["nope": .int])) }
    }

    @Test func widensIntegersThatTurnDecimalPastTheSample() throws {
        var text = "a,b\n"
        for i in 0..<5000 { text += "\(i),x\n" }
        text += "2.5,y\n"
        let path = try Self.write(text)
        var options = CSVOptions()
        options.inferenceBytes = 200
        let t = try CSVReader.read(path: path, options: options).table
        #expect(t["a"]?.type == .float && t.rowCount == 5001 && t["a"]?.double(5000) == 2.5)
        // Streaming cannot change a type it already handed out: a clear error instead.
        let r = try CSVReader(path: path, options: options)
        #expect { while try r.next() != nil {} } throws: { e in
            guard let e = e as? DataError else { return false }
            // The hint is in the syntax a user writes (workspace.toml and the CLI), never Swift code.
            return e.problem.contains("decimal values") && e.hint.contains("--type a=float")
                && e.hint.contains("[data] types = { a = \"float\" }") && e.hint.contains("--set 'data.types={a=\"float\"}'")
                && !e.hint.contains(".float")
        }
    }

    @Test(arguments: [1, 2])
    func smallBlocksGiveTheSameTableAndLineNumbers(_ threads: Int) throws {
        var text = "x,name,q\n"
        for i in 0..<3000 { text += "\(i),\"n\(i % 7),\",\(Double(i) / 4)\n" }
        let path = try Self.write(text)
        var options = CSVOptions(threads: threads)
        options.chunkBytes = 97
        let small = try CSVReader.read(path: path, options: options).table
        let whole = try CSVReader.read(path: path).table
        #expect(small.rowCount == 3000 && whole.rowCount == 3000)
        for c in ["x", "name", "q"] {
            #expect((0..<3000).allSatisfy { small[c]!.string($0) == whole[c]!.string($0) }, "column \(c)")
        }
        let bad = try Self.write(text + "oops,a,1\n")
        #expect { _ = try CSVReader.read(path: bad, options: options) } throws: { e in
            (e as? DataError)?.line == 3002 && (e as? DataError)?.column == 1
        }
    }

    @Test(arguments: [
        ("ragged.csv", 3, 3, "row has 2 fields, the header has 3"),
        ("extra_field.csv", 3, 4, "row has 4 fields, the header has 3"),
        ("bad_quote.csv", 2, 2, "after a closing quote"),
        ("unterminated_quote.csv", 3, 2, "unterminated quoted field"),
        ("bad_number.csv", 4, 2, "'abc' is not an integer (column 'y' is int)"),
        ("empty.csv", 1, 0, "the file is empty"),
        ("duplicate_header.csv", 1, 3, "duplicate column name 'a' (also column 1)"),
        ("nul_byte.csv", 2, 1, "a NUL byte in column 'name'"),
        ("invalid_utf8.csv", 2, 1, "invalid UTF-8 in column 'name'"),
        ("quote_in_field.csv", 2, 1, "a quote inside an unquoted field"),
    ] as [(String, Int, Int, String)])
    func malformedFilesGiveTheirPreciseError(_ file: String, _ line: Int, _ column: Int, _ problem: String) {
        let path = fixture("bad/\(file)")
        do {
            _ = try CSVReader.read(path: path)
            Issue.record("\(file): read without error")
        } catch {
            #expect(error.file == path)
            #expect(error.line == line && error.column == column, "\(file): at \(error.location)")
            #expect(error.problem.contains(problem), "\(file): \(error.problem)")
            #expect(!error.hint.isEmpty)
            #expect(error.description.hasPrefix("\(path):\(line)"))
        }
    }

    @Test func headerOnlyIsAnEmptyTableAndRepeatingItIsAnError() throws {
        let t = try CSVReader.read(path: fixture("bad/header_only.csv")).table
        #expect(t.rowCount == 0 && t.names == ["a", "b", "c"])
        let it = try Dataset.csv([fixture("bad/header_only.csv")]).repeat().batch(4).makeIterator()
        #expect(throws: DataError.self) { _ = try it.next() }
    }

    @Test func aMissingLabelColumnNamesTheColumns() throws {
        let r = try CSVReader(path: fixture("data/iris.csv"))
        #expect { _ = try r.index(of: "label", role: "label") } throws: { e in
            let d = e as! DataError
            return d.problem == "no label column 'label' in the header" && d.hint.contains("species") && d.line == 1
        }
    }

    @Test func skipPolicyCountsAndReportsBadRows() throws {
        let (t, skipped, problems) = try CSVReader.read(path: fixture("bad/ragged.csv"), options: CSVOptions(badRows: .skip))
        #expect(t.rowCount == 2 && skipped == 1)
        #expect(problems.first?.line == 3)
    }

    @Test func aTenMegabyteLineNeitherCrashesNorHangs() throws {
        let big = String(repeating: "z", count: 10 << 20)
        let path = try Self.write("a,b\n1,\(big)\n2,x\n")
        var options = CSVOptions()
        options.chunkBytes = 1 << 16
        let t = try CSVReader.read(path: path, options: options).table
        #expect(t.rowCount == 2 && t["b"]?.string(0)?.utf8.count == 10 << 20)
    }

    @Test(arguments: [("iris", 120, 5), ("penguins", 275, 8), ("titanic", 1047, 6), ("auto_mpg", 318, 9)])
    func readsTheBundledDatasets(_ name: String, _ rows: Int, _ columns: Int) throws {
        let (t, skipped, _) = try CSVReader.read(path: fixture("data/\(name).csv"))
        #expect(t.rowCount == rows && t.names.count == columns && skipped == 0)
        if name == "penguins" {
            #expect(t["island"]?.type == .string && t["flipper_length_mm"]?.type == .int && t["bill_length_mm"]?.type == .float)
            #expect(t["sex"]?.missingCount == 11)
        }
        if name == "titanic" { #expect(t["age"]?.missingCount ?? 0 > 0 && t["survived"]?.type == .int) }
    }
}

@Suite struct CSVReviewRegressionTests {
    @Test func anExtraQuotedFieldWithDoubledQuotesIsARaggedRowNotACrash() throws {
        let path = try CSVReaderTests.write("a,b\n1,2,\"x\"\"y\"\n")
        #expect { _ = try CSVReader.read(path: path) } throws: { ($0 as? DataError)?.problem.contains("row has 3 fields") ?? false }
        #expect(try CSVReader.read(path: path, options: CSVOptions(badRows: .skip)).skippedRows == 1)
    }

    @Test func emptyPipelinesCollectToEmptyTables() throws {
        #expect(try Dataset.csv([fixture("bad/header_only.csv")]).collect().rowCount == 0)
        #expect(try Dataset.table(DatasetTests.numbers(5)).take(0).collect().rowCount == 0)
    }

    @Test func infiniteValuesStayOutOfStatistics() throws {
        let path = try CSVReaderTests.write("a\n1.5\ninf\n2.5\n1e39\n")
        let (_, cols, _) = try ColumnStatistics.compute(csv: path)
        #expect(cols[0].count == 2 && cols[0].max == 2.5)
    }

    @Test func aStrayQuoteDoesNotDerailBlockCutting() throws {
        var text = "q,n\n"
        for i in 0..<4000 { text += i == 10 ? "5\"x,1\n" : "\"multi\nline \(i)\",\(i)\n" }
        let path = try CSVReaderTests.write(text)
        var options = CSVOptions(badRows: .skip)
        options.chunkBytes = 4096
        let r = try CSVReader.read(path: path, options: options)
        #expect(r.table.rowCount == 3999 && r.skippedRows == 1)
    }

    @Test func aFirstRecordLongerThanTheInferenceWindow() throws {
        var text = "a,b\n" + String(repeating: "x", count: 300) + ",1\n"
        for i in 0..<2000 { text += "y\(i),\(i)\n" }
        let path = try CSVReaderTests.write(text)
        var options = CSVOptions()
        options.inferenceBytes = 100
        let t = try CSVReader.read(path: path, options: options).table
        #expect(t.rowCount == 2001 && t["b"]?.type == .int)
    }

    @Test func widenedIntegerErrorsNameTheRightLine() throws {
        var text = "a\n"
        for i in 0..<300 { text += "\(i)\n" }
        text += "2.5\n"
        let path = try CSVReaderTests.write(text)
        var options = CSVOptions()
        options.inferenceBytes = 50
        let r = try CSVReader(path: path, options: options)
        #expect { while try r.next() != nil {} } throws: { ($0 as? DataError)?.line == 302 }
    }
}
