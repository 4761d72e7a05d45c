import Datasets
import Exports
import Testing
@testable import Serving

/// Requests decode straight into typed columns, missing cells marked, in both formats.
@Suite struct RequestDecoderTests {
    let decoder = RequestDecoder(signature: Fakes.Classifier().signature, maxRows: 100)

    func decode(_ text: String, examples: Bool = false) throws -> DecodedRequest {
        try Array(text.utf8).withUnsafeBytes { (raw) throws -> DecodedRequest in
            try examples ? decoder.decodeExamples(raw) : decoder.decodePredict(raw)
        }
    }

    @Test func rowsBecomeTypedColumnsWithMissingCells() throws {
        let request = try decode("""
            {"instances": [{"color": "red", "x": 1.5, "n": 2}, {"x": null, "n": [7], "color": "blue"}, {"x": -3, "n": 4.0, "color": "red"}]}
            """)
        #expect(request.format == .rows)
        #expect(request.table.names == ["x", "n", "color"])
        guard case let .float(x) = request.table.columns[0].values, case let .int(n) = request.table.columns[1].values,
              case let .string(codes, dictionary) = request.table.columns[2].values else {
            Issue.record("wrong column types")
            return
        }
        #expect(x[0] == 1.5 && x[1].isNaN && x[2] == -3)
        #expect(request.table.columns[0].missing == [false, true, false])
        #expect(n == [2, 7, 4])
        #expect(request.table.columns[1].missing == nil)
        #expect(codes == [0, 1, 0] && dictionary == ["red", "blue"])
    }

    @Test func columnsBecomeTheSameColumns() throws {
        let request = try decode("{\"inputs\": {\"n\": [2, 7], \"color\": [\"red\", null], \"x\": [1.5, 0]}, \"signature_name\": \"predict\"}")
        #expect(request.format == .columns)
        #expect(request.signatureName == "predict")
        #expect(request.table.rowCount == 2)
        #expect(request.table.columns[2].string(0) == "red")
        #expect(request.table.columns[2].isMissing(1))
    }

    @Test func contextValuesRepeatForEveryExample() throws {
        let text = "{\"context\": {\"color\": \"green\", \"n\": 3}, \"examples\": [{\"x\": 1}, {\"x\": 2}, {\"x\": 3}]}"
        let request = try decode(text, examples: true)
        #expect(request.table.rowCount == 3)
        #expect((0..<3).map { request.table.columns[2].string($0) } == ["green", "green", "green"])
        #expect((0..<3).map { request.table.columns[1].double($0) } == [3, 3, 3])
    }

    @Test(arguments: [
        ("{\"instances\": [{\"x\": 1, \"n\": 1, \"color\": \"a\", \"x\": 2}]}", "input 'x' is given twice in instance 0"),
        ("{\"instances\": [{\"x\": [1, 2], \"n\": 1, \"color\": \"a\"}]}", "input 'x' of instance 0: expected one value, got a list of several"),
        ("{\"instances\": [{\"x\": true, \"n\": 1, \"color\": \"a\"}]}", "input 'x' of instance 0: expected a number (float32), got true or false"),
        ("{\"instances\": [{\"x\": {}, \"n\": 1, \"color\": \"a\"}]}", "input 'x' of instance 0: expected a number (float32), got an object"),
        ("{\"instances\": [1, 2]}", "instance 0 must be an object of inputs ('x', 'n', 'color')"),
        ("{\"instances\": {}}", "'instances' must be a list of instances"),
        ("{\"instances\": [], \"inputs\": {}}", "'instances' is empty: send at least one instance"),
        ("{\"inputs\": {\"x\": [1], \"n\": [1], \"color\": [\"a\"]}, \"instances\": []}",
         "the request has both 'instances' and 'inputs'; send one of them"),
        ("{\"signature_name\": 3}", "'signature_name' must be a string"),
        ("{}", "the request has no 'instances' (row format) or 'inputs' (columnar format)"),
        ("[1]", "malformed JSON at line 1, column 1: expected a JSON object"),
        ("{\"instances\": [}", "malformed JSON at line 1, column 16: expected a value"),
        ("{\"inputs\": }", "malformed JSON at line 1, column 12: expected a value"),
        ("{\"instances\": [{\"x\": nul}]}", "malformed JSON at line 1, column 22: expected a value"),
        ("{\"signature_name\": \"a\"} x", "malformed JSON at line 1, column 25: unexpected text after the JSON value"),
    ])
    func badRequestsNameTheFieldAndRow(text: String, message: String) {
        #expect(throws: ServingError.badRequest(message)) { try decode(text) }
    }

    @Test func examplesRefuseClashesWithContextAndColumns() {
        #expect(throws: ServingError.badRequest("input 'n' of example 0 is also in 'context'")) {
            try decode("{\"context\": {\"n\": 1}, \"examples\": [{\"x\": 1, \"n\": 2, \"color\": \"a\"}]}", examples: true)
        }
        #expect(throws: ServingError.badRequest("unknown field 'inputs' in the request (expected signature_name, context or examples)")) {
            try decode("{\"inputs\": {}}", examples: true)
        }
    }
}
