import Datasets
import Dispatch
import Foundation
import Synchronization

extension ExportedModel {
    /// The CSV options that read this export's raw columns as it takes them: string inputs as text (so `007` stays `007`),
    /// float inputs that looked like integers in the first rows as floats (so a decimal further on is no error); other
    /// columns as `inferred` (the types a reader inferred, by header name).
    public func csvOptions(inferred: [String: ColumnType], threads: Int) -> CSVOptions {
        var options = CSVOptions(threads: threads)
        for g in signature.graphInputs {
            guard let column = g.column, let type = inferred[column] else { continue }
            if g.dtype == "string" { options.types[column] = .string }
            if g.dtype == "float32" && type == .int { options.types[column] = .float }
        }
        return options
    }

    /// Streams a CSV file through the model: `body` gets each batch's first row (1 = the file's first data row) and outputs.
    ///
    /// The file is parsed on `threads` threads in a background thread while the model runs on batches of at most `batchSize`
    /// rows (a batch never straddles two of the reader's blocks), up to `threads` batches at once; `body` sees them in file
    /// order, on the calling thread. Memory stays within a few blocks. For throughput give the model a single-threaded backend
    /// (e.g. `CPUBackend(threads: 1)`): batches then run side by side, with no thread waiting inside an op.
    /// Throws the reader's `DataError` for a bad file and an ``ExportError`` naming the column and row for a bad value.
    /// Returns the number of rows predicted.
    @discardableResult
    public func predict(csv path: String, batchSize: Int = 2048, threads: Int = 2,
                        _ body: (_ firstRow: Int, _ outputs: [String: ExportOutput]) throws -> Void) throws -> Int {
        precondition(batchSize > 0 && threads > 0, "predict(csv:): batchSize and threads must be positive, got \(batchSize), \(threads)")
        let first = try CSVReader(path: path, options: CSVOptions(threads: 1))
        let inferred = Dictionary(zip(first.names, first.types), uniquingKeysWith: { a, _ in a })
        let reader = try CSVReader(path: path, options: csvOptions(inferred: inferred, threads: threads))
        nonisolated(unsafe) let source = reader
        let blocks = BackgroundProducer<Table>(capacity: 2, name: "est-predict-csv") { try source.next() }
        // Only the columns the export reads (all of them when one is missing, for the error, or when it reads none: the rows count).
        let needed = Array(Set(signature.inputs.map(\.name) + idColumns.values.flatMap(\.keys))).sorted()
        var row = 1
        while let next = try blocks.next() {
            let block = !needed.isEmpty && needed.allSatisfy({ next[$0] != nil }) ? Table(names: needed, columns: needed.map { next[$0]! }) : next
            let starts = Array(stride(from: 0, to: block.rowCount, by: batchSize))
            let batches = starts.map { $0..<Swift.min($0 + batchSize, block.rowCount) }
            var results = [Result<[String: ExportOutput], ExportError>?](repeating: nil, count: batches.count)
            let first = row
            let next = Atomic<Int>(0)
            results.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                // Each worker takes the next batch not yet taken, so a slow batch does not hold the others back.
                DispatchQueue.concurrentPerform(iterations: Swift.min(threads, batches.count)) { _ in
                    while case let k = next.add(1, ordering: .relaxed).oldValue, k < batches.count {
                        do throws(ExportError) {
                            out[k] = .success(try predict(block, rows: batches[k], firstRow: first + starts[k]))
                        } catch { out[k] = .failure(error) }
                    }
                }
            }
            for (k, result) in results.enumerated() {
                try body(first + starts[k], try result!.get())
            }
            row += block.rowCount
        }
        return row - 1
    }
}
