import Estimators
import Foundation
import Testing
import TestSupport

/// A model_dir holding a different model: the message names the first variable with both shapes, counts the rest,
/// and offers a model_dir that is free.
@Suite struct ModelClashTests {
    @Test func theClashNamesOneVariableConciselyAndAFreeModelDir() throws {
        let dir = try Interop.temporaryDirectory("est-clash").path
        try irisClassifier(dir).train(input: irisTrain(), steps: 5)
        try FileManager.default.createDirectory(atPath: dir + "-2", withIntermediateDirectories: true)
        let other = try DNNClassifier(hiddenUnits: [7], featureColumns: irisFeatures, modelDir: dir, nClasses: 3, labelVocabulary: irisClasses)
        do {
            try other.train(input: irisTrain(), steps: 5)
            Issue.record("trained over a different model")
        } catch let e as EstimatorError {
            #expect(e.problem.contains("(dnn/hiddenlayer_0/kernel: checkpoint [4, 10], model [4, 7]; "), "\(e.problem)")
            #expect(e.problem.hasSuffix(" more)"), "\(e.problem)")
            #expect(e.problem.count < dir.count + 110, "one short line: \(e.problem)")
            #expect(e.freeModelDir == dir + "-3", "\(dir)-2 exists")
            #expect(e.hint.contains(dir + "-3"))
        }
    }
}
