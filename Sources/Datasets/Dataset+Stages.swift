import Foundation

extension Dataset {
    /// Keeps `buffer` elements and emits a random one of them each time, refilling from the input
    /// (TF's `shuffle`). With `reshuffleEachEpoch`, each pass of ``repeat(_:)`` uses a new order.
    public func shuffle(buffer: Int, seed: UInt64, reshuffleEachEpoch: Bool = true) -> Dataset {
        precondition(buffer > 0, "shuffle: buffer must be positive, got \(buffer)")
        let upstream = make, batched = isBatched
        return Dataset(names: names, isBatched: batched) { epoch in
            let s = seed &+ (reshuffleEachEpoch ? UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15 : 0)
            return ShuffleStream(try upstream(epoch), buffer: buffer, seed: s, batched: batched)
        }
    }

    /// Groups consecutive rows into batches of `size` rows; the last batch is smaller unless
    /// `dropRemainder`.
    public func batch(_ size: Int, dropRemainder: Bool = false) -> Dataset {
        precondition(size > 0, "batch: size must be positive, got \(size)")
        precondition(!isBatched, "batch: the dataset is already batched")
        let upstream = make
        return Dataset(names: names, isBatched: true) { epoch in RebatchStream(try upstream(epoch), size: size, dropRemainder: dropRemainder) }
    }

    /// Runs the input `count` times (`nil`: forever). A pass that yields nothing is an error,
    /// not an endless loop.
    public func `repeat`(_ count: Int? = nil) -> Dataset {
        if let count { precondition(count >= 0, "repeat: count must be ≥ 0, got \(count)") }
        let upstream = make
        return Dataset(names: names, isBatched: isBatched) { _ in RepeatStream(upstream, count: count) }
    }

    /// Keeps every `count`-th element starting at `index` (one worker's share).
    public func shard(count: Int, index: Int) -> Dataset {
        precondition(count > 0 && index >= 0 && index < count, "shard: index \(index) must be in 0..<\(count)")
        let upstream = make, batched = isBatched
        return Dataset(names: names, isBatched: batched) { epoch in
            let up = try upstream(epoch)
            var seen = 0
            return FilterStream(up) { t in
                if batched {
                    defer { seen += 1 }
                    return seen % count == index ? t : nil
                }
                let first = (index - seen % count + count) % count
                seen += t.rowCount
                let rows = Array(stride(from: first, to: t.rowCount, by: count))
                return rows.isEmpty ? nil : (rows.count == t.rowCount ? t : t.gathering(rows))
            }
        }
    }

    /// The first `n` elements.
    public func take(_ n: Int) -> Dataset {
        precondition(n >= 0, "take: n must be ≥ 0, got \(n)")
        let upstream = make, batched = isBatched
        return Dataset(names: names, isBatched: batched) { epoch in
            let up = try upstream(epoch)
            var left = n
            return LimitStream(up) { t in
                guard left > 0 else { return .stop }
                if batched { left -= 1; return .emit(t) }
                if t.rowCount <= left { left -= t.rowCount; return .emit(t) }
                defer { left = 0 }
                return .emit(t.slice(0..<left))
            }
        }
    }

    /// Everything after the first `n` elements.
    public func skip(_ n: Int) -> Dataset {
        precondition(n >= 0, "skip: n must be ≥ 0, got \(n)")
        let upstream = make, batched = isBatched
        return Dataset(names: names, isBatched: batched) { epoch in
            let up = try upstream(epoch)
            var left = n
            return FilterStream(up) { t in
                guard left > 0 else { return t }
                if batched { left -= 1; return nil }
                if t.rowCount <= left { left -= t.rowCount; return nil }
                defer { left = 0 }
                return t.slice(left..<t.rowCount)
            }
        }
    }

    /// Transforms each element: a block of rows before ``batch(_:dropRemainder:)``, a batch after.
    public func map(_ transform: @escaping @Sendable (Table) throws -> Table) -> Dataset {
        let upstream = make
        return Dataset(names: names, isBatched: isBatched) { epoch in MapStream(try upstream(epoch), transform) }
    }

