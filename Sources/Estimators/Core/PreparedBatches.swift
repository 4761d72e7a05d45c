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
    private let producer: BackgroundProducer<PreparedBatch>

    init(_ iterator: DatasetIterator, preparers: [(key: String, body: @Sendable (Table) throws -> any Sendable)], capacity: Int = 2) {
        nonisolated(unsafe) let it = iterator
        let work = preparers
        producer = BackgroundProducer(capacity: capacity, name: "est.prepare") {
            guard let t = try it.next() else { return nil }
            var prepared: [String: any Sendable] = [:]
            for (key, body) in work { prepared[key] = try? body(t) }
            return PreparedBatch(table: t, prepared: prepared)
        }
    }

    /// The next batch with its prepared work, `nil` at the end of the input.
    func next() throws -> PreparedBatch? { try producer.next() }
}
