import Foundation
import Summaries
import Testing
import TestSupport

/// Events files against TF's own (`tfevents.json` and the stripped files from TF 2.15).
@Suite struct EventFileTests {
    static let golden = try! Golden.load("Fixtures/tfevents.json", besides: #filePath)
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    @Test("tfevents.json train and eval", arguments: ["train", "eval"])
    func readsTensorFlowsFiles(_ which: String) throws {
        let events = try EventFileReader.readAll(path: Self.fixture("\(which).tfevents"))
        let expected = Self.golden[which]["events"].array.filter { $0["offset_in_stripped_file"].exists && $0["offset_in_stripped_file"].int != nil }
        #expect(events.count == expected.count)
        for (e, g) in zip(events, expected) {
            #expect(e.wallTime == g["wall_time"].double!)
            #expect(e.step == Int64(g["step"].int!))
            switch (e.what, g["what"].string!) {
            case let (.fileVersion(v), "file_version"):
                #expect(v == g["file_version"].string && e.writer == g["source_metadata_writer"].string)
            case let (.sessionLog(status, path), "session_log"):
                #expect("\(status)".uppercased() == g["session_log"]["status"].string! && path == g["session_log"]["checkpoint_path"].string!)
            case let (.summary(values), "summary"):
                let gv = g["values"].array
                #expect(values.map(\.tag) == gv.map { $0["tag"].string! })
                for (v, x) in zip(values, gv) {
                    switch (v.kind, x["kind"].string!) {
                    case let (.scalar(s), "simple_value"): #expect(s == Float(x["value"].double!), "\(v.tag)")
                    case let (.histogram(h), "histo"):
                        let hv = x["value"]
                        #expect(h.min == hv["min"].double! && h.max == hv["max"].double! && h.num == hv["num"].double!)
                        #expect(h.sum == hv["sum"].double! && h.sumSquares == hv["sum_squares"].double!)
                        #expect(h.bucketLimit == hv["bucket_limit"].flat && h.bucket == hv["bucket"].flat)
                    case let (.text(t), "tensor"): #expect(t == x["value"].string!)
                    default: Issue.record("\(v.tag): kind \(v.kind) vs \(x["kind"].string!)")
                    }
                }
            default: Issue.record("record kind \(e.what) vs \(g["what"].string!)")
            }
        }
    }

    @Test func firstRecordIsByteForByteTensorFlows() {
        let g = Self.golden["train"]["first_record"]
        let e = Event(wallTime: Self.golden["train"]["events"][0]["wall_time"].double!, step: 0, what: .fileVersion("brain.Event:2"),
                      writer: "tensorflow.core.util.events_writer")
        let hex = TFRecord.frame(e.encoded()).map { String(format: "%02x", $0) }.joined()
        #expect(hex == g["full_record_hex"].string!)
    }

    @Test func histogramsUseTensorFlowsBuckets() throws {
        let events = try EventFileReader.readAll(path: Self.fixture("train.tfevents"))
        guard case let .summary(values) = events.first(where: { if case .summary = $0.what { true } else { false } })!.what,
              case let .histogram(h) = values[1].kind else { Issue.record("no histogram"); return }
        // Rebuild TF's bucket edges from the same limits: every TF edge is one of ours.
        let ours = Set(Histogram.defaultLimits)
        #expect(h.bucketLimit.allSatisfy { ours.contains($0) })
    }

    @Test func writesAndTailsAGrowingFile() throws {
        let dir = try Interop.temporaryDirectory("est-events")
        let w = try EventFileWriter(directory: dir.path)
        let r = EventFileReader(path: w.path)
        #expect(try r.readNew().count == 1)  // file_version
        try w.scalars([("loss", 0.5), ("accuracy", 0.75)], step: 10)
        try w.write(Event(wallTime: 1, step: 10, what: .summary([SummaryValue(tag: "h", kind: .histogram(Histogram([0, 1, 1, 2.5])))])))
        let new = try r.readNew()
        #expect(new.count == 2 && new[0].step == 10)
        guard case let .summary(v) = new[0].what else { Issue.record("not a summary"); return }
        #expect(v.map(\.tag) == ["loss", "accuracy"] && v[1].scalar == 0.75)
        // A half-written record is not an error: it is read once complete.
        let record = TFRecord.frame(Event(wallTime: 2, step: 11, what: .summary([SummaryValue(tag: "loss", kind: .scalar(0.25))])).encoded())
        let h = FileHandle(forWritingAtPath: w.path)!
        h.seekToEndOfFile()
        h.write(Data(record.prefix(10)))
        #expect(try r.readNew().isEmpty)
        h.write(Data(record.dropFirst(10)))
        try h.close()
        #expect(try r.readNew().map(\.step) == [11])
    }

    @Test func corruptRecordsAreReportedWithTheOffset() throws {
        let dir = try Interop.temporaryDirectory("est-events-bad")
        let path = dir.appendingPathComponent("events.out.tfevents.1.x").path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("train.tfevents")))
        bytes[100] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        // The records before the corruption come back; the next read reports it with its offset.
        let reader = EventFileReader(path: path)
        let good = try reader.readNew()
        #expect(good.count >= 1 && good.count < 15)
        #expect { _ = try reader.readNew() } throws: { ($0 as? EventFileError)?.offset ?? 0 > 0 }
    }
}

@Suite struct EventReviewRegressionTests {
    @Test func garbageAfterGoodRecordsStillReturnsThem() throws {
        let dir = try Interop.temporaryDirectory("est-ev-tail")
        let w = try EventFileWriter(directory: dir.path)
        try w.scalars([("loss", 1)], step: 1)
        let h = FileHandle(forWritingAtPath: w.path)!
        h.seekToEndOfFile()
        h.write(Data(count: 64))   // a crash left zeros at the end
        try h.close()
        #expect(try EventFileReader.readAll(path: w.path).count == 2)
    }

    @Test func hugeLengthsInCorruptEventsThrowInsteadOfCrashing() {
        // Field 5 (summary) with a length varint near UInt64.max.
        var bytes: [UInt8] = [0x2A] + [UInt8](repeating: 0xFF, count: 9) + [0x01]
        bytes += [0x38] + [UInt8](repeating: 0xFF, count: 9) + [0x01]
        #expect(throws: (any Error).self) { _ = try Event(decoding: bytes[...]) }
    }
}
