import Foundation
import Workspaces

/// The `workspace.toml` the Model and Input screens edit: its text as edited, and as it is on disk.
///
/// Screens never write it: they ask the root (``ScreenRequest/setWorkspace(path:value:)``,
/// ``ScreenRequest/saveWorkspace``), which edits ``text`` through ``TOMLDocument`` (comments and key order kept) and
/// saves it with a guarded atomic write (refused when the file changed outside since it was read).
/// A workspace opened from a CSV (`est open data.csv`) has no file yet (``onDisk`` nil) until it is saved or trained.
public struct WorkspaceDraft: Equatable, Sendable {
    /// The workspace folder (it may not exist yet).
    public var folder: String
    /// `<folder>/workspace.toml`.
    public var file: String
    /// The text last read from or written to ``file``; nil while nothing is written.
    public var onDisk: String?
    /// The text with the screens' edits.
    public var text: String
    /// The file's text after a change outside est while there were unsaved edits (`:reload-workspace` takes it).
    public var changedOutside: String?

    public init(folder: String, text: String, onDisk: String?) {
        self.folder = folder
        file = (folder as NSString).appendingPathComponent("workspace.toml")
        (self.text, self.onDisk) = (text, onDisk)
    }

    /// Edits not saved yet (a draft never written counts as unsaved).
    public var isDirty: Bool { text != onDisk }

    /// The text as a document (nil when it does not parse, which edits through ``TOMLDocument`` never cause).
    public var document: TOMLDocument? { try? TOMLDocument(text: text, file: file) }

    /// The value at a key path (`["estimator", "hidden_units"]`) in the edited text.
    public func value(at path: [String]) -> TOMLValue? { document?.value(at: path) }

    /// The edited text read as a workspace, or the error that names the key and line.
    public func workspace() -> Result<Workspace, Error> {
        Result { try Workspace.parse(text: text, folder: folder, file: file) }
    }

    /// The lines that saving would change, `diff -u` style with two lines of context.
    public var diffFromDisk: [DiffLine] { TOMLDocument.diff(from: onDisk ?? "", to: text) }
}
