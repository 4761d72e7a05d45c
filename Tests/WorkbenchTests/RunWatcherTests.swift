import Foundation
import Summaries
import Testing
@testable import Workbench

/// The watcher tails event files as they grow and survives what can happen to them.
@Suite struct RunWatcherTests {
    static func tempDir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("est-watch-\(UUID())").path
        try FileManager.default.createDirectory(atPath: d + "/eval", withIntermediateDirectories: true)
        return d
    }

    @Test func readsTrainAndEvalAsTheyGrow() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let w = RunWatcher(modelDir: dir)
        let train = try EventFileWriter(directory: dir)
        try train.scalars([("loss", 1.0)], step: 1, wallTime: 100)
        #expect(w.poll().changed)
        #expect(w.data.train["loss"]?.map(\.value) == [1.0])
        try train.scalars([("loss", 0.5)], step: 2, wallTime: 101)
        try train.write(Event(wallTime: 101, step: 2, what: .sessionLog(status: .checkpoint, checkpointPath: dir + "/model.ckpt-2")))
        let eval = try EventFileWriter(directory: dir + "/eval")
        try eval.scalars([("accuracy", 0.9), ("loss", 0.6)], step: 2, wallTime: 102)
        #expect(w.poll().changed)
        #expect(w.data.train["loss"]?.map(\.step) == [1, 2])
        #expect(w.data.eval["accuracy"]?.first?.value == Double(Float(0.9)))
        #expect(w.data.checkpointSteps == [2])
        #expect(w.data.origin == 100)
        #expect(!w.poll().changed)   // nothing new
    }

    @Test func halfWrittenRecordWaitsAndCorruptionIsReportedOnce() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try EventFileWriter(directory: dir)
        try writer.scalars([("loss", 1)], step: 1)
        let good = try Data(contentsOf: URL(fileURLWithPath: writer.path))
        let w = RunWatcher(modelDir: dir)
        _ = w.poll()
        // A record cut in the middle: not an error (it may still be being written).
        let record = TFRecord.frame(Event(wallTime: 0, step: 2, what: .summary([SummaryValue(tag: "loss", kind: .scalar(0.5))])).encoded())
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: writer.path))
        try h.seekToEnd(); try h.write(contentsOf: Data(record.prefix(10)))
        var messages: [String] = []
        for _ in 0..<25 { messages += w.poll().messages }
        #expect(messages.count == 1 && messages[0].contains("partial record"))
        // Garbage after good records: one message, the UI keeps what it read.
        try h.write(contentsOf: Data(repeating: 0xAB, count: 40)); try h.close()
        let m = w.poll().messages
        #expect(m.count == 1 && m[0].contains("at byte \(good.count)"))
        #expect(w.poll().messages.isEmpty)
        #expect(w.data.train["loss"]?.count == 1)
    }

    @Test func truncatedAndDeletedModelDirAreMessages() throws {
        let dir = try Self.tempDir()
        let writer = try EventFileWriter(directory: dir)
        try writer.scalars([("loss", 1)], step: 1)
        try writer.scalars([("loss", 2)], step: 2)
        let w = RunWatcher(modelDir: dir)
        _ = w.poll()
        #expect(w.data.train["loss"]?.count == 2)
        try FileManager.default.removeItem(atPath: writer.path)
        try Data().write(to: URL(fileURLWithPath: writer.path))
        let m = w.poll().messages
        #expect(m.count == 1 && m[0].contains("truncated"))
        try FileManager.default.removeItem(atPath: dir)
        let gone = w.poll().messages
        #expect(gone.count == 1 && gone[0].contains("was deleted"))
        #expect(w.poll().messages.isEmpty)
    }
}
