import FeatureColumns
import NN
import ONNX
import Tensors

/// Dense blocks, embeddings and the linear model's logits as graph nodes.
extension FeatureGraph {
    /// A dense column's block `[batch, width]` float32.
    func dense(_ spec: FeatureColumnSpec) -> String {
        if let memo = denseMemo(String(describing: spec)) { return memo }
        let made: String = trace.scope(spec.name) {
            switch spec {
            case let .numeric(key, shape, defaultValue, normalizer):
                return numeric(key, shape: shape, defaultValue: defaultValue, normalizer: normalizer)
            case let .bucketized(_, boundaries):
                return oneHot(ids(spec).ids, width: boundaries.count + 1)
            case let .indicator(categorical):
                let (ids, weight) = ids(categorical)
                let hot = oneHot(ids, width: Self.numBuckets(categorical))
                return weight.map { trace.node("Mul", [hot, $0]) } ?? hot
            default:
                fail("feature column '\(spec.name)' is not a dense column")
                return ""
            }
        }
        rememberDense(String(describing: spec), made)
        return made
    }

    /// The combined rows `[batch, width]` of `table` (`[numBuckets, width]`) for a categorical column's single id,
    /// as est's bag sums compute them: the row times the weight, divided by the combiner's divisor (zero for no id).
    func combinedRows(_ categorical: FeatureColumnSpec, table: String, width: Int, combiner: Combiner) -> String {
        let (ids, weight) = ids(categorical)
        let n = Int64(Self.numBuckets(categorical))
        let valid = trace.node("And", [trace.node("GreaterOrEqual", [ids, trace.constant([Int64(0)], dims: [])]),
                                       trace.node("Less", [ids, trace.constant([n], dims: [])])])
        let safe = trace.node("Where", [valid, ids, trace.constant([Int64(0)], dims: [])])
        let gathered = trace.node("Gather", [table, safe], [.int("axis", 0)])
        let rows = trace.node("Reshape", [gathered, trace.constant([Int64(0), Int64(width)], dims: [2])])
        let mask = trace.node("Cast", [valid], [.int("to", Int64(DataType.float.rawValue))])
        guard let weight else { return trace.node("Mul", [rows, mask]) }
        let w = trace.node("Mul", [weight, mask])
        let summed = trace.node("Mul", [rows, w])
        let floor = trace.constant([Float(1e-12)], dims: [])
        switch combiner {
        case .sum: return summed
        case .mean: return trace.node("Div", [summed, trace.node("Max", [w, floor])])
        case .sqrtn: return trace.node("Div", [summed, trace.node("Max", [trace.node("Sqrt", [trace.node("Mul", [w, w])]), floor])])
        }
    }

    /// The number of ids a categorical column's spec gives.
    static func numBuckets(_ spec: FeatureColumnSpec) -> Int {
        switch spec {
        case let .vocabulary(_, v, _, oov): v.count + oov
        case let .identity(_, n, _): n
        case let .hashBucket(_, n), let .crossed(_, n): n
        case let .bucketized(_, b): b.count + 1
        case let .weighted(c, _): numBuckets(c)
        default: 0
        }
    }

    // MARK: Recorders

    func denseFeatures(_ layer: DenseFeatures, inputs: DenseFeatures.Inputs, on backend: any Backend) -> Tensor {
        let real = withRealValues { layer.values(inputs, on: trace.backend.inner) }
        var blocks: [String] = []
        for column in layer.order {
            let spec = FeatureColumnSpec(column)
            if case let .embedding(categorical, dimension, combiner, _) = spec, let e = layer.embeddings[column.name] {
                let table = trace.value(of: e.table.value)
                blocks.append(trace.scope(column.name) { combinedRows(categorical, table: table, width: dimension, combiner: combiner) })
            } else {
                blocks.append(dense(spec))
            }
        }
        let out = blocks.count == 1 ? blocks[0] : trace.node("Concat", blocks, [.int("axis", 1)])
        return trace.tensor(real, standingFor: out)
    }
}

/// The linear model's hook (the model is internal to Estimators, so the protocol is too).
protocol LinearModelRecorder {
    func linearLogits(_ model: LinearModel, inputs: LinearInputs, on backend: any Backend) -> Tensor
}

extension FeatureGraph: LinearModelRecorder {
    /// `bias + column₁ + column₂ + … + x·W`, added in that order as est does.
    func linearLogits(_ model: LinearModel, inputs: LinearInputs, on backend: any Backend) -> Tensor {
        let real = withRealValues { model.values(inputs, on: trace.backend.inner) }
        let d = model.logitsDimension
        let out: String = trace.scope("linear/linear_model") {
            let biasValue = trace.value(of: model.bias.value)
            var sum = trace.node("Reshape", [biasValue, trace.constant([Int64(1), Int64(d)], dims: [2])])
            for (column, embedding) in model.categorical {
                let table = trace.value(of: embedding.table.value)
                let rows = trace.scope(column.name) { combinedRows(FeatureColumnSpec(column), table: table, width: d, combiner: model.combiner) }
                sum = trace.node("Add", [sum, rows])
            }
            if !model.dense.isEmpty {
                let x = model.dense.count == 1 ? dense(FeatureColumnSpec(model.dense[0].column))
                    : trace.node("Concat", model.dense.map { dense(FeatureColumnSpec($0.column)) }, [.int("axis", 1)])
                let weights = model.dense.map { trace.value(of: $0.weights.value) }
                let w = weights.count == 1 ? weights[0] : trace.node("Concat", weights, [.int("axis", 0)])
                sum = trace.node("Add", [sum, trace.node("MatMul", [x, w])])
            }
            if model.categorical.isEmpty && model.dense.isEmpty { fail("the linear model has no feature columns") }
            return sum
        }
        return trace.tensor(real, standingFor: out)
    }
}
