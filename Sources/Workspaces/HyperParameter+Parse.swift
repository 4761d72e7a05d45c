import Foundation

extension HyperParameter {
    /// The value typed in the form, checked: TOML (`[64, 32]`, `"Adam"`, `0.05`) or a friendly form (`64, 32`,
    /// `adam`, `yes`); a wrong type, a value out of range, an empty list or an unknown choice throws the reason.
    public func parse(_ typed: String) throws(HyperParameterError) -> TOMLValue {
        let text = typed.trimmingCharacters(in: .whitespaces)
        func fail(_ reason: String) -> HyperParameterError { HyperParameterError(key: key, reason: reason) }
        guard !text.isEmpty || type == .intList || type == .stringList else {
            throw fail("empty: type \(type.description), or d resets it to the default (\(defaultText))")
        }
        switch type {
        case .int:
            guard let n = Self.integer(text) else { throw fail("'\(text)' is not an integer") }
            try check(Double(n), text)
            return .int(n)
        case .float:
            guard let x = Self.number(text) else { throw fail("'\(text)' is not a number") }
            guard x.isFinite else { throw fail("must be a finite number, got \(text)") }
            try check(x, text)
            return .float(x)
        case .bool:
            switch Self.unquoted(text).lowercased() {
            case "true", "yes", "on", "1": return .bool(true)
            case "false", "no", "off", "0": return .bool(false)
            default: throw fail("'\(text)' is not true or false")
            }
        case let .choice(choices):
            let word = Self.unquoted(text)
            if let match = choices.first(where: { $0.lowercased() == word.lowercased() }) { return .string(match) }
            throw fail("unknown \(key) '\(word)'\(Checker.didYouMean(word, choices)); one of: \(choices.joined(separator: ", "))")
        case .text:
            let word = Self.unquoted(text)
            guard !word.isEmpty else { throw fail("empty: type a name, or d resets it to the default (\(defaultText))") }
            return .string(word)
        case .intList:
            let items = Self.listItems(text)
            guard !items.isEmpty else { throw fail("needs at least one value, for example \(defaultText == "" ? "64, 32" : defaultText)") }
            var out: [TOMLValue] = []
            for item in items {
                guard let n = Self.integer(item) else { throw fail("'\(item)' is not an integer (type integers, comma-separated)") }
                guard range.contains(Double(n)) else { throw fail("each value must be \(range.description), got \(item)") }
                out.append(.int(n))
            }
            return .array(out)
        case .stringList:
            let items = Self.listItems(text).map(Self.unquoted)
            guard !items.isEmpty, !items.contains(where: \.isEmpty) else { throw fail("needs names, comma-separated: a, b, c") }
            guard Set(items).count == items.count else { throw fail("the names must be distinct") }
            if key == "label_vocabulary", items.count < 2 { throw fail("needs at least 2 class names") }
            return .array(items.map(TOMLValue.string))
        }
    }

    func check(_ x: Double, _ text: String) throws(HyperParameterError) {
        guard range.contains(x) else { throw HyperParameterError(key: key, reason: "must be \(range.description), got \(text)") }
    }

    /// An integer as TOML writes it (`1_000` too), not a float.
    static func integer(_ s: String) -> Int64? {
        if let n = Int64(s) { return n }
        if case let .int(n)? = tomlValue(s) { return n }
        return nil
    }

    /// A number: TOML's forms (an integer, `1e-3`, `inf`) or Swift's.
    static func number(_ s: String) -> Double? {
        switch tomlValue(s) {
        case let .float(d)?: return d
        case let .int(n)?: return Double(n)
        default: return Double(s)
        }
    }

    static func tomlValue(_ s: String) -> TOMLValue? { (try? TOMLParser.parse("v = \(s)", file: "form"))?["v"] }

    /// The items of `[a, b]`, `a, b` or `a b` (empty for `[]` or nothing).
    static func listItems(_ s: String) -> [String] {
        var t = s.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("[") && t.hasSuffix("]") { t = String(t.dropFirst().dropLast()) }
        let parts = t.contains(",") ? t.split(separator: ",", omittingEmptySubsequences: false) : t.split(separator: " ")
        let items = parts.map { $0.trimmingCharacters(in: .whitespaces) }
        // A trailing comma (`64, 32,`) is allowed, as in TOML; an empty item elsewhere is kept so it is refused.
        return items.last == "" ? Array(items.dropLast()) : items
    }

    /// `"Adam"` or `'Adam'` without its quotes.
    static func unquoted(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, let f = t.first, f == "\"" || f == "'", t.last == f { return String(t.dropFirst().dropLast()) }
        return t
    }
}
