/// Counts per number: an open-addressing hash table keyed by the value's bits (linear probing), several times
/// faster than a `[Double: Int]` for the statistics' value counts.
///
/// `-0.0` and `0.0` are one key (as in a `Dictionary`); NaN is never a key (the statistics skip non-finite values).
/// A key and its count sit side by side (one cache line read per lookup).
struct NumberCounts {
    private var slots: [(key: UInt64, count: Int)]
    /// Distinct keys held.
    private(set) var count = 0
    private var mask: Int
    private static let empty = UInt64.max   // a NaN's bits: never a key

    init(capacity: Int = 16) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = [(key: UInt64, count: Int)](repeating: (Self.empty, 0), count: n)
        mask = n - 1
    }

    @inline(__always) static func slot(_ k: UInt64, _ mask: Int) -> Int {
        // MurmurHash3's finalizer: every bit of the key moves the low bits (a Float widened to Double has 29 zero bits).
        var h = k
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h) & mask
    }

    /// What ``add(_:_:insert:)`` found.
    enum Outcome { case counted, inserted, refused }

    /// Adds `n` to `x`'s count; a key not held yet is added only when `insert` is true (else it is refused).
    @discardableResult
    mutating func add(_ x: Double, _ n: Int, insert: Bool = true) -> Outcome {
        precondition(!x.isNaN, "NumberCounts.add: NaN is not a key")
        let k = (x == 0 ? 0.0 : x).bitPattern
        let mask = self.mask
        let outcome: Outcome = slots.withUnsafeMutableBufferPointer { t in
            var i = Self.slot(k, mask)
            while true {
                let e = t[i].key
                if e == k { t[i].count += n; return .counted }
                if e == Self.empty {
                    guard insert else { return .refused }
                    t[i] = (k, n)
                    return .inserted
                }
                i = (i + 1) & mask
            }
        }
        if outcome == .inserted {
            count += 1
            if count * 2 > slots.count { grow() }
        }
        return outcome
    }

    private mutating func grow() {
        let old = entries
        self = NumberCounts(capacity: slots.count)
        for (x, n) in old { add(x, n) }
    }

    /// Every key with its count, in no particular order.
    var entries: [(value: Double, count: Int)] {
        var out: [(value: Double, count: Int)] = []
        out.reserveCapacity(count)
        for e in slots where e.key != Self.empty { out.append((Double(bitPattern: e.key), e.count)) }
        return out
    }
}
