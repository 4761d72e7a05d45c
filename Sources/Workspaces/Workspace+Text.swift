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
