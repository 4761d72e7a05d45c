import Testing
import Workspaces

/// A parsed document as compact text: tables `{k: v}` in file order, strings quoted, floats marked with `f`.
func render(_ v: TOMLValue) -> String {
    switch v {
    case let .string(s): "\"\(s)\""
    case let .int(n): "\(n)"
    case let .float(d): d.isNaN ? "nanf" : "\(d)f"
    case let .bool(b): "\(b)"
    case let .array(a): "[" + a.map(render).joined(separator: ", ") + "]"
    case let .table(t): render(t)
    }
}

func render(_ t: TOMLTable) -> String { "{" + t.order.map { "\($0): \(render(t[$0]!))" }.joined(separator: ", ") + "}" }

/// Valid and invalid documents after the categories of the public TOML test suite (toml-test),
/// for the subset of TOML that workspaces use; dates and times are refused with a clear error.
@Suite struct TOMLTests {
    @Test(arguments: [
        // bool
        ("a = true\nb = false", "{a: true, b: false}"),
        // integer: decimal, signs, underscores, hex, octal, binary
        ("a = 42\nb = +17\nc = -0\nd = 1_000", "{a: 42, b: 17, c: 0, d: 1000}"),
        ("a = 0x10\nb = 0xdead_BEEF\nc = 0o755\nd = 0b1101", "{a: 16, b: 3735928559, c: 493, d: 13}"),
        ("a = 9223372036854775807\nb = -9223372036854775808", "{a: 9223372036854775807, b: -9223372036854775808}"),
        // float
        ("a = 1.5\nb = -0.01\nc = 5e+22\nd = 1E6\ne = 6.626e-34\nf = 9_224_617.445_991", "{a: 1.5f, b: -0.01f, c: 5e+22f, d: 1000000.0f, e: 6.626e-34f, f: 9224617.445991f}"),
        ("a = inf\nb = +inf\nc = -inf\nd = nan", "{a: inff, b: inff, c: -inff, d: nanf}"),
        // string: escapes, literal, multi-line
        (#"a = "tab\there\nq\"\\ \u00E9 \U0001F600""#, "{a: \"tab\there\nq\"\\ é 😀\"}"),
        ("a = 'C:\\path\\no\\escape'", "{a: \"C:\\path\\no\\escape\"}"),
        ("a = \"\"\"\nline1\nline2\"\"\"", "{a: \"line1\nline2\"}"),
        ("a = \"\"\"one \\\n    two\"\"\"", "{a: \"one two\"}"),
        ("a = '''\nraw \\n '''", "{a: \"raw \\n \"}"),
        ("a = \"\"\"quotes \"\" inside\"\"\"\"", "{a: \"quotes \"\" inside\"\"}"),
        // array: mixed, nested, across lines, trailing comma, comments
        ("a = [1, 2.5, \"x\", [true]]", "{a: [1, 2.5f, \"x\", [true]]}"),
        ("a = [\n  1, # one\n  2,\n]", "{a: [1, 2]}"),
        ("a = []", "{a: []}"),
        // inline table
        ("a = { x = 1, y.z = \"w\" }", "{a: {x: 1, y: {z: \"w\"}}}"),
        ("a = {}", "{a: {}}"),
        // key: bare, quoted, literal, dotted, whitespace around dots
        ("bare-key_1 = 1\n\"quoted key\" = 2\n'lit' = 3", "{bare-key_1: 1, quoted key: 2, lit: 3}"),
        ("a.b.c = 1\na.b.d = 2\na . e = 3", "{a: {b: {c: 1, d: 2}, e: 3}}"),
        ("1234 = 5", "{1234: 5}"),
        // table: headers, dotted names, implicit parents defined later, CRLF line ends
        ("[a]\nx = 1\n[b.c]\ny = 2\n[b]\nz = 3", "{a: {x: 1}, b: {c: {y: 2}, z: 3}}"),
        ("[ a . \"b c\" ]\nx = 1", "{a: {b c: {x: 1}}}"),
        ("[a]\r\nx = 1\r\n", "{a: {x: 1}}"),
        ("[estimator]\nhidden.units = 1", "{estimator: {hidden: {units: 1}}}"),
        // array of tables, with sub-tables of the last element
        ("[[f]]\nk = 1\n[[f]]\nk = 2\n[f.sub]\nx = 3", "{f: [{k: 1}, {k: 2, sub: {x: 3}}]}"),
        ("[[a.b]]\nx = 1\n[[a.b]]\nx = 2", "{a: {b: [{x: 1}, {x: 2}]}}"),
        // comment
        ("# only a comment\na = 1 # trailing\n#", "{a: 1}"),
    ] as [(String, String)])
    func valid(_ text: String, _ expected: String) throws {
        #expect(render(try TOMLParser.parse(text, file: "t.toml")) == expected)
    }

    @Test(arguments: [
        // bool
        ("a = tr_ue", "is not a TOML value", 1, 5),
        ("a = True", "is not a TOML value", 1, 5),
        ("a = truee", "is not a TOML value", 1, 5),
        // integer
        ("a = 1__0", "not a valid TOML number", 1, 5),
        ("a = _1", "is not a TOML value", 1, 5),
        ("a = 1_", "not a valid TOML number", 1, 5),
        ("a = 012", "not a valid TOML number", 1, 5),
        ("a = 0x", "not a valid TOML number", 1, 5),
        ("a = 0xG1", "not a valid TOML number", 1, 5),
        ("a = 9223372036854775808", "not a valid TOML number", 1, 5),
        ("a = 0b102", "not a valid TOML number", 1, 5),
        // float
        ("a = 1.", "not a valid TOML number", 1, 5),
        ("a = .5", "not a valid TOML number", 1, 5),
        ("a = 1e", "not a valid TOML number", 1, 5),
        ("a = 1.e5", "not a valid TOML number", 1, 5),
        ("a = infinity", "is not a TOML value", 1, 5),
        ("a = 0x1p3", "not a valid TOML number", 1, 5),
        // string
        ("a = \"open", "unterminated string", 1, 10),
        ("a = \"bad \\q\"", "unknown escape '\\q'", 1, 10),
        ("a = \"\\u00G0\"", "needs 4 hex digits", 1, 6),
        ("a = \"\\uD800\"", "needs 4 hex digits", 1, 6),
        ("a = 'open", "unterminated literal string", 1, 10),
        ("a = \"\"\"open", "unterminated multi-line string", 1, 12),
        ("a = \"x\u{01}y\"", "control character U+0001", 1, 7),
        ("a = bare", "strings need quotes", 1, 5),
        // array
        ("a = [1, 2", "unterminated array", 1, 10),
        ("a = [1 2]", "expected ',' or ']'", 1, 8),
        ("a = [,]", "expected a value", 1, 6),
        // inline table
        ("a = { x = 1, x = 2 }", "appears twice in the inline table", 1, 14),
        ("a = { x = 1, }", "no trailing comma", 1, 14),
        ("a = { x = 1\n}", "must be on one line", 1, 12),
        ("a = { x = 1 y = 2 }", "expected ',' or '}'", 1, 13),
        ("a = { x = 1 }\n[a.b]\nc = 1", "inline table; it cannot be extended", 2, 6),
        ("a = { x = 1 }\na.y = 2", "extends 'a', defined elsewhere", 2, 1),
        // key
        ("a = 1\na = 2", "the key 'a' appears twice", 2, 1),
        ("é = 1", "cannot start a key", 1, 1),
        ("= 1", "cannot start a key", 1, 1),
        ("a b = 1", "expected '=' after the key 'a'", 1, 3),
        ("a.b = 1\na = 2", "the key 'a' appears twice", 2, 1),
        ("a = 1\na.b = 2", "'a' already has a value", 2, 1),
        ("\"\"\"k\"\"\" = 1", "cannot be a multi-line string", 1, 1),
        ("a = 1 b = 2", "one key = value per line", 1, 7),
        ("a =", "expected a value", 1, 4),
        // table
        ("[a]\n[a]", "table [a] appears twice", 2, 4),
        ("[a]\nb = 1\n[a.b]", "already has a value", 3, 6),
        ("[a\nx = 1", "expected ']'", 1, 3),
        ("[a.b]\n[a]\n[a]", "table [a] appears twice", 3, 4),
        ("[a]\nb.c = 1\n[a.b]", "already defined by dotted keys", 3, 6),
        // array of tables
        ("[[a]]\n[a]", "[a] after [[a]]", 2, 4),
        ("[a]\n[[a]]", "[[a]] after [a]", 2, 6),
        ("a = [1]\n[[a]]", "is an array value", 2, 6),
        ("[[a]\nx = 1", "expected ']]'", 1, 4),
        // dates and times: not supported, said so
        ("a = 1979-05-27", "dates and times are not supported", 1, 5),
        ("a = 07:32:00", "dates and times are not supported", 1, 5),
        // comment
        ("a = 1 # bell \u{07}", "control character U+0007 in a comment", 1, 14),
    ] as [(String, String, Int, Int)])
    func invalid(_ text: String, _ problem: String, _ line: Int, _ column: Int) {
        do {
            let t = try TOMLParser.parse(text, file: "t.toml")
            Issue.record("parsed \(render(t)); expected an error containing \(problem)")
        } catch {
            #expect(error.problem.contains(problem), "got: \(error.problem)")
            #expect((error.line, error.column) == (line, column), "got \(error.line):\(error.column) for \(error.problem)")
            #expect("\(error)".hasPrefix("t.toml:\(error.line):\(error.column): error: "))
        }
    }

    @Test func keysRememberTheirLines() throws {
        let t = try TOMLParser.parse("name = \"x\"\n\n[run]\n# c\nsteps = 5\n[[features]]\nkey = \"a\"", file: "t.toml")
        #expect(t.lines["name"] == 1)
        guard case let .table(run)? = t["run"], case let .array(f)? = t["features"], case let .table(first) = f[0] else {
            Issue.record("structure")
            return
        }
        #expect(run.line == 3 && run.lines["steps"] == 5)
        #expect(first.line == 6 && first.lines["key"] == 7)
    }
}
