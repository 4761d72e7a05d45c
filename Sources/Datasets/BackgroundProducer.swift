import Foundation

/// Runs `produce` on a thread of its own, keeping up to `capacity` results ready for ``next()``.
///
/// Results come out in order, an error where it occurred; `nil` (or an error) ends the stream.
/// The thread shares only a channel with the consumer: dropping the producer cancels the channel,
/// which stops the thread at its next hand-over.
public final class BackgroundProducer<Element> {
    private final class Channel: @unchecked Sendable {
        let condition = NSCondition()
        var queue: [Result<Element?, any Error>] = []
        var cancelled = false
        let capacity: Int
        init(capacity: Int) { self.capacity = capacity }
    }

    private let channel: Channel
    private var finished = false

    /// Starts the thread (named `name`); `produce` runs only there.
    public init(capacity: Int, name: String, produce: @escaping () throws -> Element?) {
        precondition(capacity >= 1, "BackgroundProducer: capacity must be at least 1, got \(capacity)")
        let channel = Channel(capacity: capacity)
        self.channel = channel
        nonisolated(unsafe) let body = produce
        let thread = Thread {
            while true {
                let item: Result<Element?, any Error>
                do { item = .success(try body()) } catch { item = .failure(error) }
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
        thread.name = name
        thread.start()
    }

    deinit {
        channel.condition.lock()
        channel.cancelled = true
        channel.condition.broadcast()
        channel.condition.unlock()
    }

    /// The next element, `nil` at the end; rethrows the producer's error once, then ends.
    public func next() throws -> Element? {
        if finished { return nil }
        channel.condition.lock()
        while channel.queue.isEmpty { channel.condition.wait() }
        let item = channel.queue.removeFirst()
        channel.condition.broadcast()
        channel.condition.unlock()
        switch item {
        case let .success(e):
            if e == nil { finished = true }
            return e
        case let .failure(error):
            finished = true
            throw error
        }
    }
}
