import Exports
import FeatureColumns
import ONNX

extension Estimator {
    /// A boosted-trees model's graph: each feature the trees split on from the raw inputs, one ai.onnx.ml
    /// `TreeEnsembleRegressor` for the logits (``TreeExport``), then the head's outputs.
    func treesGraph(_ trees: TreeExport, head: any Head, trace: Trace, graph: FeatureGraph) throws -> [ExportSignature.Output] {
        let toFloat = AttributeProto.int("to", Int64(DataType.float.rawValue))
        let inputs: [String] = trace.scope("boosted_trees/inputs") {
            trees.sources.map { source -> String in
                switch source {
                case let .numeric(n):
                    // The raw value with the column's default: the thresholds already hold the normaliser.
                    return graph.numeric(n.key, shape: n.shape, defaultValue: n.defaultValue, normalizer: .none)
                case let .bucketized(b):
                    return graph.numeric(b.source.key, shape: b.source.shape, defaultValue: b.source.defaultValue, normalizer: .none)
                case let .indicator(column, category):
                    let ids = graph.ids(FeatureColumnSpec(column.categorical)).ids
                    return trace.node("Cast", [trace.node("Equal", [ids, trace.constant([Int64(category)], dims: [])])], [toFloat])
                }
            }
        }
        if let failure = graph.failure { throw Self.exportError(failure) }
        let logits = try trace.withBuilder { b in try trees.appendLogits(to: &b, inputs: inputs, scope: "boosted_trees") }
        return HeadOutputs.append(head, logits: logits, to: trace)
    }
}
