import Dispatch

/// Splits `0..<count` into at most `threads` contiguous chunks and runs them concurrently.
///
/// Below `grain` elements per chunk the work runs on the calling thread, because waking
/// threads costs more than a few microseconds of arithmetic.
@inline(__always)
func parallelFor(_ count: Int, threads: Int, grain: Int = 32_768, _ body: (Range<Int>) -> Void) {
    let chunks = Swift.min(threads, count / Swift.max(grain, 1))
    if chunks <= 1 {
        if count > 0 { body(0..<count) }
        return
    }
    let size = (count + chunks - 1) / chunks
    withoutActuallyEscaping(body) { body in
        // The chunks are disjoint, so the body may run on several threads at once.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = c * size
            let hi = Swift.min(count, lo + size)
            if lo < hi { body(lo..<hi) }
        }
    }
}
