/// One key of the `[estimator]` table as a form field: its type, default, allowed range and a short help.
public struct HyperParameter: Sendable, Equatable {
    /// What a field holds.
    public enum ValueType: Sendable, Equatable {
        case int, float, bool
        /// One of these strings (typed case-insensitively, stored as spelled here).
        case choice([String])
        case intList, stringList
        /// Free text (a column name).
        case text

        /// How the type reads in a hint ("an integer", "one of: a, b").
        public var description: String {
            switch self {
            case .int: "an integer"
            case .float: "a number"
            case .bool: "true or false"
            case let .choice(c): "one of: " + c.joined(separator: ", ")
            case .intList: "integers, comma-separated"
            case .stringList: "names, comma-separated"
            case .text: "a name"
            }
        }
    }

    /// The numbers a value (or each element of an integer list) may take.
    public enum Range: Sendable, Equatable {
        case any
        /// `> x`.
        case above(Double)
        /// `≥ x`.
        case atLeast(Double)
        /// `lo…hi`, both included.
        case between(Double, Double)
        /// `[lo, hi)`.
        case halfOpen(Double, Double)
        /// `(lo, hi)`.
        case open(Double, Double)

        /// Whether `x` is in the range.
        public func contains(_ x: Double) -> Bool {
            switch self {
            case .any: true
            case let .above(a): x > a
            case let .atLeast(a): x >= a
            case let .between(a, b): x >= a && x <= b
            case let .halfOpen(a, b): x >= a && x < b
            case let .open(a, b): x > a && x < b
            }
        }

        /// The range as a hint writes it ("> 0", "1…12", "[0, 1)"); empty for any.
        public var description: String {
            func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)" }
            switch self {
            case .any: return ""
            case let .above(a): return "> \(n(a))"
            case let .atLeast(a): return "≥ \(n(a))"
            case let .between(a, b): return a == b ? "= \(n(a))" : "\(n(a))…\(n(b))"
            case let .halfOpen(a, b): return "[\(n(a)), \(n(b)))"
            case let .open(a, b): return "(\(n(a)), \(n(b)))"
            }
        }
    }

    /// The key in `[estimator]`.
    public var key: String
    public var type: ValueType
    /// The value ``Workspace`` uses when the key is absent; nil when that comes from the data or means "none".
    public var defaultValue: TOMLValue?
    /// The default as the form shows it (the value as TOML, or what a data-derived default is).
    public var defaultText: String
    public var range: Range
    /// A few words on what it does.
    public var help: String

    public init(key: String, type: ValueType, defaultValue: TOMLValue?, defaultText: String? = nil, range: Range = .any, help: String) {
        precondition(defaultValue != nil || defaultText != nil, "HyperParameter \(key): a default value or its description is needed")
        (self.key, self.type, self.defaultValue, self.range, self.help) = (key, type, defaultValue, range, help)
        self.defaultText = defaultText ?? defaultValue.map(Self.display) ?? ""
    }

    /// The hint under a field being edited: the type, the range and the default.
    public var hint: String {
        var parts = [type.description]
        if !range.description.isEmpty { parts.append(type == .intList ? "each \(range.description)" : range.description) }
        parts.append("default \(defaultText)")
        return parts.joined(separator: "; ")
    }

    /// A value as the form shows it (`[64, 32]`, `Adam`, `0.05`): TOML without the quotes of a lone string.
    public static func display(_ v: TOMLValue) -> String {
        if case let .string(s) = v { return s }
        return TOMLDocument.render(v)
    }
}

/// Why a typed value was refused: the reason the form shows beside the field.
public struct HyperParameterError: Error, Equatable, Sendable, CustomStringConvertible {
    public var key: String
    public var reason: String
    public init(key: String, reason: String) { (self.key, self.reason) = (key, reason) }
    public var description: String { "\(key): \(reason)" }
}
