import Exports
import FeatureColumns
import NN
import ONNX
import Tensors

/// Builds feature columns as ONNX nodes from the raw columns while a model function is traced for export.
///
/// Installed as ``FeatureTransforms/recorder``: ``DenseFeatures`` and the linear model hand it their batch, and it
/// returns a tensor standing for the same transform built from graph inputs, one per raw column (`[batch, 1]`).
/// Numeric columns read float32 inputs (normalisation in float64, as est computes it), vocabulary columns string
/// inputs looked up with ai.onnx.ml `LabelEncoder`, identity columns int64 inputs. Columns that need FarmHash (hash
/// buckets, crosses, vocabulary OOV buckets) are fed as their ids (`<column>_ids`, int64, -1 for none), which the
/// native runtime computes from the raw values (ONNX has no FarmHash). Every example has at most one id per column
/// (CSV columns hold one value), so combiners reduce to a masked gather.
final class FeatureGraph: FeatureTransformRecorder, @unchecked Sendable {
    let trace: Trace
    /// Rows of the traced batch.
    let batch: Int
    /// Raw columns in first-use order, and the graph inputs made from them.
    private(set) var inputs: [ExportSignature.Input] = []
    private(set) var graphInputs: [ExportSignature.GraphInput] = []
    /// Runs `body` with every exported variable holding its real (untraced) value.
    let withRealValues: (() -> Tensor) -> Tensor
    /// The first column that cannot be exported.
    private(set) var failure: ExportError?
    /// Raw columns read only to compute hashed ids outside the graph (any dtype goes).
    private var hashedOnly: Set<String> = []
    private var idsMemo: [String: (ids: String, weight: String?)] = [:]
    private var denseMemo: [String: String] = [:]

    func denseMemo(_ name: String) -> String? { denseMemo[name] }
    func rememberDense(_ name: String, _ value: String) { denseMemo[name] = value }

    init(trace: Trace, batch: Int, withRealValues: @escaping (() -> Tensor) -> Tensor) {
        (self.trace, self.batch, self.withRealValues) = (trace, batch, withRealValues)
    }

    func fail(_ problem: String, hint: String? = nil) {
        if failure == nil { failure = ExportError(problem, hint: hint) }
    }

    // MARK: Raw inputs

    /// The graph input for raw column `key` read as `dtype` (declared on first use); `required`: a missing cell is an error.
    func raw(_ key: String, _ dtype: DataType, defaultValue: Double? = nil, required: Bool = false) -> String {
        let name = Self.dtypeName(dtype)
        if let i = inputs.firstIndex(where: { $0.name == key }), hashedOnly.contains(key) {
            // Read so far only by hashed columns (whose ids are computed outside the graph): now also a graph input.
            hashedOnly.remove(key)
            inputs[i] = .init(name: key, dtype: name, defaultValue: defaultValue)
        } else if let i = inputs.firstIndex(where: { $0.name == key }) {
            if inputs[i].dtype != name {
                fail("column '\(key)' is read as \(inputs[i].dtype) by one feature column and as \(name) by another",
                     hint: "an export feeds each raw column once; use one kind of column per raw column")
            }
            if required { inputs[i].required = true }
            return key
        } else {
            inputs.append(.init(name: key, dtype: name, defaultValue: defaultValue))
        }
        if required { inputs[inputs.count - 1].required = true }
        graphInputs.append(.init(name: key, dtype: name, column: key))
        trace.declareInput(key, dtype: dtype, width: 1, batch: batch)
        return key
    }

    static func dtypeName(_ t: DataType) -> String {
        switch t {
        case .string: "string"
        case .int64: "int64"
        default: "float32"
        }
    }

    /// A numeric column's value `[batch, 1]` float32 as est computes it: a missing cell (NaN) takes the column's default,
    /// and the normaliser runs in float64 before the value is rounded to float32.
    func numeric(_ key: String, shape: [Int], defaultValue: Double?, normalizer: Normalizer) -> String {
        if shape.reduce(1, *) != 1 { fail("numeric column '\(key)' has shape \(shape); an export takes one value per column") }
        let x = raw(key, .float, required: defaultValue == nil)
        let (sub, div): (Double, Double)
        switch normalizer {
        case .none: (sub, div) = (0, 1)
        case let .zScore(m, s): (sub, div) = (m, s == 0 ? 1 : s)
        case let .minMax(lo, hi): (sub, div) = (lo, hi == lo ? 1 : hi - lo)
        }
        if defaultValue == nil && normalizer == .none { return x }
        if let d = defaultValue, normalizer == .none {
            // Float(Double(x)) == x: the default alone needs no float64 round trip.
            return trace.scope(key) { trace.node("Where", [trace.node("IsNaN", [x]), trace.constant([Float(d)], dims: []), x]) }
        }
        return trace.scope(key) {
            var x64 = trace.node("Cast", [x], [.int("to", Int64(DataType.double.rawValue))])
            if let d = defaultValue { x64 = trace.node("Where", [trace.node("IsNaN", [x64]), trace.constant([d], dims: []), x64]) }
            if normalizer != .none {
                x64 = trace.node("Div", [trace.node("Sub", [x64, trace.constant([sub], dims: [])]), trace.constant([div], dims: [])])
            }
            return trace.node("Cast", [x64], [.int("to", Int64(DataType.float.rawValue))])
        }
    }

