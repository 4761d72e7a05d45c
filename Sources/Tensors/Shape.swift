/// The dimensions of a tensor, outermost first (row-major).
///
/// ```swift
/// let s: Shape = [2, 3]
/// s.count        // 6
/// Shape.broadcast([2, 1], [3])  // [2, 3]
/// ```
public struct Shape: Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible, RandomAccessCollection {
    /// The size of each dimension.
    public var dims: [Int]

    /// Creates a shape from its dimensions; every dimension must be non-negative.
    @inlinable public init(_ dims: [Int]) {
        precondition(dims.allSatisfy { $0 >= 0 }, "Shape: negative dimension in \(dims)")
        var n = 1
        for d in dims {
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            precondition(!overflow, "Shape: \(dims) has more elements than Int can count")
            n = p
        }
        self.dims = dims
    }

    @inlinable public init(arrayLiteral elements: Int...) { self.init(elements) }

    /// The shape of a scalar: no dimensions, one element.
    public static let scalar = Shape([])

    /// The number of dimensions.
    @inlinable public var rank: Int { dims.count }

    /// The number of elements (1 for a scalar).
    @inlinable public var count: Int {
        var n = 1
        for d in dims { n &*= d }
        return n
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { dims.count }
    @inlinable public subscript(i: Int) -> Int {
        get { dims[i] }
        set { dims[i] = newValue }
    }

    /// Row-major strides in elements.
    @inlinable public var strides: [Int] {
        var s = [Int](repeating: 1, count: dims.count)
        var acc = 1
        var i = dims.count - 1
        while i >= 0 { s[i] = acc; acc &*= dims[i]; i -= 1 }
        return s
    }

    public var description: String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }

    /// Resolves a possibly negative axis (`-1` is the last) against this rank.
    @inlinable public func axis(_ a: Int) -> Int {
        let r = a < 0 ? a + rank : a
        precondition(r >= 0 && r < Swift.max(rank, 1), "axis \(a) is out of range for shape \(self)")
        return r
    }

    /// The NumPy broadcast of two shapes, or `nil` when they are incompatible.
    @inlinable public static func broadcast(_ a: Shape, _ b: Shape) -> Shape? {
        if a.dims == b.dims { return a }
        let r = Swift.max(a.rank, b.rank)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let da = i < r - a.rank ? 1 : a.dims[i - (r - a.rank)]
            let db = i < r - b.rank ? 1 : b.dims[i - (r - b.rank)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else { return nil }
        }
        return Shape(out)
    }

    /// Strides that read a tensor of this shape as if it had `target`'s shape (0 on broadcast axes).
    @inlinable public func broadcastStrides(to target: Shape) -> [Int] {
        let own = strides
        var out = [Int](repeating: 0, count: target.rank)
        let off = target.rank - rank
        for i in 0..<rank where dims[i] != 1 { out[i + off] = own[i] }
        return out
    }
}
