import Datasets
import Exports
import Foundation
import Tensors

extension PredictCommand {
    /// `est predict --export DIR`: the export's outputs for every row of `--data`, streamed in batches.
    func runExport(_ directory: String) throws {
        guard options.workspace == nil, options.modelDir == nil, options.sets.isEmpty, checkpoint == nil else {
            throw UsageError(description: "--export runs an export on its own: drop the WORKSPACE, --model-dir, --set and --checkpoint "
                             + "(or drop --export to predict with a checkpoint)")
        }
        // Batches run side by side on single-threaded kernels: no thread waits inside an op (docs/export.md).
        let backend = CPUBackendFactory.make(threads: 1)
        let workers = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let model: ExportedModel
        do { model = try ExportedModel(directory: directory, backend: backend) } catch { throw ExportFailure(error) }
        // A classifier's `all_class_ids` and `all_classes` (TF's, the same for every row) come from signature.json's classes.
        let classes = model.signature.classes
        var keys = (model.signature.outputs.map(\.name) + (classes == nil ? [] : ["all_class_ids", "all_classes"])).sorted()
        if let wanted = self.keys.map({ $0.split(separator: ",").map(String.init) }) {
            for k in wanted where !keys.contains(k) {
                throw UsageError(description: "--keys: the export has no output '\(k)' (it has: \(keys.joined(separator: ", ")))")
            }
            keys = keys.filter(wanted.contains)
        }
        let sink = try PredictionSink(path: out)
        var count = 0
        do {
            // The header goes out with the first batch, so a file that cannot be read prints nothing.
            var started = false
            func start() throws {
                if !started { try sink.write(options.json ? "{\"predictions\":[" : keys.joined(separator: ",") + "\n") }
                started = true
            }
            count = try model.predict(csv: data, threads: workers) { _, computed in
                try start()
                let outputs = Self.withAllClasses(computed, classes: classes, keys: keys)
                try sink.write(options.json ? Self.jsonRows(outputs, keys: keys, first: count == 0) : Self.csvRows(outputs, keys: keys))
                count += outputs.values.first?.shape.first ?? 0
            }
            try start()
            if options.json { try sink.write("]}\n") }
            try sink.finish()
        } catch let e as ExportError {
            sink.abandon()
            throw ExportFailure(e)
        } catch {
            sink.abandon()
            throw error
        }
        if let out, !options.json { print("wrote \(count) predictions to \(out)") }
    }

    /// `outputs` plus `all_class_ids` and `all_classes` for each row when they are among `keys`.
    static func withAllClasses(_ outputs: [String: ExportOutput], classes: [String]?, keys: [String]) -> [String: ExportOutput] {
        guard let classes, keys.contains(where: { $0.hasPrefix("all_class") }) else { return outputs }
        let n = outputs.values.first?.shape.first ?? 0, k = classes.count
        var out = outputs
        out["all_class_ids"] = .int64(Array([[Int64]](repeating: (0..<Int64(k)).map { $0 }, count: n).joined()), shape: [n, k])
        out["all_classes"] = .string(Array([[String]](repeating: classes, count: n).joined()), shape: [n, k])
        return out
    }

    /// The value of output `o` for row `r`, as `est predict` writes a cell: values joined by spaces.
    static func cell(_ o: ExportOutput, _ r: Int) -> String {
        let w = o.width
        let text: String = switch o {
        case let .float32(v, _): v[r * w..<(r + 1) * w].map { "\($0)" }.joined(separator: " ")
        case let .int64(v, _): v[r * w..<(r + 1) * w].map(String.init).joined(separator: " ")
        case let .string(v, _): v[r * w..<(r + 1) * w].joined(separator: " ")
        }
        return text.contains(",") ? "\"\(text)\"" : text
    }

    static func csvRows(_ outputs: [String: ExportOutput], keys: [String]) -> String {
        let columns = keys.compactMap { outputs[$0] }
        let rows = columns.first?.shape.first ?? 0
        var text = ""
        text.reserveCapacity(rows * 16 * Swift.max(columns.count, 1))
        for r in 0..<rows {
            text += columns.map { cell($0, r) }.joined(separator: ",")
            text += "\n"
        }
        return text
    }

    /// Rows as `est predict --json` writes them: one object per row, a scalar for a one-value output, else a list.
    static func jsonRows(_ outputs: [String: ExportOutput], keys: [String], first: Bool) -> String {
        let rows = outputs.values.first?.shape.first ?? 0
        var parts = [String]()
        parts.reserveCapacity(rows)
        for r in 0..<rows {
            var object = [String: Any]()
            for k in keys {
                guard let o = outputs[k] else { continue }
                let w = o.width
                switch o {
                case let .float32(v, _): object[k] = w == 1 ? Double(v[r]) as Any : v[r * w..<(r + 1) * w].map(Double.init)
                case let .int64(v, _): object[k] = w == 1 ? v[r] as Any : Array(v[r * w..<(r + 1) * w])
                case let .string(v, _): object[k] = w == 1 ? v[r] as Any : Array(v[r * w..<(r + 1) * w])
                }
            }
            let safe = WorkspaceCommands.jsonSafe(object)
            let data = try? JSONSerialization.data(withJSONObject: safe, options: [.sortedKeys, .withoutEscapingSlashes])
            parts.append(String(decoding: data ?? Data("{}".utf8), as: UTF8.self))
        }
        return (first || parts.isEmpty ? "" : ",") + parts.joined(separator: ",")
    }
}

/// An export that cannot be loaded or run, said as one `est: error:` line.
struct ExportFailure: Error, CustomStringConvertible {
    let error: ExportError
    init(_ error: ExportError) { self.error = error }
    var description: String { "est: error: \(error)" }
}

/// A prediction file that cannot be written.
struct SinkError: Error, CustomStringConvertible {
    let description: String
}

/// Where streamed predictions go: standard output, or a temporary file renamed over `--out` once complete.
final class PredictionSink {
    private let path: String?
    private let temp: String?
    private let handle: FileHandle

    init(path: String?) throws {
        self.path = path
        guard let path else {
            (temp, handle) = (nil, FileHandle.standardOutput)
            return
        }
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        guard FileManager.default.createFile(atPath: temp, contents: nil), let h = FileHandle(forWritingAtPath: temp) else {
            throw SinkError(description: "\(path): cannot create \(temp)")
        }
        (self.temp, handle) = (temp, h)
    }

    func write(_ text: String) throws {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw SinkError(description: "\(path ?? "standard output"): write failed: \(error)")
        }
    }

    /// Flushes and renames the temporary file into place.
    func finish() throws {
        guard let path, let temp else { return }
        try handle.synchronize()
        try handle.close()
        guard rename(temp, path) == 0 else { throw SinkError(description: "\(path): cannot rename \(temp) into place") }
    }

    /// Removes the temporary file after a failure (the previous `--out` file, if any, stays).
    func abandon() {
        guard let temp else { return }
        try? handle.close()
        unlink(temp)
    }
}