    /// A float32 `[batch, 1]` input that only gives the number of rows (for models that read no feature: the baseline).
    ///
    /// Its graph input has neither a column nor ids: a caller feeds zeros, one per example.
    func rowsInput() -> String {
        let name = "example"
        if !graphInputs.contains(where: { $0.name == name }) {
            graphInputs.append(.init(name: name, dtype: "float32"))
            trace.declareInput(name, dtype: .float, width: 1, batch: batch)
        }
        return name
    }

    // MARK: Categorical ids

    /// A categorical column's ids `[batch, 1]` int64 (-1: none) and, for weighted columns, its weights `[batch, 1]`.
    func ids(_ spec: FeatureColumnSpec) -> (ids: String, weight: String?) {
        // Two columns may share a name (a vocabulary and a hash of one raw column): remember them by their whole spec.
        let memoKey = String(describing: spec)
        if let memo = idsMemo[memoKey] { return memo }
        let made: (String, String?) = trace.scope(spec.name) {
            switch spec {
            case let .vocabulary(key, vocabulary, defaultValue, numOOVBuckets) where numOOVBuckets == 0:
                let x = raw(key, .string)
                // est reads an empty cell as no value (TF's sparse conversion): "" maps to -1 whatever the vocabulary says.
                let words = vocabulary.enumerated().filter { !$0.element.isEmpty }
                let found = trace.node("LabelEncoder", [x], [.strings("keys_strings", words.map(\.element) + [""]),
                                                             .ints("values_int64s", words.map { Int64($0.offset) } + [-1]),
                                                             .int("default_int64", Int64(defaultValue))], domain: "ai.onnx.ml")
                return (found, nil)
            case let .identity(key, numBuckets, defaultValue):
                let x = raw(key, .int64, defaultValue: -1)
                guard let d = defaultValue else { return (x, nil) }
                let below = trace.node("Less", [x, trace.constant([Int64(0)], dims: [])])
                let above = trace.node("GreaterOrEqual", [x, trace.constant([Int64(numBuckets)], dims: [])])
                let outside = trace.node("Or", [below, above])
                let defaulted = trace.node("Where", [outside, trace.constant([Int64(d)], dims: []), x])
                let missing = trace.node("Equal", [x, trace.constant([Int64(-1)], dims: [])])
                return (trace.node("Where", [missing, x, defaulted]), nil)
            case let .bucketized(source, boundaries):
                guard case let .numeric(key, shape, defaultValue, _) = source else {
                    fail("bucketized column '\(spec.name)' has a source that is not numeric")
                    return ("", nil)
                }
                let x = numeric(key, shape: shape, defaultValue: defaultValue, normalizer: .none)
                let x64 = trace.node("Cast", [x], [.int("to", Int64(DataType.double.rawValue))])
                let below = trace.node("LessOrEqual", [trace.constant(boundaries, dims: [1, boundaries.count]), x64])
                let counts = trace.node("Cast", [below], [.int("to", Int64(DataType.int64.rawValue))])
                return (trace.node("ReduceSum", [counts, trace.constant([Int64(1)], dims: [1])], [.int("keepdims", 1)]), nil)
            case let .weighted(categorical, weightKey):
                let (ids, _) = ids(categorical)
                // A missing weight counts as 0, as est's weighted column reads it.
                let w = raw(weightKey, .float)
                return (ids, trace.node("Where", [trace.node("IsNaN", [w]), trace.constant([Float(0)], dims: []), w]))
            case .unsupported, .numeric, .indicator, .embedding:
                fail("feature column '\(spec.name)' gives no categorical ids", hint: "wrap categorical columns in indicator or embedding columns")
                return ("", nil)
            default:
                // Hash buckets, crosses and vocabularies with OOV buckets need FarmHash: their ids are a graph input.
                var name = "\(spec.name)_ids"
                var n = 2
                while graphInputs.contains(where: { $0.name == name }) {
                    name = "\(spec.name)_ids_\(n)"
                    n += 1
                }
                for key in Self.rawKeys(spec) where !inputs.contains(where: { $0.name == key }) {
                    inputs.append(.init(name: key, dtype: "string"))
                    hashedOnly.insert(key)
                }
                graphInputs.append(.init(name: name, dtype: "int64", ids: spec))
                trace.declareInput(name, dtype: .int64, width: 1, batch: batch)
                return (name, nil)
            }
        }
        idsMemo[memoKey] = made
        return made
    }

    /// The raw columns a categorical column reads.
    static func rawKeys(_ spec: FeatureColumnSpec) -> [String] {
        switch spec {
        case let .numeric(key, _, _, _), let .vocabulary(key, _, _, _), let .identity(key, _, _), let .hashBucket(key, _): [key]
        case let .bucketized(source, _): rawKeys(source)
        case let .crossed(keys, _):
            keys.flatMap { k -> [String] in
                switch k {
                case let .raw(s): [s]
                case let .column(c): rawKeys(c)
                }
            }
        case let .weighted(c, w): rawKeys(c) + [w]
        case let .indicator(c), let .embedding(c, _, _, _): rawKeys(c)
        case .unsupported: []
        }
    }

    /// `Cast(Equal(ids, [0, 1, …, n-1]))`: a one-hot float32 `[batch, n]` (all zeros for an id outside the range).
    func oneHot(_ ids: String, width: Int) -> String {
        let range = trace.constant((0..<Int64(width)).map { $0 }, dims: [1, width])
        return trace.node("Cast", [trace.node("Equal", [ids, range])], [.int("to", Int64(DataType.float.rawValue))])
    }
}
