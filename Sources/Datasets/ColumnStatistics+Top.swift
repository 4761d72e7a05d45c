extension StatisticsAccumulator {
    /// The first `k` elements of `items` in the order `before` (a strict total order), as `sorted(by:).prefix(k)`
    /// gives them, without sorting them all.
    static func first<T>(_ k: Int, of items: [T], by before: (T, T) -> Bool) -> [T] {
        guard k > 0 else { return [] }
        var best: [T] = []
        best.reserveCapacity(k + 1)
        for x in items {
            if best.count == k, !before(x, best[k - 1]) { continue }
            var lo = 0, hi = best.count
            while lo < hi { let mid = (lo + hi) / 2; if before(best[mid], x) { lo = mid + 1 } else { hi = mid } }
            best.insert(x, at: lo)
            if best.count > k { best.removeLast() }
        }
        return best
    }
}
