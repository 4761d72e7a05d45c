import Foundation
import Testing
@testable import Serving

/// `:predict`, `:classify` and `:regress` through HTTP, in TF Serving's request and answer shapes.
@Suite struct PredictRouteTests {
    @Test func rowFormatAnswersPredictionsPerRow() async throws {
        try await withServer { c in
            let body = "{\"instances\": [\(instance(x: 0.5, n: 1, color: "red")), \(instance(x: 2, n: 5, color: "blue"))]}"
            let (status, json, type) = try await c.send(.post, "/v1/models/classifier:predict", body)
            #expect(status == 200)
            #expect(type == "application/json")
            let predictions = try #require((json as? [String: Any])?["predictions"] as? [[String: Any]])
            #expect(predictions.count == 2)
            #expect(predictions[0]["class_ids"] as? [Int] == [1])
            #expect(predictions[0]["logits"] as? [Double] == [101.5])
            #expect(predictions[1]["class_ids"] as? [Int] == [2])
            #expect(predictions[1]["probabilities"] as? [Double] == [0.1, 0.1, 0.8])
            #expect(Array(predictions[0].keys).sorted() == ["class_ids", "logits", "probabilities"])
        }
    }

    @Test func columnarFormatAnswersOutputs() async throws {
        try await withServer { c in
            let body = "{\"signature_name\": \"serving_default\", \"inputs\": {\"x\": [1, 2], \"n\": [3, 4], \"color\": [\"red\", null]}}"
            let (status, json, _) = try await c.send(.post, "/v1/models/classifier:predict", body)
            #expect(status == 200)
            let outputs = try #require((json as? [String: Any])?["outputs"] as? [String: Any])
            #expect(outputs["class_ids"] as? [[Int]] == [[0], [1]])
            #expect(outputs["logits"] as? [[Double]] == [[104], [6]])
        }
    }

    @Test func oneOutputIsTheBareValueAndOneInputTakesBareValues() async throws {
        try await withServer { c in
            let (s1, j1, _) = try await c.send(.post, "/v1/models/words:predict", "{\"instances\": [\"abc\", [\"hello\"], null]}")
            #expect(s1 == 200)
            #expect((j1 as? [String: Any])?["predictions"] as? [Int] == [3, 5, -1])
            let (s2, j2, _) = try await c.send(.post, "/v1/models/words:predict", "{\"inputs\": [\"ab\", \"é\"]}")
            #expect(s2 == 200)
            #expect((j2 as? [String: Any])?["outputs"] as? [Int] == [2, 1])
            let (s3, j3, _) = try await c.send(.post, "/v1/models/words:predict", "{\"inputs\": {\"words\": [\"abcd\"]}}")
            #expect(s3 == 200)
            #expect((j3 as? [String: Any])?["outputs"] as? [Int] == [4])
        }
    }

    @Test func classifyAnswersLabelsAndScoresPerExample() async throws {
        try await withServer { c in
            let body = "{\"signature_name\": \"classification\", \"context\": {\"color\": \"red\"}, "
                + "\"examples\": [{\"x\": 1, \"n\": 2}, {\"x\": 0, \"n\": 0}]}"
            let (status, json, _) = try await c.send(.post, "/v1/models/classifier:classify", body)
            #expect(status == 200)
            let result = try #require((json as? [String: Any])?["result"] as? [[[Any]]])
            #expect(result.count == 2)
            #expect(result[0].map { $0[0] as? String } == ["setosa", "versicolor", "virginica"])
            #expect(result[0].map { $0[1] as? Double } == [0.1, 0.1, 0.8])
            #expect(result[1][0][1] as? Double == 0.8)
        }
    }

    @Test func regressAnswersOneValuePerExample() async throws {
        try await withServer { c in
            let (status, json, _) = try await c.send(.post, "/v1/models/regressor/versions/3:regress",
                                                     "{\"examples\": [{\"x\": 1, \"y\": 0.5}, {\"x\": null, \"y\": 2}]}")
            #expect(status == 200)
            #expect((json as? [String: Any])?["result"] as? [Double] == [2.5, 2])
        }
    }

    @Test func signatureNamesSelectTFsCannedOutputs() async throws {
        try await withServer { c in
            let rows = "[\(instance(x: 0, n: 1, color: "red"))]"
            let (s1, j1, _) = try await c.send(.post, "/v1/models/classifier:predict",
                                               "{\"signature_name\": \"classification\", \"instances\": \(rows)}")
            #expect(s1 == 200)
            let p = try #require(((j1 as? [String: Any])?["predictions"] as? [[String: Any]])?.first)
            #expect(p["classes"] as? [String] == ["setosa", "versicolor", "virginica"])
            #expect((p["scores"] as? [Double])?.count == 3)
            let (s2, j2, _) = try await c.send(.post, "/v1/models/regressor:predict",
                                               "{\"signature_name\": \"regression\", \"instances\": [{\"x\": 1, \"y\": 1}]}")
            #expect(s2 == 200)
            #expect((j2 as? [String: Any])?["predictions"] as? [[Double]] == [[1003]])
            let (s3, j3, _) = try await c.send(.post, "/v1/models/classifier:predict", "{\"signature_name\": \"regression\", \"instances\": \(rows)}")
            #expect(s3 == 400)
            #expect(errorText(j3) == "unknown signature_name 'regression'; this model answers 'serving_default', 'predict', 'classification' here")
        }
    }

    @Test func classifyOnARegressorAndRegressOnAClassifierAreRefused() async throws {
        try await withServer { c in
            let (s1, j1, _) = try await c.send(.post, "/v1/models/regressor:classify", "{\"examples\": [{\"x\": 1, \"y\": 1}]}")
            #expect(s1 == 400)
            #expect(errorText(j1) == "model 'regressor' (LinearRegressor) is not a classifier: use :regress or :predict")
            let (s2, j2, _) = try await c.send(.post, "/v1/models/classifier:regress", "{\"examples\": []}")
            #expect(s2 == 400)
            #expect(errorText(j2).contains("is not a regressor"))
        }
    }
}
