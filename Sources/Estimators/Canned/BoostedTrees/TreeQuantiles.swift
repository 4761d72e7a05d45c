import FeatureColumns

/// `quantileBoundaries(values.map(Double.init), count:)` for float data, without the conversion
/// and with a radix sort (the comparison sort of the sample was most of the fitting time).
///
/// The sample and the picks are `quantileBoundaries`'s: above 200 000 values an evenly strided
/// sample, NaNs dropped, the value at rank `⌊q/count · m⌋` for each `q`, repeats skipped. Only
/// the sign of a zero boundary may differ (-0 and 0 bucket alike).
func floatQuantileBoundaries(_ values: [Float], count: Int) -> [Double] {
    precondition(count >= 2, "floatQuantileBoundaries: need at least 2 buckets, got \(count)")
    let limit = 200_000
    let step = values.count > limit ? values.count / limit : 1
    // Order-preserving keys: flip the sign bit of positives, every bit of negatives.
    var keys: [UInt32] = []
    keys.reserveCapacity((values.count + step - 1) / step)
    for i in stride(from: 0, to: values.count, by: step) where !values[i].isNaN {
        let b = values[i].bitPattern
        keys.append(b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000)
    }
    guard !keys.isEmpty else { return [0] }
    radixSort(&keys)
    func value(_ k: UInt32) -> Double { Double(Float(bitPattern: k & 0x8000_0000 != 0 ? k & 0x7FFF_FFFF : ~k)) }
    let m = keys.count
    var out: [Double] = []
    for q in 1..<count {
        let x = value(keys[Swift.min(m - 1, Int((Double(q) / Double(count) * Double(m)).rounded(.down)))])
        if out.last.map({ x > $0 }) ?? true { out.append(x) }
    }
    return out.isEmpty ? [value(keys[0])] : out
}

/// Sorts in three passes of 11 bits (least significant first).
func radixSort(_ keys: inout [UInt32]) {
    let n = keys.count, radix = 2048
    var counts = [Int](repeating: 0, count: 3 * radix)
    for k in keys {
        counts[Int(k & 0x7FF)] += 1
        counts[radix + Int((k >> 11) & 0x7FF)] += 1
        counts[2 * radix + Int(k >> 22)] += 1
    }
    var other = [UInt32](repeating: 0, count: n)
    for pass in 0..<3 {
        var at = 0
        for d in 0..<radix { let c = counts[pass * radix + d]; counts[pass * radix + d] = at; at += c }
        let shift = UInt32(11 * pass)
        keys.withUnsafeBufferPointer { src in
            other.withUnsafeMutableBufferPointer { dst in
                counts.withUnsafeMutableBufferPointer { c in
                    for k in src {
                        let d = pass * radix + Int((k >> shift) & 0x7FF)
                        dst[c[d]] = k
                        c[d] += 1
                    }
                }
            }
        }
        swap(&keys, &other)
    }
}
