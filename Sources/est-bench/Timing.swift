import Foundation

/// Seconds on a monotonic clock.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// The best time of `body` over repetitions that together take about `budget` seconds
/// (at least `minReps`, at most `maxReps`), after one warm-up run.
func bestTime(budget: Double = 0.5, minReps: Int = 3, maxReps: Int = 1000, warmup: Bool = true, _ body: () -> Void) -> Double {
    if warmup { body() }
    var best = Double.infinity
    let start = now()
    var reps = 0
    while reps < minReps || (now() - start < budget && reps < maxReps) {
        let t0 = now()
        body()
        best = min(best, now() - t0)
        reps += 1
    }
    return best
}

/// One JSON object on one line, keys in the given order.
func emit(_ fields: [(String, Any)]) {
    let parts = fields.map { key, value -> String in
        let v: String
        switch value {
        case let s as String: v = "\"\(s)\""
        case let d as Double: v = d.isFinite ? String(format: "%.4g", d) : "null"
        case let i as Int: v = String(i)
        default: v = "\(value)"
        }
        return "\"\(key)\": \(v)"
    }
    print("{" + parts.joined(separator: ", ") + "}")
    fflush(nil)
}
