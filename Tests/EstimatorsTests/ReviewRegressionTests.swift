import Datasets
import Estimators
import FeatureColumns
import Foundation
import Tensors
import Testing
import TestSupport

/// Bugs found in review, kept fixed.
@Suite struct EstimatorReviewRegressionTests {
    @Test func aSecondTrainCallOnAOneEpochInputTrainsOnIt() throws {
        let est = try irisClassifier(try Interop.temporaryDirectory("est-rr1").path)
        let oneEpoch = InputFn.csv([fixture("iris_train.csv")], label: "species", batchSize: 32)   // 4 batches
        try est.train(input: oneEpoch, steps: 3)
        try est.train(input: oneEpoch, steps: 3)
        #expect(est.globalStep == 6)
        // A new process resuming with the same one-epoch input starts it again instead of skipping it all.
        let again = try irisClassifier(est.modelDir)
        try again.train(input: oneEpoch, steps: 3)
        #expect(again.globalStep == 9)
    }

    @Test func aFailedTrainingDoesNotLeaveUnsavedWeightsForEvaluate() throws {
        final class Boom: TrainingHook { func afterStep(_ c: HookContext) throws { if c.globalStep == 15 { throw EstimatorError("boom", hint: "") } } }
        let est = try irisClassifier(try Interop.temporaryDirectory("est-rr2").path, config: RunConfig(saveCheckpointsSteps: 10))
        #expect(throws: EstimatorError.self) { try est.train(input: irisTrain(), steps: 30, hooks: [Boom()]) }
        let m = try est.evaluate(input: irisEval)
        #expect(m["global_step"] == 10, "evaluated the unsaved step-15 weights: \(m)")
    }

    @Test func stopTrainingFromBeforeStepEndsCleanlyWithACheckpoint() throws {
        final class StopBefore: TrainingHook { func beforeStep(_ c: HookContext) throws { if c.globalStep == 7 { throw StopTraining("asked") } } }
        let est = try irisClassifier(try Interop.temporaryDirectory("est-rr-stop").path, config: RunConfig(saveCheckpointsSteps: 100))
        final class Events: @unchecked Sendable { var all: [TrainingEvent] = [] }
        let events = Events()
        est.onEvent = { events.all.append($0) }
        try est.train(input: irisTrain(), steps: 30, hooks: [StopBefore()])
        #expect(est.globalStep == 7)
        #expect(CheckpointManager(modelDir: est.modelDir).latest?.step == 7)
        #expect(events.all.last == .finished(step: 7, loss: events.all.compactMap { if case let .finished(_, l) = $0 { l } else { nil } }.last ?? nil))
        #expect(!events.all.contains { if case .failed = $0 { true } else { false } })
    }

    @Test func aStopRequestEndsTheResumeSkip() throws {
        let dir = try Interop.temporaryDirectory("est-rr-skip").path
        try irisClassifier(dir).train(input: irisTrain(), steps: 3000)
        let again = try irisClassifier(dir)
        final class Events: @unchecked Sendable { var all: [TrainingEvent] = [] }
        let events = Events()
        again.onEvent = { events.all.append($0) }
        again.shouldStop = { true }
        try again.train(input: irisTrain(), steps: 10)
        #expect(again.globalStep == 3000)
        #expect(events.all.contains(.log("skipping the 3000 batches already trained on (exact resume)")))
        #expect(events.all.contains(.log("stopped while skipping batches, at 1024 of 3000")))
    }

    /// A long skip says how far it is (the workbench and `est train` show it), not a silent "running" at the old step.
    @Test func theResumeSkipReportsItsProgress() throws {
        let dir = try Interop.temporaryDirectory("est-rr-skip-progress").path
        try irisClassifier(dir).train(input: irisTrain(), steps: 2100)
        let again = try irisClassifier(dir)
        final class Events: @unchecked Sendable { var all: [TrainingEvent] = [] }
        let events = Events()
        again.onEvent = { events.all.append($0) }
        try again.train(input: irisTrain(), steps: 1)
        // The first report comes at the first 1024 batches (then every skipReportInterval seconds).
        #expect(events.all.contains(.skipping(done: 1024, total: 2100)), "\(events.all)")
        #expect(again.globalStep == 2101)
    }

    @Test func keepCheckpointEveryNHoursKeepsOldCheckpointsOnDisk() throws {
        let dir = try Interop.temporaryDirectory("est-rr3").path
        let est = try irisClassifier(dir, config: RunConfig(saveCheckpointsSteps: 10, keepCheckpointMax: 2, keepCheckpointEveryNHours: 0))
        try est.train(input: irisTrain(), steps: 60)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".safetensors") }
        #expect(files.count == 7, "\(files.sorted())")   // steps 0, 10, …, 60
        #expect(CheckpointManager(modelDir: dir).all().map(\.step) == [50, 60], "the state file lists the last two")
    }

    @Test func nanLogitsDoNotCrashBinaryMetrics() {
        let head = BinaryClassHead()
        let metrics = head.makeMetrics()
        metrics.update(logits: [.nan, 1], labels: Tensor([0, 1] as [Float], shape: [2, 1]), weights: nil, batchLoss: .nan, perExampleLoss: [.nan, 0.3])
        #expect(metrics.result()["auc"] != nil)
    }

    /// One label column cannot feed a label_dimension of 2: an error, not a shape precondition in the loss.
    @Test(arguments: [2, 3])
    func aLabelDimensionAboveOneWithOneLabelColumnIsAnError(_ d: Int) throws {
        let dir = try Interop.temporaryDirectory("est-labeldim").path
        let est = try DNNRegressor(hiddenUnits: [4], featureColumns: [numericColumn("cylinders")], modelDir: dir, labelDimension: d)
        let input = InputFn.csv([fixture("auto_mpg.csv")], label: "mpg", batchSize: 6, shuffle: false, epochs: 1)
        #expect { try est.train(input: input, steps: 2) } throws: { "\($0)".contains("label_dimension of \(d) needs \(d) label values per example") }
    }
}
