/// What to do with a row that cannot be read.
public enum BadRowPolicy: String, Sendable, Codable {
    /// Stop with an error naming the file, line, column and value (the default).
    case fail
    /// Leave the row out, count it, and report the count (and the first problems).
    case skip
}

/// How to read a CSV file.
public struct CSVOptions: Sendable {
    /// The field separator (one byte; `,` by default).
    public var delimiter: UInt8 = 0x2C
    /// Column types that override inference, by column name.
    public var types: [String: ColumnType] = [:]
    /// What to do with bad rows.
    public var badRows: BadRowPolicy = .fail
    /// How many bytes from the start of the file decide the inferred types.
    public var inferenceBytes = 1 << 20
    /// The size of the blocks the file is read and parsed in (rows never straddle blocks).
    public var chunkBytes = 4 << 20
    /// Threads that parse blocks in parallel.
    public var threads = 2

    public init(delimiter: Character = ",", types: [String: ColumnType] = [:], badRows: BadRowPolicy = .fail, threads: Int? = nil) {
        precondition(delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r",
                     "CSVOptions: delimiter must be one ASCII byte other than a quote or line break, got '\(delimiter)'")
        self.delimiter = delimiter.asciiValue!
        self.types = types
        self.badRows = badRows
        if let threads { self.threads = Swift.max(1, threads) } else {
            #if canImport(Glibc)
            self.threads = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
            #endif
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
