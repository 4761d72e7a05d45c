import Exports

extension ServingAPI {
    /// The signature names a model answers to: `serving_default` and `predict` (every output), and
    /// `classification` (`classes`, `scores`) or `regression` (`outputs`) as TF's canned estimators export them.
    static func signatureNames(_ signature: ExportSignature) -> [String] {
        var names = ["serving_default", "predict"]
        if isClassifier(signature) { names.append("classification") }
        if isRegressor(signature) { names.append("regression") }
        return names
    }

    static func isClassifier(_ s: ExportSignature) -> Bool { s.outputs.contains { $0.name == "probabilities" } }
    static func isRegressor(_ s: ExportSignature) -> Bool { !isClassifier(s) && s.outputs.contains { $0.name == "predictions" } }

    static func checkSignatureName(_ name: String?, _ signature: ExportSignature, allowed: [String]) throws(ServingError) {
        guard let name, !allowed.contains(name) else { return }
        let known = signatureNames(signature).filter { allowed.contains($0) }.map { "'\($0)'" }.joined(separator: ", ")
        throw .badRequest("unknown signature_name '\(name)'; this model answers \(known) here")
    }

    /// Runs the model; its input errors (a missing value without a default, …) are the request's fault.
    func run(_ model: any ServableModel, _ request: DecodedRequest) throws(ServingError) -> OutputSet {
        let outputs: [String: ExportOutput]
        do { outputs = try model.predict(request.table) } catch { throw .badRequest(error.description) }
        return try OutputSet(outputs, signature: model.signature, rows: request.table.rowCount)
    }

    func predict(_ model: any ServableModel, body: UnsafeRawBufferPointer) throws(ServingError) -> [UInt8] {
        let request = try RequestDecoder(signature: model.signature, maxRows: maxRows).decodePredict(body)
        let name = request.signatureName ?? "serving_default"
        try Self.checkSignatureName(name, model.signature, allowed: Self.signatureNames(model.signature))
        var set = try run(model, request)
        if name == "classification" {
            let (labels, scores, k) = try Self.classScores(set, model.signature)
            set.names = ["classes", "scores"]
            set.values = [.string(labels, shape: [set.rows, k]), .float32(scores, shape: [set.rows, k])]
        } else if name == "regression" {
            let values = try Self.regressionValues(set)
            set.names = ["outputs"]
            set.values = [.float32(values, shape: [set.rows, 1])]
        }
        return request.format == .rows ? ResponseEncoder.predictions(set) : ResponseEncoder.outputs(set)
    }

    func classify(_ model: any ServableModel, name: String, body: UnsafeRawBufferPointer) throws(ServingError) -> [UInt8] {
        guard Self.isClassifier(model.signature) else {
            throw .badRequest("model '\(name)' (\(model.signature.kind)) is not a classifier: use :regress or :predict")
        }
        let request = try RequestDecoder(signature: model.signature, maxRows: maxRows).decodeExamples(body)
        try Self.checkSignatureName(request.signatureName, model.signature, allowed: ["serving_default", "classification"])
        let set = try run(model, request)
        let (labels, scores, k) = try Self.classScores(set, model.signature)
        return ResponseEncoder.classification(labels: labels, scores: scores, rows: set.rows, classes: k)
    }

    func regress(_ model: any ServableModel, name: String, body: UnsafeRawBufferPointer) throws(ServingError) -> [UInt8] {
        guard Self.isRegressor(model.signature) else {
            throw .badRequest("model '\(name)' (\(model.signature.kind)) is not a regressor: use :classify or :predict")
        }
        let request = try RequestDecoder(signature: model.signature, maxRows: maxRows).decodeExamples(body)
        try Self.checkSignatureName(request.signatureName, model.signature, allowed: ["serving_default", "regression"])
        return ResponseEncoder.regression(try Self.regressionValues(try run(model, request)))
    }

    /// Every class's label and probability per row (n × k, row-major) and k.
    ///
    /// Labels come from an output of shape [n, k] (`all_classes`, or `classes` when it has k columns), else the
    /// signature's class names, else the class ids as text.
    static func classScores(_ set: OutputSet, _ signature: ExportSignature) throws(ServingError) -> ([String], [Float], Int) {
        guard case let .float32(scores, shape)? = set["probabilities"], shape.count == 2 else {
            throw ServingError(500, "the model gave no float32 'probabilities' of shape [batch, classes]")
        }
        let k = shape[1]
        for name in ["all_classes", "classes"] {
            if case let .string(labels, s)? = set[name], s == shape { return (labels, scores, k) }
        }
        let names = signature.classes.flatMap { $0.count == k ? $0 : nil } ?? (0..<k).map(String.init)
        var labels: [String] = []
        labels.reserveCapacity(set.rows * k)
        for _ in 0..<set.rows { labels.append(contentsOf: names) }
        return (labels, scores, k)
    }

    /// The first value of `predictions` per row.
    static func regressionValues(_ set: OutputSet) throws(ServingError) -> [Float] {
        guard case let .float32(values, shape)? = set["predictions"] else {
            throw ServingError(500, "the model gave no float32 'predictions'")
        }
        let per = shape.dropFirst().reduce(1, *)
        return per == 1 ? values : (0..<set.rows).map { values[$0 * per] }
    }
}
