import Exports
import ONNX

/// A canned head's outputs as graph nodes from the logits, with TF's names, computed as est's heads compute them.
enum HeadOutputs {
    /// A classifier's class names by id (nil for other heads).
    static func classNames(_ head: any Head) -> [String]? {
        switch head {
        case let h as BinaryClassHead: (0..<2).map(h.className)
        case let h as MultiClassHead: (0..<h.nClasses).map(h.className)
        default: nil
        }
    }

    /// Appends the outputs of `head` for `logits` (`[batch, logitsDimension]` float32) to `trace`; their signature entries.
    static func append(_ head: any Head, logits: String, to trace: Trace) -> [ExportSignature.Output] {
        let toInt64 = AttributeProto.int("to", Int64(DataType.int64.rawValue))
        var outputs: [ExportSignature.Output] = []
        func out(_ name: String, _ value: String, _ dtype: DataType, width: Int, _ meaning: String) {
            trace.declareOutput(name, value: value, dtype: dtype, width: width)
            outputs.append(.init(name: name, dtype: FeatureGraph.dtypeName(dtype), shape: [-1, width], meaning: meaning))
        }
        func classes(_ ids: String, names: [String]) {
            let text = trace.node("LabelEncoder", [ids], [.ints("keys_int64s", names.indices.map(Int64.init)), .strings("values_strings", names),
                                                          .string("default_string", "")], domain: "ai.onnx.ml")
            out("classes", text, .string, width: 1, "the predicted class's name (its label vocabulary entry, else its id as text)")
        }
        switch head {
        case let h as BinaryClassHead:
            trace.scope("head") {
                out("logits", logits, .float, width: 1, "the logit of class 1")
                out("logistic", trace.node("Sigmoid", [logits]), .float, width: 1, "the probability of class 1")
                let zero = trace.node("Sub", [logits, logits])
                let pair = trace.node("Concat", [zero, logits], [.int("axis", 1)])
                out("probabilities", trace.node("Softmax", [pair], [.int("axis", 1)]), .float, width: 2, "the probability of each class")
                let positive = trace.node("Greater", [logits, trace.constant([Float(0)], dims: [])])
                let ids = trace.node("Cast", [positive], [toInt64])
                out("class_ids", ids, .int64, width: 1, "the predicted class (1 when the logit is positive)")
                classes(ids, names: (0..<2).map(h.className))
            }
        case let h as MultiClassHead:
            trace.scope("head") {
                out("logits", logits, .float, width: h.nClasses, "the logit of each class")
                out("probabilities", trace.node("Softmax", [logits], [.int("axis", 1)]), .float, width: h.nClasses,
                    "the probability of each class (softmax of the logits)")
                let ids = trace.node("ArgMax", [logits], [.int("axis", 1), .int("keepdims", 1)])
                out("class_ids", ids, .int64, width: 1, "the predicted class (the first largest logit)")
                classes(ids, names: (0..<h.nClasses).map(h.className))
            }
        case let h as RegressionHead:
            out("predictions", logits, .float, width: h.logitsDimension, "the predicted value")
        default:
            out("logits", logits, .float, width: head.logitsDimension, "the model's logits (a head est cannot export the outputs of)")
        }
        return outputs
    }
}
