/// A problem in a data file or in how it is used, with where it is and what to do.
///
/// `description` reads like a compiler diagnostic:
/// ```
/// data/train.csv:17:3: error: 'abc' is not a number (column 'age', inferred as float)
/// help: fix the value, leave the field empty for a missing value, or read the column as a string
/// ```
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file, as given.
    public var file: String
    /// 1-based line of the record (0 when the problem is not on one line).
    public var line: Int
    /// 1-based column (field number) in the record (0 when not about one field).
    public var column: Int
    /// What is wrong.
    public var problem: String
    /// What to do about it.
    public var hint: String

    public init(file: String, line: Int = 0, column: Int = 0, problem: String, hint: String) {
        (self.file, self.line, self.column, self.problem, self.hint) = (file, line, column, problem, hint)
    }

    public var location: String {
        line > 0 ? (column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)") : file
    }

    public var description: String { "\(location): error: \(problem)\nhelp: \(hint)" }

    /// How a user reads `column` as `type`, in the syntax they write: workspace.toml's `[data] types` and the CLI's
    /// `--type` (never Swift code).
    public static func retype(_ column: String, as type: ColumnType) -> String {
        let key = column.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") } ? column : "\"\(column)\""
        return "in workspace.toml: [data] types = { \(key) = \"\(type)\" } (or --set 'data.types={\(key)=\"\(type)\"}'); "
            + "for est inspect: --type \(column)=\(type)"
    }
}

/// Shortens a field for an error message and makes control bytes visible.
func excerpt(_ bytes: UnsafeRawBufferPointer, limit: Int = 40) -> String {
    var s = ""
    for b in bytes.prefix(limit) {
        switch b {
        case 0: s += "\\0"
        case 0x0A: s += "\\n"
        case 0x0D: s += "\\r"
        case 0x20...0x7E: s.append(Character(Unicode.Scalar(b)))
        default: s += String(format: "\\x%02X", b)
        }
    }
    return bytes.count > limit ? s + "…" : s
}

#if canImport(Glibc)
import Glibc
#endif
import Foundation
