extension TOMLDocument {
    /// `value` as TOML writes it: basic strings with escapes, floats always with a point or exponent,
    /// arrays as `[a, b]` (nested too), tables inline as `{ k = v }`.
    public static func render(_ value: TOMLValue) -> String {
        switch value {
        case let .string(s): quote(s)
        case let .int(n): "\(n)"
        case let .float(d): renderFloat(d)
        case let .bool(b): b ? "true" : "false"
        case let .array(items): "[" + items.map(render).joined(separator: ", ") + "]"
        case let .table(t):
            t.order.isEmpty ? "{}" : "{ " + t.order.map { "\(renderKey($0)) = \(render(t[$0]!))" }.joined(separator: ", ") + " }"
        }
    }

    static func renderFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        let s = "\(d)"
        return s.contains(".") || s.contains("e") ? s : s + ".0"
    }

    /// A key bare when it can be (`A-Z a-z 0-9 _ -`), else quoted.
    static func renderKey(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        return bare ? key : quote(key)
    }

    /// A basic string: `"` and `\` escaped, control characters as TOML's short escapes or `\uXXXX`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    let h = String(c.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
