extension ColumnStatistics {
    /// Statistics over several CSV files read as one table (a training set split into parts).
    ///
    /// Every file must have the same header. Column types are unified across the files before
    /// reading (int and float give float; anything with text gives string; bool stays bool only
    /// if it is bool everywhere), so a column whose first file holds only integers still reads
    /// a later file's decimals. `options.types` still overrides.
    public static func compute(csv paths: [String], options: CSVOptions = CSVOptions(), topK: Int = 10) throws(DataError)
        -> (rows: Int, columns: [ColumnStatistics]) {
        precondition(!paths.isEmpty, "ColumnStatistics.compute: no files")
        if paths.count == 1 {
            let (rows, columns, _) = try compute(csv: paths[0], options: options, topK: topK)
            return (rows, columns)
        }
        let first = try CSVReader(path: paths[0], options: options)
        var types = first.types
        for path in paths.dropFirst() {
            let r = try CSVReader(path: path, options: options)
            guard r.names == first.names else {
                throw DataError(file: path, line: 1, problem: "the header differs from \(paths[0])'s: \(r.names.joined(separator: ","))",
                                hint: "every training file needs the same columns in the same order: \(first.names.joined(separator: ","))")
            }
            types = zip(types, r.types).map(unify)
        }
        var unified = options
        for (name, type) in zip(first.names, types) where options.types[name] == nil { unified.types[name] = type }
        var acc = StatisticsAccumulator(names: first.names, types: types, topK: topK)
        for path in paths {
            let reader = try CSVReader(path: path, options: unified)
            while let block = try reader.next() { acc.add(block) }
        }
        return (acc.rows, acc.finish())
    }

    /// The type that reads the values of both.
    static func unify(_ a: ColumnType, _ b: ColumnType) -> ColumnType {
        switch (a, b) {
        case _ where a == b: a
        case (.int, .float), (.float, .int): .float
        default: .string
        }
    }
}
