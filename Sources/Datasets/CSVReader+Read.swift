extension CSVReader {
    /// Reads a whole file into memory (in parallel), widening int columns to float where needed.
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws(DataError)
        -> (table: Table, skippedRows: Int, problems: [DataError]) {
        var opts = options
        while true {
            let reader = try CSVReader(path: path, options: opts)
            var blocks: [Table] = []
            do throws(DataError) {
                while let b = try reader.next() { blocks.append(b) }
                let table = blocks.isEmpty
                    ? Table(names: reader.names, columns: reader.types.map { emptyColumn($0) })
                    : Table.concatenate(blocks)
                return (table, reader.skippedRows, reader.problems)
            } catch {
                if let w = reader.widenColumn {
                    opts.types[reader.names[w]] = .float
                    continue
                }
                throw error
            }
        }
    }
}
