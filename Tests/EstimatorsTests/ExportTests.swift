import Datasets
import Estimators
import Exports
import FeatureColumns
import Foundation
import NN
import Tensors
import Testing
import TestSupport

/// The export folder, custom model functions, what stops an export, and the best exporter's memory.
@Suite struct ExportTests {
    /// A custom model function reading its input through feature columns, as an exportable one must.
    static func customModelFn(_ table: Table, _ labels: Column?, _ mode: ModeKeys, _ ctx: ModelContext) throws -> EstimatorSpec {
        let input = try ctx.layer("custom/input") { rng throws(DataError) in
            try DenseFeatures(irisFeatures, namePrefix: "custom/input", rng: &rng, on: ctx.backend)
        }
        let x = input(try input.inputs(Features(table)), on: ctx.backend)
        let layer = ctx.layer("custom/logits") { rng in Dense(inputSize: 4, units: 3, name: "custom/logits", rng: &rng, on: ctx.backend) }
        let logits = layer(x)
        var spec = EstimatorSpec(mode: mode, predictions: ["class_ids": logits.argmax(axis: 1), "scores": logits.softmax()])
        if let labels {
            let y = Tensor((0..<labels.count).map { Int64(irisClasses.firstIndex(of: labels.string($0) ?? "") ?? 0) }, on: ctx.backend)
            spec.loss = Losses.sparseSoftmaxCrossEntropy(labels: y, logits: logits).mean()
            spec.trainOps = [TrainOp(optimizer: Adagrad(learningRate: 0.3))]
        }
        return spec
    }

    static func trainedIris(_ dir: String) throws -> Estimator {
        let e = try irisClassifier(dir, config: RunConfig(saveCheckpointsSteps: 10))
        try e.train(input: irisTrain(), steps: 20)
        return e
    }

    @Test func writesEveryFileWithItsHashAndNoTemporaryFolder() throws {
        let dir = try Interop.temporaryDirectory("est-export-files").path
        let e = try Self.trainedIris(dir)
        let a = try e.export(to: dir + "/export/x"), b = try e.export(to: dir + "/export/x")
        #expect(a != b, "two exports in one second get two folders")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/export/x").sorted()
        #expect(names.allSatisfy { Int($0) != nil }, "only finished exports: \(names)")
        let signature = try JSONDecoder().decode(ExportSignature.self, from: Data(contentsOf: URL(fileURLWithPath: a + "/signature.json")))
        #expect(signature.kind == "DNNClassifier" && signature.globalStep == 20 && signature.classes == irisClasses)
        #expect(signature.inputs.map(\.name) == ["petal_length", "petal_width", "sepal_length", "sepal_width"])
        #expect(signature.outputs.map(\.name) == ["logits", "probabilities", "class_ids", "classes"])
        for (file, hash) in signature.files {
            #expect(SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: "\(a)/\(file)"))) == hash, "\(file)")
        }
        let vars = try SafeTensors.read(from: URL(fileURLWithPath: a + "/variables.safetensors"))
        #expect(vars["dnn/logits/kernel"] != nil && !vars.tensors.contains { $0.name.hasPrefix("training/") || $0.name.contains("Adagrad") })
        #expect(try String(contentsOfFile: a + "/README.txt", encoding: .utf8).contains("onnxruntime"))
    }

    @Test func aCustomModelFunctionExportsWithASampleOrTheRowsItWasBuiltOn() throws {
        let dir = try Interop.temporaryDirectory("est-export-custom").path
        let fresh = Estimator(modelFn: Self.customModelFn, modelDir: dir)
        #expect { try fresh.export(to: dir + "/export/x") } throws: { ($0 as? EstimatorError)?.problem.contains("not trained") ?? false
            || ($0 as? EstimatorError)?.problem.contains("custom model function without a sample") ?? false }
        try fresh.train(input: irisTrain(), steps: 10)
        let path = try fresh.export(to: dir + "/export/x")
        let signature = try JSONDecoder().decode(ExportSignature.self, from: Data(contentsOf: URL(fileURLWithPath: path + "/signature.json")))
        #expect(signature.kind == "custom" && signature.outputs.map(\.name) == ["class_ids", "scores"])
        #expect(signature.outputs.map(\.dtype) == ["int64", "float32"])
    }

    @Test func anOpWithNoMappingStopsTheExportNamingIt() throws {
        let dir = try Interop.temporaryDirectory("est-export-unmapped").path
        let e = Estimator(modelFn: { table, labels, mode, ctx in
            var spec = try Self.customModelFn(table, labels, mode, ctx)
            // Noise in predict mode: nothing an export can hold.
            spec.predictions["noisy"] = ctx.backend.random(.normal(mean: 0, stddev: 1), shape: [table.rowCount, 1], dtype: .float32, seed: 1, offset: 0)
            return spec
        }, modelDir: dir)
        try e.train(input: irisTrain(), steps: 5)
        #expect { try e.export(to: dir + "/export/x") } throws: { error in
            let text = "\(error)"
            return text.contains("random") && text.contains("cannot export")
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/export/x")) ?? []
        #expect(left.isEmpty, "nothing written: \(left)")
    }

    @Test func aModelReadingNoFeatureColumnIsRefused() throws {
        let dir = try Interop.temporaryDirectory("est-export-host").path
        let e = Estimator(modelFn: { table, labels, mode, ctx in
            let x = Tensor((0..<table.rowCount).map { Float(table["sepal_length"]!.double($0) ?? 0) }, shape: [table.rowCount, 1], on: ctx.backend)
            let w = ctx.variable("w", shape: [1, 1], initializer: .ones)
            var spec = EstimatorSpec(mode: mode, predictions: ["y": Tensor.matmul(x, w.read())])
            if labels != nil { (spec.loss, spec.trainOps) = ((Tensor.matmul(x, w.read())).mean(), [TrainOp(optimizer: SGD(learningRate: 0.01))]) }
            return spec
        }, modelDir: dir)
        try e.train(input: irisTrain(), steps: 2)
        #expect { try e.export(to: dir + "/export/x") } throws: { "\($0)".contains("reads no feature through feature columns") }
    }

    @Test func bestExporterStartsFromTheBestEvaluationOnDisk() throws {
        let dir = try Interop.temporaryDirectory("est-export-best").path
        let e = try Self.trainedIris(dir)
        let m = try e.evaluate(input: irisEval)
        let c = try #require(e.loadedCheckpoint)
        // A new exporter (a resumed run) sees the evaluation on disk: a worse loss at a later step does not export.
        let later = CheckpointInfo(prefix: c.prefix, step: c.step + 1)
        let best = BestExporter()
        #expect(try best.export(e, checkpoint: later, metrics: ["loss": m["loss"]! + 1], isFinal: false) == nil)
        #expect(best.best == m["loss"])
        #expect(try best.export(e, checkpoint: later, metrics: ["loss": m["loss"]! / 2], isFinal: false) != nil)
        #expect { try BestExporter(metric: "auc").export(e, checkpoint: later, metrics: m, isFinal: false) } throws: {
            "\($0)".contains("no metric 'auc'")
        }
    }
}