    /// Prepares up to `count` elements ahead on a background thread.
    public func prefetch(_ count: Int = 2) -> Dataset {
        precondition(count > 0, "prefetch: count must be positive, got \(count)")
        let upstream = make
        return Dataset(names: names, isBatched: isBatched) { epoch in PrefetchStream(try upstream(epoch), capacity: count) }
    }

    /// Keeps the elements of the first complete pass in memory and replays them afterwards.
    public func cache() -> Dataset {
        let upstream = make
        let store = CacheStore()
        return Dataset(names: names, isBatched: isBatched) { epoch in
            if let blocks = store.blocks { return ReplayStream(blocks) }
            return CachingStream(try upstream(epoch), store: store)
        }
    }
}

/// A 64-bit SplitMix generator: small, fast and fully determined by its seed.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in `0..<n` (Lemire's multiply-shift; the tiny bias is irrelevant for shuffling).
    mutating func below(_ n: Int) -> Int { Int((UInt128(next()) * UInt128(n)) >> 64) }
}

final class ShuffleStream: BlockStream {
    let upstream: any BlockStream
    let capacity: Int
    let batched: Bool
    var rng: SplitMix64
    var blocks: [Int: Table] = [:]
    var live: [Int: Int] = [:]          // block id → rows still referenced
    var buffer: [(block: Int, row: Int)] = []
    var incoming: [(block: Int, row: Int)] = []
    var incomingCursor = 0
    var nextBlock = 0
    var exhausted = false
    /// Rows per emitted block; `batch` right after `shuffle` sets it to the batch size so
    /// batches need no re-slicing.
    var outRows = 1024

    init(_ upstream: any BlockStream, buffer: Int, seed: UInt64, batched: Bool) {
        self.upstream = upstream
        self.capacity = buffer
        self.batched = batched
        self.rng = SplitMix64(state: seed)
    }

    /// The next input element reference, pulling a block when needed.
    func pull() throws -> (block: Int, row: Int)? {
        while incomingCursor >= incoming.count {
            guard !exhausted, let t = try upstream.next() else { exhausted = true; return nil }
            if t.rowCount == 0 { continue }
            let id = nextBlock
            nextBlock += 1
            blocks[id] = t
            live[id] = batched ? 1 : t.rowCount
            incoming = batched ? [(id, -1)] : (0..<t.rowCount).map { (id, $0) }
            incomingCursor = 0
        }
        defer { incomingCursor += 1 }
        return incoming[incomingCursor]
    }

    func next() throws -> Table? {
        while buffer.count < capacity, let r = try pull() { buffer.append(r) }
        if buffer.isEmpty { return nil }
        var picks: [(block: Int, row: Int)] = []
        let outRows = batched ? 1 : self.outRows
        while picks.count < outRows && !buffer.isEmpty {
            let j = rng.below(buffer.count)
            picks.append(buffer[j])
            if let r = try pull() { buffer[j] = r } else { buffer.swapAt(j, buffer.count - 1); buffer.removeLast() }
        }
        if batched {
            let id = picks[0].block
            defer { blocks[id] = nil; live[id] = nil }
            return blocks[id]
        }
        // Gather the picked rows straight from their blocks, in the picked order.
        var slot: [Int: Int] = [:]
        var sources: [Table] = []
        var which = [Int](repeating: 0, count: picks.count), rows = [Int](repeating: 0, count: picks.count)
        for (k, p) in picks.enumerated() {
            if let s = slot[p.block] { which[k] = s } else {
                slot[p.block] = sources.count
                which[k] = sources.count
                sources.append(blocks[p.block]!)
            }
            rows[k] = p.row
            live[p.block]! -= 1
            if live[p.block]! == 0 { blocks[p.block] = nil; live[p.block] = nil }
        }
        return Table.gather(sources: sources, which: which, rows: rows)
    }
}

final class RebatchStream: BlockStream {
    let upstream: any BlockStream
    let size: Int
    let dropRemainder: Bool
    var pending: [Table] = []
    var pendingRows = 0
    var done = false

    init(_ upstream: any BlockStream, size: Int, dropRemainder: Bool) {
        (self.upstream, self.size, self.dropRemainder) = (upstream, size, dropRemainder)
        if let shuffle = upstream as? ShuffleStream { shuffle.outRows = size }
    }

