import Datasets
import Foundation

/// A batch and what the model's batch preparers made of it (see ``ModelContext/prepareBatches(_:_:)``).
struct PreparedBatch: Sendable {
    let table: Table
    let prepared: [String: any Sendable]
}

/// Pulls batches on its own thread and runs the model's batch preparers on each, a few batches
/// ahead of training, so the training thread only does the model's math.
///
/// Batches come out in the iterator's order, with its errors where they occurred. A preparer
/// that throws leaves its key out: the model function then does the work itself and reports
/// the error at that step.
final class PreparingIterator {
    private final class Channel: @unchecked Sendable {
        let condition = NSCondition()
        var queue: [Result<PreparedBatch?, any Error>] = []
        var cancelled = false
        let capacity: Int
        init(capacity: Int) { self.capacity = capacity }
    }

    private let channel: Channel
    private var finished = false

    init(_ iterator: DatasetIterator, preparers: [(key: String, body: @Sendable (Table) throws -> any Sendable)], capacity: Int = 2) {
        let channel = Channel(capacity: capacity)
        self.channel = channel
        nonisolated(unsafe) let it = iterator
        let work = preparers
        let thread = Thread {
            while true {
                let item: Result<PreparedBatch?, any Error>
                do {
                    if let t = try it.next() {
                        var prepared: [String: any Sendable] = [:]
                        for (key, body) in work { prepared[key] = try? body(t) }
                        item = .success(PreparedBatch(table: t, prepared: prepared))
                    } else {
                        item = .success(nil)
                    }
                } catch {
                    item = .failure(error)
                }
                channel.condition.lock()
                while channel.queue.count >= channel.capacity && !channel.cancelled { channel.condition.wait() }
                if channel.cancelled { channel.condition.unlock(); return }
                channel.queue.append(item)
                channel.condition.broadcast()
                channel.condition.unlock()
                if case .success(nil) = item { return }
                if case .failure = item { return }
            }
        }
        thread.name = "est.prepare"
        thread.start()
    }

    deinit {
        channel.condition.lock()
        channel.cancelled = true
        channel.condition.broadcast()
        channel.condition.unlock()
    }

    /// The next batch with its prepared work, `nil` at the end of the input.
    func next() throws -> PreparedBatch? {
        if finished { return nil }
        channel.condition.lock()
        while channel.queue.isEmpty { channel.condition.wait() }
        let item = channel.queue.removeFirst()
        channel.condition.broadcast()
        channel.condition.unlock()
        switch item {
        case let .success(b):
            if b == nil { finished = true }
            return b
        case let .failure(e):
            finished = true
            throw e
        }
    }
}
