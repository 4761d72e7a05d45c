import Testing
@testable import Workspaces

/// `TOMLDocument.replacingArrayOfTables`: every `[[features]]` goes, the new ones come at the end, the rest stays.
@Suite struct TOMLArrayOfTablesTests {
    static func table(_ pairs: [(String, TOMLValue)]) -> TOMLTable {
        var t = TOMLTable()
        for (k, v) in pairs { t.set(k, v, line: 0) }
        return t
    }

    @Test func replacesEveryElementAndKeepsTheRestByteForByte() throws {
        let doc = try TOMLDocument(text: editSample, file: "workspace.toml")
        let new = [Self.table([("key", .string("x")), ("type", .string("numeric")), ("normalizer", .string("minmax"))]),
                   Self.table([("key", .string("y")), ("type", .string("bucketized")), ("boundaries", .array([.float(1), .float(2.5)]))])]
        let out = doc.replacingArrayOfTables(named: "features", with: new)
        let expected = editSample.replacingOccurrences(of: "[[features]]\nkey = \"a\"\n\n[[features]]\nkey = \"b\"\n\n", with: "")
            + "\n[[features]]\nkey = \"x\"\ntype = \"numeric\"\nnormalizer = \"minmax\"\n"
            + "\n[[features]]\nkey = \"y\"\ntype = \"bucketized\"\nboundaries = [1.0, 2.5]\n"
        #expect(out == expected)
        let parsed = try TOMLDocument(text: out, file: "workspace.toml")
        #expect(parsed.value(at: ["features[1]", "key"]) == .string("y"))
        #expect(parsed.value(at: ["run", "steps"]) == .int(1000))
        #expect(parsed.value(at: ["estimator", "hidden_units"]) == .array([.int(10), .int(10)]))
    }

    @Test func removingAllAndAddingToAFileWithoutAny() throws {
        let doc = try TOMLDocument(text: editSample, file: "workspace.toml")
        let none = doc.replacingArrayOfTables(named: "features", with: [])
        #expect(!none.contains("[[features]]") && none.contains("# a comment after the last key") && none.contains("[run]\nsteps = 1000"))
        let again = try TOMLDocument(text: none, file: "w").replacingArrayOfTables(named: "features", with: [Self.table([("key", .string("a"))])])
        #expect(again == none + "\n[[features]]\nkey = \"a\"\n")
        let noNewline = try TOMLDocument(text: "name = \"x\"", file: "w")
            .replacingArrayOfTables(named: "features", with: [Self.table([("key", .string("a"))])])
        #expect(noNewline == "name = \"x\"\n\n[[features]]\nkey = \"a\"\n")
    }

    @Test func subTablesOfAnElementGoWithIt() throws {
        let text = "[data]\nlabel = \"y\"\n\n[[features]]\nkey = \"a\"\n[features.extra]\nv = 1\n# kept\n[run]\nsteps = 1\n"
        let out = try TOMLDocument(text: text, file: "w").replacingArrayOfTables(named: "features", with: [])
        #expect(out == "[data]\nlabel = \"y\"\n\n# kept\n[run]\nsteps = 1\n")
    }
}
