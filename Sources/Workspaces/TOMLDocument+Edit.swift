import Foundation
import Tensors

extension TOMLDocument {
    /// Sets the value at `path` (`["estimator", "hidden_units"]`), replacing only the value's text.
    ///
    /// Comments (a trailing one on the key's line too), blank lines and key order are kept. A key that does not
    /// exist goes after the last key of its table; a table that does not exist is appended at the end of the file.
    /// The edited text is parsed again and must give `value` at `path`, or this throws and the document is unchanged.
    ///
    /// ```swift
    /// var doc = try TOMLDocument(text: original, file: "workspace.toml")
    /// try doc.set(.array([.int(128), .int(64)]), at: ["estimator", "hidden_units"])
    /// let shown = TOMLDocument.diff(from: original, to: doc.text).unified(context: 2)
    /// try doc.save(to: path, expecting: original)
    /// ```
    public mutating func set(_ value: TOMLValue, at path: [String]) throws(WorkspaceError) {
        precondition(!path.isEmpty, "TOMLDocument.set needs a key path, got []")
        var chars = Array(text.unicodeScalars)
        let rendered = Self.render(value)
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        let line: Int
        if let e = entry(at: path) {
            chars.replaceSubrange(e.valueStart..<e.valueEnd, with: rendered.unicodeScalars)
            line = e.line
        } else if let (section, key) = home(for: path) {
            let at = entries.last { $0.table == section.table }?.lineEnd ?? section.bodyStart
            var insert = "\(key.map(Self.renderKey).joined(separator: ".")) = \(rendered)\(newline)"
            if at > 0, chars[at - 1] != "\n" { insert = newline + insert }
            chars.insert(contentsOf: insert.unicodeScalars, at: at)
            line = chars[..<at].count { $0 == "\n" } + (at > 0 && insert.hasPrefix(newline) ? 2 : 1)
        } else {
            let table = Array(path.dropLast())
            if let element = table.first(where: { $0.hasSuffix("]") && $0.contains("[") }) {
                throw WorkspaceError(file: file, line: 0, problem: "cannot set '\(Self.dotted(path))': there is no table '\(element)'",
                                     hint: "add the [[…]] table first; only existing elements of an array of tables can be edited")
            }
            var tail = chars.isEmpty || chars.last == "\n" ? "" : newline
            if !chars.isEmpty { tail += newline }
            tail += "[\(table.map(Self.renderKey).joined(separator: "."))]\(newline)"
            tail += "\(Self.renderKey(path.last!)) = \(rendered)\(newline)"
            line = chars.count { $0 == "\n" } + tail.unicodeScalars.count { $0 == "\n" }
            chars.append(contentsOf: tail.unicodeScalars)
        }
        try replaceText(String(String.UnicodeScalarView(chars)), checking: path, is: value, line: line)
    }

    /// Deletes the line of the key at `path` (with its trailing comment); throws if there is no such key.
    public mutating func remove(at path: [String]) throws(WorkspaceError) {
        guard let e = entry(at: path) else {
            throw WorkspaceError(file: file, line: 0, problem: "cannot remove '\(Self.dotted(path))': no such key", hint: "check the key's name")
        }
        var chars = Array(text.unicodeScalars)
        chars.removeSubrange(e.lineStart..<e.lineEnd)
        try replaceText(String(String.UnicodeScalarView(chars)), checking: path, is: nil, line: e.line)
    }

    /// Where a new key at `path` goes: the deepest existing table among its prefixes (the rest of the path becomes
    /// a dotted key), preferring the table the path names directly. Nil when only the root would do and the path is
    /// longer than one key (a new table is appended then).
    func home(for path: [String]) -> (Section, [String])? {
        for split in stride(from: path.count - 1, through: 0, by: -1) {
            let table = Array(path[..<split])
            guard let s = section(at: table) else { continue }
            if split == path.count - 1 || (split > 0 && entries.contains { $0.table == table && $0.key.count > 1
                && Array($0.key.prefix(path.count - 1 - split)) == Array(path[split..<(path.count - 1)]) }) {
                return (s, Array(path[split...]))
            }
        }
        return nil
    }

    /// Adopts `edited` after checking that it parses and has `value` at `path` (nil: no key there).
    mutating func replaceText(_ edited: String, checking path: [String], is value: TOMLValue?, line: Int) throws(WorkspaceError) {
        var copy = self
        copy.text = edited
        do {
            try copy.reindex()
        } catch {
            throw WorkspaceError(file: file, line: line, problem: "editing '\(Self.dotted(path))' would make invalid TOML: \(error.problem)",
                                 hint: "the file was not changed; edit it by hand if the table layout is unusual")
        }
        guard copy.value(at: path) == value else {
            throw WorkspaceError(file: file, line: line, problem: "editing '\(Self.dotted(path))' did not read back as intended",
                                 hint: "the file was not changed; edit it by hand if the table layout is unusual")
        }
        self = copy
    }

    /// Writes the text to `path` atomically (a temporary file, then a rename), unless the file on disk is no longer
    /// `original` (it was edited outside while open): then nothing is written and the error says to reload.
    public func save(to path: String, expecting original: String) throws(WorkspaceError) {
        let onDisk: String
        do {
            onDisk = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw WorkspaceError(file: path, line: 0, problem: "cannot read \(path) before saving: \(error.localizedDescription)",
                                 hint: "check that the file still exists, then reload the workspace")
        }
        guard onDisk == original else {
            throw WorkspaceError(file: path, line: 0, problem: "\(path) was changed outside est since it was opened; not saving over it",
                                 hint: "reload the workspace to see the other change, then apply the edit again")
        }
        do {
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: path))
        } catch {
            throw WorkspaceError(file: path, line: 0, problem: "cannot save: \(error)", hint: "check the folder's permissions and free space")
        }
    }

    static func dotted(_ path: [String]) -> String { path.map(renderKey).joined(separator: ".") }
}
