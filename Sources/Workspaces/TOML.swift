/// A TOML value with the line it came from.
public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    var typeName: String {
        switch self {
        case .string: "a string"
        case .int: "an integer"
        case .float: "a float"
        case .bool: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }

    /// NaN equals NaN here: a parsed document compares equal to itself.
    public static func == (l: TOMLValue, r: TOMLValue) -> Bool {
        switch (l, r) {
        case let (.string(a), .string(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.float(a), .float(b)): a == b || (a.isNaN && b.isNaN)
        case let (.bool(a), .bool(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.table(a), .table(b)): a == b
        default: false
        }
    }
}

/// A TOML table: keys in file order, each with its value and line.
public struct TOMLTable: Sendable, Equatable {
    public var entries: [String: TOMLValue] = [:]
    public var lines: [String: Int] = [:]
    public var order: [String] = []
    /// The line of the table's header (0 for the root).
    public var line = 0

    public init() {}

    public subscript(key: String) -> TOMLValue? { entries[key] }

    /// Sets `key` to `value`, remembering the line it came from (appended to the order when new).
    public mutating func set(_ key: String, _ value: TOMLValue, line: Int) {
        if entries[key] == nil { order.append(key) }
        entries[key] = value
        lines[key] = line
    }

    public static func == (l: TOMLTable, r: TOMLTable) -> Bool { l.order == r.order && l.entries == r.entries }
}

/// A syntax error in a TOML file, with its line and column.
public struct TOMLError: Error, CustomStringConvertible, Sendable {
    public var file: String, line: Int, column: Int, problem: String
    public init(file: String, line: Int, column: Int, problem: String) {
        (self.file, self.line, self.column, self.problem) = (file, line, column, problem)
    }
    public var description: String {
        "\(file):\(line):\(column): error: \(problem)\nhelp: see https://toml.io for the syntax; est's workspace keys are in docs/workspaces.md"
    }
}
