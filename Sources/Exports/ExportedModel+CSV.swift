import Datasets
import Foundation

extension ExportedModel {
    /// The CSV options that read this export's raw columns as it takes them: string inputs as text (so `007` stays
    /// `007`), numeric inputs as numbers; other columns as inferred. Only columns of `header` are typed.
    public func csvOptions(header: [String], threads: Int) -> CSVOptions {
        var options = CSVOptions(threads: threads)
        let present = Set(header)
        for g in signature.graphInputs {
            guard let column = g.column, present.contains(column) else { continue }
            options.types[column] = g.dtype == "string" ? .string : g.dtype == "int64" ? .int : .float
        }
        return options
    }

    /// Streams a CSV file through the model: `body` gets each batch's first row (1 = the file's first data row) and outputs.
    ///
    /// The file is parsed on `threads` threads in a background thread while the model runs, in batches of at most
    /// `batchSize` rows (a batch never straddles two of the reader's blocks); memory stays within a few blocks.
    /// Throws the reader's `DataError` for a bad file and an ``ExportError`` naming the column and row for a bad value.
    /// Returns the number of rows predicted.
    @discardableResult
    public func predict(csv path: String, batchSize: Int = 8192, threads: Int = 2,
                        _ body: (_ firstRow: Int, _ outputs: [String: ExportOutput]) throws -> Void) throws -> Int {
        precondition(batchSize > 0, "predict(csv:): batchSize must be positive, got \(batchSize)")
        let header = try CSVReader(path: path, options: CSVOptions(threads: 1)).names
        let reader = try CSVReader(path: path, options: csvOptions(header: header, threads: threads))
        nonisolated(unsafe) let source = reader
        let blocks = BackgroundProducer<Table>(capacity: 2, name: "est-predict-csv") { try source.next() }
        var row = 1
        while let block = try blocks.next() {
            var start = 0
            while start < block.rowCount {
                let end = Swift.min(start + batchSize, block.rowCount)
                let batch = start == 0 && end == block.rowCount ? block : block.slice(start..<end)
                try body(row, try predict(batch, firstRow: row))
                row += end - start
                start = end
            }
        }
        return row - 1
    }
}
