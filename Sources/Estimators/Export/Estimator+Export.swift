import Datasets
import Exports
import FeatureColumns
import Foundation
import NN
import ONNX
import Tensors

extension Estimator {
    /// Exports a checkpoint for serving into `<directory>/<unix-seconds>/` and returns that folder: TF's `export_saved_model`.
    ///
    /// The folder holds `model.onnx` (the feature transforms, the network and the head's outputs, traced from the model
    /// function in predict mode), `signature.json`, `variables.safetensors` (model variables only), `estimator.json`,
    /// `assets/` (vocabularies) and `README.txt`. It is written under a temporary name and renamed, so a crash never
    /// leaves half an export. `sample` is a batch of raw columns to trace on (TF's serving input receiver); without one,
    /// ``servingSample`` (by default the first rows the estimator was built on), else, for canned estimators, rows made
    /// up from the feature columns; a custom model function that has seen no data needs one.
    @discardableResult
    public func export(to directory: String, checkpoint: String? = nil, sample: Table? = nil) throws -> String {
        let rows = try sample ?? servingSample ?? exportSample()
        try build(on: rows, label: nil)
        let c = try checkpoint.map { try restore(path: $0) } ?? restoreLatest(required: true)!
        let parts = try exportGraph(sample: rows, checkpoint: c)
        let files = ExportFiles(estimator: self, checkpoint: c, parts: parts)
        return try files.write(into: directory)
    }

    /// What tracing the model gives: the model and the signature's inputs and outputs.
    struct ExportParts {
        var builder: ModelBuilder
        var inputs: [ExportSignature.Input]
        var graphInputs: [ExportSignature.GraphInput]
        var outputs: [ExportSignature.Output]
        var classes: [String]?
    }

    /// Traces the model function in predict mode on `sample` with the restored variables.
    func exportGraph(sample: Table, checkpoint: CheckpointInfo) throws -> ExportParts {
        let kind = estimatorConfig?.kind.rawValue ?? "custom"
        let trace = Trace(graphName: kind, over: backend)
        let variables = context.variables
        let real = variables.map(\.value)
        for v in variables { v.value = trace.variable(v).value }
        defer { for (v, t) in zip(variables, real) { v.value = t } }
        let graph = FeatureGraph(trace: trace, batch: sample.rowCount) { body in
            let traced = variables.map(\.value)
            for (v, t) in zip(variables, real) { v.value = t }
            defer { for (v, t) in zip(variables, traced) { v.value = t } }
            return body()
        }
        let ctx = ModelContext(backend: trace.backend, params: context.params, seed: context.seed)
        (ctx.store, ctx.order, ctx.layers, ctx.mode) = (context.store, context.order, context.layers, .infer)
        var outputs: [ExportSignature.Output] = []
        var classes: [String]?
        if let config = estimatorConfig, let trees = try treeExport(checkpoint: checkpoint.prefix) {
            let head = try config.makeHead()
            outputs = try treesGraph(trees, head: head, trace: trace, graph: graph)
            classes = HeadOutputs.classNames(head)
        } else if let config = estimatorConfig, case .baseline = config.model {
            let head = try config.makeHead()
            outputs = HeadOutputs.append(head, logits: baselineLogits(trace: trace, graph: graph, head: head), to: trace)
            classes = HeadOutputs.classNames(head)
        } else {
            let spec = try FeatureTransforms.$recorder.withValue(graph) { try modelFn(sample, nil, .infer, ctx) }
            if let failure = graph.failure { throw Self.exportError(failure) }
            if let head = spec.head, let logits = spec.logits {
                outputs = HeadOutputs.append(head, logits: trace.value(of: logits), to: trace)
                classes = HeadOutputs.classNames(head)
            } else {
                guard !spec.predictions.isEmpty else {
                    throw EstimatorError("cannot export: the model function returns no head and no predictions in predict mode",
                                         hint: "return EstimatorSpec.fromHead(…) or fill spec.predictions")
                }
                for (key, t) in spec.predictions.sorted(by: { $0.key < $1.key }) {
                    trace.output(key, t)
                    let width = t.shape.dims.dropFirst().reduce(1, *)
                    outputs.append(.init(name: key, dtype: ExportFiles.dtypeName(t.dtype), shape: [-1, width],
                                         meaning: "the model function's prediction '\(key)'"))
                }
            }
        }
        if let failure = graph.failure { throw Self.exportError(failure) }
        if graph.graphInputs.isEmpty {
            throw EstimatorError("cannot export: the model function reads no feature through feature columns, so the export would have no inputs",
                                 hint: "build the model's input with DenseFeatures (feature columns) so an export knows which raw columns feed it")
        }
        let builder: ModelBuilder
        do { builder = try trace.builder() } catch {
            throw EstimatorError("cannot export: \(error)", hint: "predict mode must use ops ONNX can express (docs/export.md, Tracing)")
        }
        return ExportParts(builder: builder, inputs: graph.inputs, graphInputs: graph.graphInputs, outputs: outputs, classes: classes)
    }

    static func exportError(_ failure: ExportError) -> EstimatorError {
        EstimatorError("cannot export: \(failure.problem)", hint: failure.hint ?? "docs/export.md says what an export can hold")
    }

    /// The baseline's logits: its bias repeated for every row of a rows-only input (the baseline reads no feature).
    private func baselineLogits(trace: Trace, graph: FeatureGraph, head: any Head) -> String {
        let d = head.logitsDimension
        let rows = graph.rowsInput()
        return trace.scope("baseline") {
            let bias = trace.value(of: context.store["baseline/bias"]!.value)
            let row = trace.node("Reshape", [bias, trace.constant([Int64(1), Int64(d)], dims: [2])])
            let count = trace.node("Slice", [trace.node("Shape", [rows]), trace.constant([Int64(0)], dims: [1]),
                                             trace.constant([Int64(1)], dims: [1])])
            let shape = trace.node("Concat", [count, trace.constant([Int64(d)], dims: [1])], [.int("axis", 0)])
            return trace.node("Expand", [row, shape])
        }
    }

    /// A batch to trace on when none is given: a few rows of plausible raw values for each feature column's inputs.
    func exportSample() throws -> Table {
        guard let config = estimatorConfig, config.kind != .custom else {
            throw EstimatorError("cannot export a custom model function without a sample batch",
                                 hint: "pass sample: (a Table of raw columns, e.g. the first rows of the training data) "
                                     + "to export(to:checkpoint:sample:)")
        }
        return ExportSample.table(for: config.featureColumnSpecs, weightColumn: config.head?.weightColumn, rows: ExportSample.rows)
    }
}
