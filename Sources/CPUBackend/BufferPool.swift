import Synchronization
import Tensors

/// Recycles host allocations by size class so a training step does not call `malloc` per op.
///
/// Sizes round up to a power of two (at least 64 bytes). Freed blocks wait in a free list
/// of their class; the pool keeps at most ``maxCachedBytes`` in its lists and frees the rest.
public final class BufferPool: HostAllocator {
    struct Lists: ~Copyable {
        var free: [[UInt]] = Array(repeating: [], count: 64)  // addresses: Mutex state must be Sendable
        var cachedBytes = 0
        var hits = 0
        var misses = 0
    }

    private let lists = Mutex(Lists())
    /// The most bytes kept in free lists; larger returns are freed.
    public let maxCachedBytes: Int

    public init(maxCachedBytes: Int = 1 << 30) {
        self.maxCachedBytes = maxCachedBytes
    }

    @inline(__always) static func sizeClass(_ bytes: Int) -> Int {
        let b = Swift.max(bytes, 64)
        return Int.bitWidth - (b - 1).leadingZeroBitCount
    }

    public func allocate(byteCount: Int) -> (pointer: UnsafeMutableRawPointer, capacity: Int) {
        let c = Self.sizeClass(byteCount)
        let capacity = 1 << c
        let reused: UInt? = lists.withLock {
            if let p = $0.free[c].popLast() {
                $0.cachedBytes -= capacity
                $0.hits += 1
                return p
            }
            $0.misses += 1
            return nil
        }
        if let reused, let p = UnsafeMutableRawPointer(bitPattern: reused) { return (p, capacity) }
        return (.allocate(byteCount: capacity, alignment: 64), capacity)
    }

    public func recycle(_ pointer: UnsafeMutableRawPointer, capacity: Int) {
        let c = Self.sizeClass(capacity)
        let address = UInt(bitPattern: pointer)
        let limit = maxCachedBytes
        let kept = lists.withLock {
            guard $0.cachedBytes + capacity <= limit else { return false }
            $0.free[c].append(address)
            $0.cachedBytes += capacity
            return true
        }
        if !kept { pointer.deallocate() }
    }

    /// How many allocations were served from a free list and how many needed new memory.
    public var statistics: (hits: Int, misses: Int, cachedBytes: Int) {
        lists.withLock { ($0.hits, $0.misses, $0.cachedBytes) }
    }

    /// Frees every cached block.
    public func drain() {
        let all = lists.withLock { l -> [UInt] in
            let ps = l.free.flatMap { $0 }
            l.free = Array(repeating: [], count: 64)
            l.cachedBytes = 0
            return ps
        }
        for a in all { UnsafeMutableRawPointer(bitPattern: a)?.deallocate() }
    }
}
