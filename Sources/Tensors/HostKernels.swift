/// The plain-Swift kernels on host memory that define every op.
///
/// The ``ReferenceBackend`` runs them on whole tensors; the CPU backend runs them on
/// slices (`range`) from several threads wherever it has no faster path. Each function
/// takes raw pointers and a `DType` and dispatches to a generic, specialised loop.
public enum HostKernels {
    /// Visits `range` of a row-major iteration over `shape` in runs along the last axis.
    ///
    /// For each run, `body` gets the flat output index, the start offset of each of three
    /// operands (from their strides), the run length and each operand's last-axis stride.
    @inlinable @inline(__always)
    static func walk(
        shape: [Int], _ sa: [Int], _ sb: [Int], _ sc: [Int], range: Range<Int>,
        _ body: (_ o: Int, _ a: Int, _ b: Int, _ c: Int, _ n: Int, _ da: Int, _ db: Int, _ dc: Int) -> Void
    ) {
        let r = shape.count
        if r == 0 {
            if !range.isEmpty { body(0, 0, 0, 0, 1, 0, 0, 0) }
            return
        }
        let last = shape[r - 1]
        let da = sa[r - 1], db = sb[r - 1], dc = sc[r - 1]
        var i = range.lowerBound
        while i < range.upperBound {
            let col = i % last
            let n = Swift.min(last - col, range.upperBound - i)
            var rem = i / last
            var oa = col &* da, ob = col &* db, oc = col &* dc
            var d = r - 2
            while d >= 0 {
                let q = rem % shape[d]
                rem /= shape[d]
                oa &+= q &* sa[d]; ob &+= q &* sb[d]; oc &+= q &* sc[d]
                d -= 1
            }
            body(i, oa, ob, oc, n, da, db, dc)
            i &+= n
        }
    }

    @inlinable static func zeros(_ n: Int) -> [Int] { [Int](repeating: 0, count: n) }
}

extension UnsafeRawPointer {
    @inlinable func typed<T>(_: T.Type) -> UnsafePointer<T> { assumingMemoryBound(to: T.self) }
}

extension UnsafeMutableRawPointer {
    @inlinable func typed<T>(_: T.Type) -> UnsafeMutablePointer<T> { assumingMemoryBound(to: T.self) }
}
