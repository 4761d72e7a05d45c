import Foundation

/// A stage of an iterator pipeline: yields blocks of rows (or whole batches) until it ends.
protocol BlockStream: AnyObject {
    func next() throws -> Table?
}

/// An input pipeline over tables of typed columns, like `tf.data.Dataset`.
///
/// A dataset is a recipe; ``makeIterator()`` runs it. Before ``batch(_:dropRemainder:)`` an
/// element is a row (the stream carries blocks of rows for speed); after it, an element is a
/// batch, and `take`, `skip`, `shard`, `shuffle` count batches. Every random choice comes from
/// the given seed (and the epoch), so a pipeline gives the same batches on every run.
///
/// ```swift
/// let train = try Dataset.csv(["data/train.csv"])
///     .shuffle(buffer: 10_000, seed: 42)
///     .repeat()
///     .batch(256)
///     .prefetch(2)
/// let it = try train.makeIterator()
/// let batch = try it.next()!   // a Table with 256 rows
/// ```
public struct Dataset: @unchecked Sendable {
    /// Makes the stream for one epoch (shuffles reseed per epoch).
    let make: (_ epoch: Int) throws -> any BlockStream
    /// Whether elements are batches.
    public let isBatched: Bool
    /// The column names every element has.
    public let names: [String]

    init(names: [String], isBatched: Bool, make: @escaping (Int) throws -> any BlockStream) {
        self.names = names
        self.isBatched = isBatched
        self.make = make
    }

    /// Runs the pipeline.
    public func makeIterator() throws -> DatasetIterator { DatasetIterator(try make(0)) }

    /// Every element, as one table (use on small or finite data).
    public func collect() throws -> Table {
        let it = try makeIterator()
        var parts: [Table] = []
        while let t = try it.next() { parts.append(t) }
        return parts.isEmpty ? Table(names: names, columns: names.map { _ in Column(.float([])) }) : Table.concatenate(parts)
    }

    // MARK: Sources

    /// Rows of an in-memory table.
    public static func table(_ table: Table, blockRows: Int = 8192) -> Dataset {
        Dataset(names: table.names, isBatched: false) { _ in TableStream(table, blockRows: blockRows) }
    }

    /// Rows of one or more CSV files, in order; `patterns` may hold globs (`data/part-*.csv`).
    ///
    /// Types are inferred from the first file and used for all of them; every file must have
    /// the same header.
    public static func csv(_ patterns: [String], options: CSVOptions = CSVOptions()) throws(DataError) -> Dataset {
        var files: [String] = []
        for p in patterns {
            let matches = glob(p)
            if matches.isEmpty {
                throw DataError(file: p, problem: p.contains("*") || p.contains("?") ? "no file matches the pattern" : "no such file",
                                hint: "check the path; relative paths start from the current folder")
            }
            files += matches
        }
        let first = try CSVReader(path: files[0], options: options)
        var opts = options
        for (n, t) in zip(first.names, first.types) { opts.types[n] = t }
        for f in files.dropFirst() {
            let r = try CSVReader(path: f, options: options)
            if r.names != first.names {
                throw DataError(file: f, line: 1,
                    problem: "header differs from \(files[0]): \(r.names.joined(separator: ",")) vs \(first.names.joined(separator: ","))",
                                hint: "every file of one dataset needs the same columns in the same order")
            }
        }
        let fileList = files
        // The reader parses ahead on its own thread so parsing overlaps the stages downstream.
        return Dataset(names: first.names, isBatched: false) { _ in PrefetchStream(CSVStream(files: fileList, options: opts), capacity: 2) }
    }

    /// The files a glob pattern matches, sorted (the pattern itself when it has no wildcard).
    static func glob(_ pattern: String) -> [String] {
        if !pattern.contains(where: { "*?[".contains($0) }) {
            return FileManager.default.fileExists(atPath: pattern) ? [pattern] : []
        }
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}

/// Pulls elements out of a running pipeline.
public final class DatasetIterator {
    let stream: any BlockStream
    init(_ stream: any BlockStream) { self.stream = stream }

    /// The next element (a block of rows, or a batch), or `nil` at the end.
    public func next() throws -> Table? {
        while let t = try stream.next() {
            if t.rowCount > 0 { return t }
        }
        return nil
    }
}

final class TableStream: BlockStream {
    let table: Table
    let blockRows: Int
    var cursor = 0
    init(_ table: Table, blockRows: Int) { (self.table, self.blockRows) = (table, blockRows) }
    func next() throws -> Table? {
        guard cursor < table.rowCount else { return nil }
        let end = Swift.min(table.rowCount, cursor + blockRows)
        defer { cursor = end }
        return cursor == 0 && end == table.rowCount ? table : table.slice(cursor..<end)
    }
}

final class CSVStream: BlockStream {
    let files: [String]
    let options: CSVOptions
    var index = 0
    var reader: CSVReader?
    init(files: [String], options: CSVOptions) { (self.files, self.options) = (files, options) }
    func next() throws -> Table? {
        while true {
            if reader == nil {
                guard index < files.count else { return nil }
                reader = try CSVReader(path: files[index], options: options)
                index += 1
            }
            if let t = try reader!.next() { return t }
            reader = nil
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
