import Foundation
import Testing
@testable import Serving

/// Model status, metadata, versions and several models through HTTP.
@Suite struct StatusRouteTests {
    @Test func statusListsVersionsNewestFirstWithTheirState() async throws {
        try await withServer { c in
            let (status, json, _) = try await c.send(.get, "/v1/models/classifier")
            #expect(status == 200)
            let versions = try #require((json as? [String: Any])?["model_version_status"] as? [[String: Any]])
            #expect(versions.map { $0["version"] as? String } == ["2", "1"])
            #expect(versions.map { $0["state"] as? String } == ["END", "AVAILABLE"])
            let ok = try #require(versions[1]["status"] as? [String: String])
            #expect(ok == ["error_code": "OK", "error_message": ""])
            #expect((versions[0]["status"] as? [String: String])?["error_message"] == "signature.json: file 'model.onnx' has the wrong hash")
            let (s1, j1, _) = try await c.send(.get, "/v1/models/regressor/versions/3")
            #expect(s1 == 200)
            #expect(((j1 as? [String: Any])?["model_version_status"] as? [[String: Any]])?.map { $0["version"] as? String } == ["3"])
        }
    }

    @Test func metadataHoldsSignatureDefsAndTheEstSignature() async throws {
        try await withServer { c in
            let (status, json, _) = try await c.send(.get, "/v1/models/classifier/metadata")
            #expect(status == 200)
            let root = try #require(json as? [String: Any])
            #expect(root["model_spec"] as? [String: String] == ["name": "classifier", "signature_name": "", "version": "1"])
            let defs = try #require(((root["metadata"] as? [String: Any])?["signature_def"] as? [String: Any])?["signature_def"] as? [String: Any])
            #expect(defs.keys.sorted() == ["classification", "predict", "serving_default"])
            let serving = try #require(defs["serving_default"] as? [String: Any])
            #expect(serving["method_name"] as? String == "tensorflow/serving/predict")
            let x = try #require((serving["inputs"] as? [String: Any])?["n"] as? [String: Any])
            #expect(x["dtype"] as? String == "DT_INT64")
            #expect(x["name"] as? String == "n:0")
            let probabilities = try #require((serving["outputs"] as? [String: Any])?["probabilities"] as? [String: Any])
            let dims = (probabilities["tensor_shape"] as? [String: Any])?["dim"] as? [[String: String]]
            #expect(dims == [["size": "-1", "name": ""], ["size": "3", "name": ""]])
            #expect((defs["classification"] as? [String: Any])?["method_name"] as? String == "tensorflow/serving/classify")
            let est = try #require(root["est_signature"] as? [String: Any])
            #expect(est["format"] as? String == "est-export")
            #expect(est["global_step"] as? Int == 42)
            #expect(est["classes"] as? [String] == ["setosa", "versicolor", "virginica"])
            let (s2, j2, _) = try await c.send(.get, "/v1/models/regressor/versions/3/metadata")
            #expect(s2 == 200)
            let defs2 = (((j2 as? [String: Any])?["metadata"] as? [String: Any])?["signature_def"] as? [String: Any])?["signature_def"]
            #expect((defs2 as? [String: Any])?.keys.sorted() == ["predict", "regression", "serving_default"])
        }
    }

    @Test func theNewestLoadedVersionServesByDefaultAndAnyVersionByNumber() async throws {
        try await withServer { c in
            let body = "{\"instances\": [{\"x\": 1, \"y\": 1}]}"
            let (_, newest, _) = try await c.send(.post, "/v1/models/regressor:predict", body)
            #expect((newest as? [String: Any])?["predictions"] as? [[Double]] == [[1003]])
            let (_, old, _) = try await c.send(.post, "/v1/models/regressor/versions/3:predict", body)
            #expect((old as? [String: Any])?["predictions"] as? [[Double]] == [[3]])
            // classifier's version 2 failed to load: version 1 serves by default.
            let (s, _, _) = try await c.send(.post, "/v1/models/classifier:predict", "{\"instances\": [\(instance(x: 0, n: 0, color: "a"))]}")
            #expect(s == 200)
        }
    }

    @Test func severalModelsAnswerSideBySide() async throws {
        try await withServer { c in
            let (s1, _, _) = try await c.send(.post, "/v1/models/words:predict", "{\"instances\": [\"a\"]}")
            let (s2, _, _) = try await c.send(.post, "/v1/models/regressor:regress", "{\"examples\": [{\"x\": 1, \"y\": 1}]}")
            let (s3, _, _) = try await c.send(.get, "/v1/models/classifier/versions/1/metadata")
            #expect([s1, s2, s3] == [Int](repeating: 200, count: 3))
        }
    }

    @Test func routesParseNamesVersionsAndVerbs() throws {
        #expect(try ServingAPI.route("/v1/models/best") == .status(model: "best", version: nil))
        #expect(try ServingAPI.route("/v1/models/best/") == .status(model: "best", version: nil))
        #expect(try ServingAPI.route("/v1/models/best/versions/17") == .status(model: "best", version: 17))
        #expect(try ServingAPI.route("/v1/models/best/metadata") == .metadata(model: "best", version: nil))
        #expect(try ServingAPI.route("/v1/models/best/versions/3/metadata") == .metadata(model: "best", version: 3))
        #expect(try ServingAPI.route("/v1/models/best:predict") == .call(.predict, model: "best", version: nil))
        #expect(try ServingAPI.route("/v1/models/best/versions/9:classify") == .call(.classify, model: "best", version: 9))
        #expect(try ServingAPI.route("/v1/models/best:regress") == .call(.regress, model: "best", version: nil))
        for bad in ["/v2/models/best", "/v1/models/", "/v1/models/best:explain", "/v1/models/best/versions/x", "/v1/models/best/labels/stable",
                    "/v1/models/best/other", "/v1/models/best/metadata:predict"] {
            #expect(throws: ServingError.self, "\(bad)") { try ServingAPI.route(bad) }
        }
    }
}
