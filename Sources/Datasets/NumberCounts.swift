/// Counts per number: an open-addressing hash table keyed by the value's bits (linear probing), several times
/// faster than a `[Double: Int]` for the statistics' value counts.
///
/// `-0.0` and `0.0` are one key (as in a `Dictionary`); NaN is never a key (the statistics skip non-finite values).
struct NumberCounts {
    private var keys: [UInt64]
    private var values: [Int]
    /// Distinct keys held.
    private(set) var count = 0
    private var mask: Int
    private static let empty = UInt64.max   // a NaN's bits: never a key

    init(capacity: Int = 16) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        keys = [UInt64](repeating: Self.empty, count: n)
        values = [Int](repeating: 0, count: n)
        mask = n - 1
    }

    @inline(__always) static func slot(_ k: UInt64, _ mask: Int) -> Int {
        let h = (k ^ (k >> 32)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h >> 20) & mask
    }

    /// Adds `n` to `x`'s count; a key not held yet is added only when `insert` is true. Returns whether `x` is held.
    @discardableResult
    mutating func add(_ x: Double, _ n: Int, insert: Bool = true) -> Bool {
        precondition(!x.isNaN, "NumberCounts.add: NaN is not a key")
        let k = (x == 0 ? 0.0 : x).bitPattern
        let found: Bool = keys.withUnsafeMutableBufferPointer { ks in
            values.withUnsafeMutableBufferPointer { vs in
                var i = Self.slot(k, mask)
                while true {
                    let e = ks[i]
                    if e == k { vs[i] += n; return true }
                    if e == Self.empty {
                        guard insert else { return false }
                        ks[i] = k
                        vs[i] = n
                        count += 1
                        return true
                    }
                    i = (i + 1) & mask
                }
            }
        }
        if count * 2 > keys.count { grow() }
        return found
    }

    private mutating func grow() {
        let old = entries
        self = NumberCounts(capacity: keys.count)
        for (x, n) in old { add(x, n) }
    }

    /// Every key with its count, in no particular order.
    var entries: [(value: Double, count: Int)] {
        var out: [(value: Double, count: Int)] = []
        out.reserveCapacity(count)
        for (i, k) in keys.enumerated() where k != Self.empty { out.append((Double(bitPattern: k), values[i])) }
        return out
    }
}
