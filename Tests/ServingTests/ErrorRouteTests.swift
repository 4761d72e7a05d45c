import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Serving

/// Every refusal has TF Serving's status code and a message naming what is wrong, and the server keeps serving.
@Suite struct ErrorRouteTests {
    static let good = "{\"instances\": [\(instance(x: 1, n: 1, color: "red"))]}"

    /// Status and error text of each bad request, then a good request that must still answer 200.
    @Test(arguments: [
        ("POST", "/v1/models/classifier:predict", "{\"instances\": [{\"x\": 1,, }]}", 400,
         "malformed JSON at line 1, column 24: expected a member name in double quotes"),
        ("POST", "/v1/models/classifier:predict", "{\"instances\": [\n{\"x\": 1.5e}]}", 400,
         "malformed JSON at line 2, column 11: expected a digit in the exponent"),
        ("POST", "/v1/models/classifier:predict", "{\"instances\": [{\"x\": 1, \"n\": 1, \"color\": \"a\"}]", 400,
         "malformed JSON at the end (byte 46): expected ',' or '}'"),
        ("POST", "/v1/models/classifier:predict", "", 400, "empty request body: send a JSON object with 'instances'"),
        ("POST", "/v1/models/nope:predict", good, 404, "no model 'nope' is served (models: 'broken', 'classifier', 'regressor', 'words')"),
        ("POST", "/v1/models/regressor/versions/4:predict", good, 404, "model 'regressor' has no version 4 (versions: 3, 5)"),
        ("GET", "/v1/models/classifier/versions/8", "", 404, "model 'classifier' has no version 8 (versions: 1, 2)"),
        ("POST", "/v1/models/classifier:predict", "{\"instances\": [{\"x\": 1, \"n\": 1, \"colour\": \"red\"}]}", 400,
         "unknown input 'colour' in instance 0; the model takes 'x', 'n', 'color'"),
        ("POST", "/v1/models/classifier:predict", "{\"instances\": [\(instance(x: 1, n: 1, color: "a")), {\"x\": 1}]}", 400,
         "instance 1 lacks inputs 'n', 'color'"),
        ("POST", "/v1/models/classifier:predict", "{\"inputs\": {\"x\": [1], \"n\": [1]}}", 400, "'inputs' lacks input 'color'"),
        ("POST", "/v1/models/classifier:predict",
         "{\"instances\": [\(instance(x: 1, n: 1, color: "a")), {\"x\": \"1\", \"n\": 1, \"color\": \"a\"}]}",
         400, "input 'x' of instance 1: expected a number (float32), got a string"),
        ("POST", "/v1/models/classifier:predict", "{\"instances\": [{\"x\": 1, \"n\": 1.5, \"color\": \"a\"}]}", 400,
         "input 'n' of instance 0: expected an integer (int64), got 1.5"),
        ("POST", "/v1/models/classifier:predict", "{\"inputs\": {\"x\": [1, 2], \"n\": [1, 2], \"color\": [\"a\", 3]}}", 400,
         "input 'color' of row 1 of 'inputs': expected a string, got a number"),
        ("POST", "/v1/models/classifier:predict", "{\"inputs\": {\"x\": [1, 2], \"n\": [1], \"color\": [\"a\", \"b\"]}}", 400,
         "input 'n' has 1 values but 'x' has 2: every input needs one per row"),
        ("POST", "/v1/models/classifier:predict", "{\"rows\": []}", 400,
         "unknown field 'rows' in the request (expected signature_name, instances or inputs)"),
        ("POST", "/v1/models/classifier:predict", "{\"instances\": []}", 400, "'instances' is empty: send at least one instance"),
        ("POST", "/v1/models/regressor:regress", "{\"examples\": [{\"x\": 1, \"y\": null}]}", 400,
         "column 'y' row 0: missing value and no default"),
        ("POST", "/v1/models/broken:predict", good, 503,
         "model 'broken' is not available: /exports/broken holds neither signature.json nor numeric version folders"),
        ("POST", "/v1/models/classifier/versions/2:predict", good, 503,
         "model 'classifier' version 2 failed to load from /exports/classifier/2: signature.json: file 'model.onnx' has the wrong hash"),
        ("GET", "/v1/models/classifier:predict", "", 405, "/v1/models/classifier:predict answers POST, not GET"),
        ("GET", "/v2/status", "", 404, "no route for /v2/status; est serve answers " + ServingAPI.routes),
    ])
    func refusal(method: String, path: String, body: String, status: Int, message: String) async throws {
        try await withServer { c in
            let (got, json, type) = try await c.send(.init(method)!, path, body.isEmpty ? nil : body)
            #expect(got == status)
            #expect(errorText(json) == message)
            #expect(type == "application/json")
            let (after, _, _) = try await c.send(.post, "/v1/models/classifier:predict", Self.good)
            #expect(after == 200)
        }
    }

    @Test func tooManyRowsIsRefusedNamingTheLimit() async throws {
        try await withServer(maxRows: 2) { c in
            let three = "[" + Array(repeating: instance(x: 1, n: 1, color: "a"), count: 3).joined(separator: ",") + "]"
            for body in ["{\"instances\": \(three)}", "{\"inputs\": {\"x\": [1, 2, 3], \"n\": [1, 1, 1], \"color\": [\"a\", \"a\", \"a\"]}}"] {
                let (status, json, _) = try await c.send(.post, "/v1/models/classifier:predict", body)
                #expect(status == 400)
                #expect(errorText(json) == "too many rows: more than 2 in one request (est serve --max-rows)")
            }
            let two = "[" + Array(repeating: instance(x: 1, n: 1, color: "a"), count: 2).joined(separator: ",") + "]"
            #expect(try await c.send(.post, "/v1/models/classifier:predict", "{\"instances\": \(two)}").status == 200)
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func aBodyOverTheLimitIs413(setup: TestingSetup) async throws {
        try await withServer(maxBodyBytes: 200, setup: setup) { c in
            let big = "{\"instances\": [" + Array(repeating: instance(x: 1, n: 1, color: "a"), count: 20).joined(separator: ",") + "]}"
            let (status, json, _) = try await c.send(.post, "/v1/models/classifier:predict", big)
            #expect(status == 413)
            #expect(errorText(json).hasSuffix("is over the limit of 200 bytes (est serve --max-body-bytes)"))
            #expect(try await c.send(.post, "/v1/models/classifier:predict", Self.good).status == 200)
        }
    }
}