    func next() throws -> Table? {
        while pendingRows < size && !done {
            if let t = try upstream.next() { if t.rowCount > 0 { pending.append(t); pendingRows += t.rowCount } } else { done = true }
        }
        if pendingRows == 0 || (pendingRows < size && dropRemainder) { return nil }
        let take = Swift.min(size, pendingRows)
        var parts: [Table] = []
        var need = take
        while need > 0 {
            let t = pending[0]
            if t.rowCount <= need {
                parts.append(t)
                need -= t.rowCount
                pending.removeFirst()
            } else {
                parts.append(t.slice(0..<need))
                pending[0] = t.slice(need..<t.rowCount)
                need = 0
            }
        }
        pendingRows -= take
        return Table.concatenate(parts)
    }
}

final class RepeatStream: BlockStream {
    let make: (Int) throws -> any BlockStream
    let count: Int?
    var epoch = 0
    var current: (any BlockStream)?
    var producedThisEpoch = false

    init(_ make: @escaping (Int) throws -> any BlockStream, count: Int?) { (self.make, self.count) = (make, count) }

    func next() throws -> Table? {
        while true {
            if let count, epoch >= count { return nil }
            if current == nil { current = try make(epoch); producedThisEpoch = false }
            if let t = try current!.next() { producedThisEpoch = producedThisEpoch || t.rowCount > 0; return t }
            if !producedThisEpoch {
                throw DataError(file: "<dataset>", problem: "repeat: a pass over the input produced no rows",
                                hint: "the input is empty (a header without rows?) or skip/take/shard remove everything")
            }
            current = nil
            epoch += 1
        }
    }
}

final class FilterStream: BlockStream {
    let upstream: any BlockStream
    let body: (Table) throws -> Table?
    init(_ upstream: any BlockStream, _ body: @escaping (Table) throws -> Table?) { (self.upstream, self.body) = (upstream, body) }
    func next() throws -> Table? {
        while let t = try upstream.next() { if let r = try body(t) { return r } }
        return nil
    }
}

final class LimitStream: BlockStream {
    enum Step { case emit(Table), stop }
    let upstream: any BlockStream
    let body: (Table) -> Step
    var stopped = false
    init(_ upstream: any BlockStream, _ body: @escaping (Table) -> Step) { (self.upstream, self.body) = (upstream, body) }
    func next() throws -> Table? {
        guard !stopped, let t = try upstream.next() else { return nil }
        switch body(t) {
        case let .emit(r): return r
        case .stop: stopped = true; return nil
        }
    }
}

final class MapStream: BlockStream {
    let upstream: any BlockStream
    let transform: (Table) throws -> Table
    init(_ upstream: any BlockStream, _ transform: @escaping (Table) throws -> Table) { (self.upstream, self.transform) = (upstream, transform) }
    func next() throws -> Table? { try upstream.next().map(transform) }
}

final class CacheStore: @unchecked Sendable {
    private let lock = NSLock()
    private var _blocks: [Table]?
    var blocks: [Table]? {
        get { lock.withLock { _blocks } }
        set { lock.withLock { _blocks = newValue } }
    }
}

final class CachingStream: BlockStream {
    let upstream: any BlockStream
    let store: CacheStore
    var seen: [Table] = []
    init(_ upstream: any BlockStream, store: CacheStore) { (self.upstream, self.store) = (upstream, store) }
    func next() throws -> Table? {
        if let t = try upstream.next() { seen.append(t); return t }
        store.blocks = seen
        return nil
    }
}

final class ReplayStream: BlockStream {
    let blocks: [Table]
    var i = 0
    init(_ blocks: [Table]) { self.blocks = blocks }
    func next() throws -> Table? {
        guard i < blocks.count else { return nil }
        defer { i += 1 }
        return blocks[i]
    }
}

/// Runs its input on a background thread, keeping up to `capacity` elements ready.
final class PrefetchStream: BlockStream {
    private let producer: BackgroundProducer<Table>

    init(_ upstream: any BlockStream, capacity: Int) {
        nonisolated(unsafe) let up = upstream
        producer = BackgroundProducer(capacity: capacity, name: "est.prefetch") { try up.next() }
    }

    func next() throws -> Table? { try producer.next() }
}
