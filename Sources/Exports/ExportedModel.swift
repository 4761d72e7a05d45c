import Datasets
import FeatureColumns
import ONNX
import Tensors

/// One output of an export for a batch: values row-major with their shape (first dimension the batch).
public enum ExportOutput: Sendable, Equatable {
    case float32([Float], shape: [Int])
    case int64([Int64], shape: [Int])
    case string([String], shape: [Int])

    /// The shape, first dimension the batch.
    public var shape: [Int] {
        switch self {
        case let .float32(_, s), let .int64(_, s), let .string(_, s): s
        }
    }

    /// The number of values per example (the product of the dimensions after the first).
    public var width: Int { shape.dropFirst().reduce(1, *) }
}

/// An export loaded for serving: `signature.json` checked against its files, `model.onnx` ready to run.
///
/// Runs without the model_dir and without the training code (the native runtime): the ONNX graph is
/// executed op by op on a backend (``Interpreter``: planned once at load, initializers uploaded once).
/// Thread-safe: `predict` may be called from several threads.
///
/// ```swift
/// let model = try ExportedModel(directory: "runs/main/export/latest/1764860000", backend: CPUBackend())
/// let out = try model.predict(try CSVReader.read(path: "new.csv").table)   // ["class_ids": .int64([…], shape: [n, 1]), …]
/// ```
public final class ExportedModel: Sendable {
    /// The export folder.
    public let directory: String
    /// Its `signature.json`.
    public let signature: ExportSignature
    /// The backend the graph runs on.
    public let backend: any Backend
    let interpreter: Interpreter
    /// The feature columns of `ids` graph inputs, built once (by graph input name).
    let idColumns: [String: any CategoricalColumn]
    /// Each raw input's default for a missing cell, by column.
    let defaults: [String: Double?]
    /// Concatenations of raw columns fed straight from the columns.
    let fused: [FusedColumns]
    /// How many raw columns are written straight into a concatenation (``FusedColumns``).
    public var fusedInputCount: Int { fused.reduce(0) { $0 + $1.inputs.count } }
    /// What the nodes a fusion replaces are fed (a value nothing reads).
    let placeholder: Tensor

    /// Loads the export in `directory` (a folder holding `signature.json`), checking every file's hash.
    ///
    /// Throws an ``ExportError`` naming the file (and field) for a missing, changed or malformed file, and naming the
    /// node for an op the runtime does not run.
    public init(directory: String, backend: any Backend) throws(ExportError) {
        self.directory = directory
        self.backend = backend
        let signature = try Self.readSignature(directory)
        try Self.checkFiles(signature, directory)
        let model = try Self.readModel(directory)
        try Self.checkGraph(model, signature)
        interpreter = try Interpreter(model: model, backend: backend)
        var columns = [String: any CategoricalColumn]()
        for g in signature.graphInputs {
            guard let spec = g.ids else { continue }
            do {
                guard let c = try spec.make() as? any CategoricalColumn else {
                    throw ExportError("signature.json: graph input '\(g.name)': ids of '\(spec.name)', which is no categorical column")
                }
                columns[g.name] = c
            } catch let e as ExportError {
                throw e
            } catch {
                throw ExportError("signature.json: graph input '\(g.name)': \(error)")
            }
        }
        idColumns = columns
        defaults = Dictionary(signature.inputs.map { ($0.name, $0.defaultValue) }, uniquingKeysWith: { a, _ in a })
        fused = FusedColumns.find(model, signature)
        placeholder = Tensor([Float](), shape: [0], on: backend)
        self.signature = signature
    }

    /// Runs the model on a batch of raw columns (by ``ExportSignature/inputs`` name; extra columns are ignored).
    ///
    /// Throws naming the column for a missing column, a value of the wrong type or a missing value without a default.
    public func predict(_ batch: Table) throws(ExportError) -> [String: ExportOutput] {
        try predict(batch, firstRow: 1)
    }

    /// ``predict(_:)`` where the batch's first row is row `firstRow` of a file (1 = the first data row), for messages.
    public func predict(_ batch: Table, firstRow: Int) throws(ExportError) -> [String: ExportOutput] {
        try predict(batch, rows: 0..<batch.rowCount, firstRow: firstRow)
    }

    /// ``predict(_:firstRow:)`` on rows `rows` of `table` (no copy of the table).
    func predict(_ table: Table, rows: Range<Int>, firstRow: Int) throws(ExportError) -> [String: ExportOutput] {
        let feeds = try feeds(table, rows: rows, firstRow: firstRow)
        let values = try interpreter.run(feeds)
        var out = [String: ExportOutput]()
        for o in signature.outputs {
            guard let v = values[o.name] else { continue }
            out[o.name] = Self.output(v)
        }
        return out
    }

    /// A runtime value as an ``ExportOutput`` (bool as 0/1 int64, float64 as float32, int32 as int64).
    static func output(_ v: RuntimeValue) -> ExportOutput {
        switch v {
        case let .strings(s): return .string(s.values, shape: s.shape.dims)
        case let .tensor(t):
            switch t.dtype {
            case .float32: return .float32(t.scalars(as: Float.self), shape: t.shape.dims)
            case .float64: return .float32(t.scalars(as: Double.self).map { Float($0) }, shape: t.shape.dims)
            case .int64: return .int64(t.scalars(as: Int64.self), shape: t.shape.dims)
            case .int32: return .int64(t.scalars(as: Int32.self).map(Int64.init), shape: t.shape.dims)
            case .bool: return .int64(t.scalars(as: Bool.self).map { $0 ? 1 : 0 }, shape: t.shape.dims)
            }
        }
    }
}
