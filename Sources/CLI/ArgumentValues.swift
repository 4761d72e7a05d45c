import ArgumentParser

/// Value checks shared by the commands' options: each failure names the range or the choices.
enum ArgumentValues {
    /// An integer ≥ 1.
    static func positive(_ text: String) throws -> Int {
        guard let n = Int(text), n >= 1 else { throw ValidationError("needs an integer ≥ 1") }
        return n
    }

    /// An integer ≥ 0.
    static func nonNegative(_ text: String) throws -> Int {
        guard let n = Int(text), n >= 0 else { throw ValidationError("needs an integer ≥ 0") }
        return n
    }

    /// One of `choices`, or an error listing them and the closest one.
    static func choice(_ text: String, among choices: [String]) throws -> String {
        guard choices.contains(text) else {
            let near = Suggestions.closest(to: text, among: choices).map { "; did you mean '\($0)'?" } ?? ""
            throw ValidationError("must be \(choices.joined(separator: ", "))\(near)")
        }
        return text
    }
}

extension ArgumentValues {
    /// A number ≥ 0 (seconds).
    static func nonNegativeDouble(_ text: String) throws -> Double {
        guard let x = Double(text), x >= 0, x.isFinite else { throw ValidationError("needs a number ≥ 0") }
        return x
    }
}

extension ArgumentValues {
    /// A TCP port, 0 to 65535 (0: any free port).
    static func port(_ text: String) throws -> Int {
        guard let n = Int(text), (0...65535).contains(n) else { throw ValidationError("needs a port number from 0 to 65535") }
        return n
    }
}
