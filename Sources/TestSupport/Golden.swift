import Foundation

/// Reads the TensorFlow goldens (JSON) committed next to the tests.
public struct Golden: @unchecked Sendable {
    public let value: Any

    public init(_ value: Any) { self.value = value }

    /// Loads a golden file given the test file's `#filePath` and a path relative to its folder.
    public static func load(_ relativePath: String, besides filePath: String) throws -> Golden {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent(relativePath)
        return Golden(try JSONSerialization.jsonObject(with: Data(contentsOf: url)))
    }

    public subscript(key: String) -> Golden {
        guard let d = value as? [String: Any], let v = d[key] else { return Golden(NSNull()) }
        return Golden(v)
    }

    public subscript(index: Int) -> Golden {
        guard let a = value as? [Any], index < a.count else { return Golden(NSNull()) }
        return Golden(a[index])
    }

    public var array: [Golden] { (value as? [Any])?.map(Golden.init) ?? [] }
    public var keys: [String] { (value as? [String: Any]).map { Array($0.keys).sorted() } ?? [] }
    public var string: String? { value as? String }
    /// The number exactly as written. (On Linux, JSONSerialization gives long decimals as
    /// `NSDecimalNumber`, whose `doubleValue` is off by an ulp or two; its text is exact.)
    public var double: Double? { (value as? NSNumber).map(Self.exact) }

    static func exact(_ n: NSNumber) -> Double { Double(n.description) ?? n.doubleValue }
    public var int: Int? { (value as? NSNumber)?.intValue }
    public var bool: Bool? { (value as? NSNumber)?.boolValue }
    public var exists: Bool { !(value is NSNull) }

    /// Every number in a nested list, row-major.
    public var flat: [Double] {
        if let n = value as? NSNumber { return [Self.exact(n)] }
        return (value as? [Any])?.flatMap { Golden($0).flat } ?? []
    }

    /// The dimensions of a nested list.
    public var shape: [Int] {
        guard let a = value as? [Any] else { return [] }
        return [a.count] + (a.first.map { Golden($0).shape } ?? [])
    }
}
