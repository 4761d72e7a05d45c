import Estimators
import Foundation

/// Type checks for workspace keys, each error naming the key and its line.
struct Checker {
    let file: String

    func known(_ t: TOMLTable, _ keys: [String], _ where_: String) throws {
        for k in t.order where !keys.contains(k) {
            throw WorkspaceError(file: file, line: t.lines[k] ?? 0, problem: "unknown key '\(k)' in \(where_)\(Self.didYouMean(k, keys))",
                                 hint: "keys there: \(keys.joined(separator: ", "))")
        }
    }

    /// ` (did you mean 'x'?)` for the closest of `choices`, or nothing when none is close.
    static func didYouMean(_ word: String, _ choices: [String]) -> String {
        closestMatch(to: word, in: choices).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// A string that must be one of `choices` (case-insensitive; returned as `choices` spells it).
    func choice(_ t: TOMLTable, _ k: String, _ choices: [String]) throws -> String? {
        guard let s = try string(t, k) else { return nil }
        if let match = choices.first(where: { $0.lowercased() == s.lowercased() }) { return match }
        throw WorkspaceError(file: file, line: t.lines[k] ?? t.line, problem: "unknown \(k) '\(s)'\(Self.didYouMean(s, choices))",
                             hint: "one of: \(choices.joined(separator: ", "))")
    }

    func wrong(_ t: TOMLTable, _ k: String, _ want: String, _ got: TOMLValue) -> WorkspaceError {
        WorkspaceError(file: file, line: t.lines[k] ?? 0, problem: "'\(k)' must be \(want), got \(got.typeName)", hint: "fix the value of '\(k)'")
    }

    func string(_ t: TOMLTable, _ k: String) throws -> String? {
        guard let v = t[k] else { return nil }
        guard case let .string(s) = v else { throw wrong(t, k, "a string", v) }
        return s
    }
    func strings(_ t: TOMLTable, _ k: String) throws -> [String]? {
        guard let v = t[k] else { return nil }
        if case let .string(s) = v { return [s] }
        guard case let .array(a) = v else { throw wrong(t, k, "a string or an array of strings", v) }
        return try a.map { x in guard case let .string(s) = x else { throw wrong(t, k, "an array of strings", x) }; return s }
    }
    func int(_ t: TOMLTable, _ k: String) throws -> Int? {
        guard let v = t[k] else { return nil }
        guard case let .int(n) = v else { throw wrong(t, k, "an integer", v) }
        return Int(n)
    }
    func ints(_ t: TOMLTable, _ k: String) throws -> [Int]? {
        guard let v = t[k] else { return nil }
        guard case let .array(a) = v else { throw wrong(t, k, "an array of integers", v) }
        return try a.map { x in guard case let .int(n) = x else { throw wrong(t, k, "an array of integers", x) }; return Int(n) }
    }
    func double(_ t: TOMLTable, _ k: String) throws -> Double? {
        guard let v = t[k] else { return nil }
        switch v {
        case let .float(d): return d
        case let .int(n): return Double(n)
        default: throw wrong(t, k, "a number", v)
        }
    }
    func doubles(_ t: TOMLTable, _ k: String) throws -> [Double]? {
        guard let v = t[k] else { return nil }
        guard case let .array(a) = v else { throw wrong(t, k, "an array of numbers", v) }
        return try a.map { x in
            switch x {
            case let .float(d): return d
            case let .int(n): return Double(n)
            default: throw wrong(t, k, "an array of numbers", x)
            }
        }
    }
    func bool(_ t: TOMLTable, _ k: String) throws -> Bool? {
        guard let v = t[k] else { return nil }
        guard case let .bool(b) = v else { throw wrong(t, k, "true or false", v) }
        return b
    }
}
