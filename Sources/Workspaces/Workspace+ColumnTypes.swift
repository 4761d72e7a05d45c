import Datasets

extension Workspace {
    /// `[data] types = { column = "string" }`: columns read with a type of the user's choosing instead of the one
    /// inferred from the first rows (as `--type column=string` does for `est inspect`).
    static func columnTypes(_ data: TOMLTable, _ c: Checker) throws -> [String: ColumnType] {
        guard let v = data["types"] else { return [:] }
        let line = data.lines["types"] ?? data.line
        let names = ColumnType.allCases.map(\.rawValue).joined(separator: ", ")
        guard case let .table(t) = v else {
            throw WorkspaceError(file: c.file, line: line, problem: "'types' must be a table, got \(v.typeName)",
                                 hint: "for example types = { zip_code = \"string\" } (one of: \(names))")
        }
        var out: [String: ColumnType] = [:]
        for key in t.order {
            guard case let .string(s)? = t[key], let type = ColumnType(rawValue: s.lowercased()) else {
                throw WorkspaceError(file: c.file, line: t.lines[key] ?? line, problem: "[data] types: '\(key)' has no column type",
                                     hint: "give one of: \(names), for example \(key) = \"string\"")
            }
            out[key] = type
        }
        return out
    }

    /// How the workspace's CSV files are read: its delimiter and its `[data] types`.
    public var csvOptions: CSVOptions { CSVOptions(delimiter: delimiter, types: columnTypes) }
}
