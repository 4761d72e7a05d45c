import Foundation

extension Workspace {
    /// Reads a workspace from the text of a `workspace.toml` that may not be on disk yet (the workbench's draft).
    ///
    /// `folder` is where the file lives or will live: paths in the text are relative to it. Errors are those of
    /// ``load(_:overrides:)``, with `file` as the place they name.
    public static func parse(text: String, folder: String, file: String? = nil) throws -> Workspace {
        let path = file ?? folder + "/workspace.toml"
        let root = try TOMLParser.parse(text, file: path)
        return try Workspace(folder: folder, root: root, file: path)
    }
}

extension Workspace {
    /// The text of a `workspace.toml` with `--set section.key=value` overrides written into it (through
    /// ``TOMLDocument``: comments and key order kept), for a workspace that is still a draft (`est data.csv --set …`).
    public static func applying(_ overrides: [String], to text: String, file: String) throws -> String {
        var doc = try TOMLDocument(text: text, file: file)
        for o in overrides {
            var parsed = TOMLTable()
            try apply(override: o, to: &parsed)
            let path = o[..<(o.firstIndex(of: "=") ?? o.endIndex)].split(separator: ".").map(String.init)
            var value: TOMLValue? = .table(parsed)
            for key in path { if case let .table(t)? = value { value = t[key] } else { value = nil } }
            guard let value else { continue }
            try doc.set(value, at: path)
        }
        return doc.text
    }
}
