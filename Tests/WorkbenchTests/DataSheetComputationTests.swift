import Datasets
import Foundation
import Testing
import Workspaces
@testable import Workbench

/// The sheets' background work (Session+DataSheets) on real files: counts checked against the penguins file.
@Suite struct DataSheetComputationTests {
    let penguins = SheetFixtures.penguins

    func counts(_ column: String, cap: Int = FrequencySheet.distinctCap) throws -> [String: Int] {
        let values = try Session.valueCounts(path: penguins, column: column, options: CSVOptions(), cap: cap)
        return Dictionary(uniqueKeysWithValues: values.map { ($0.value, $0.count) })
    }

    @Test func valueCountsOfPenguins() throws {
        // Counted from the file with Python's csv module.
        let species = try Session.valueCounts(path: penguins, column: "species", options: CSVOptions())
        #expect(species == [.init(value: "Adelie", count: 122), .init(value: "Gentoo", count: 99), .init(value: "Chinstrap", count: 54)])
        let sex = try Session.valueCounts(path: penguins, column: "sex", options: CSVOptions())
        #expect(sex == [.init(value: "male", count: 134), .init(value: "female", count: 130), .init(value: "", count: 11)])
        let year = try Session.valueCounts(path: penguins, column: "year", options: CSVOptions())
        #expect(year.map(\.value) == ["2009", "2007", "2008"] && year.map(\.count) == [101, 90, 84])
    }

    @Test func valueCountsKeepTheTextAsWritten() throws {
        let depth = try counts("bill_depth_mm")
        #expect(depth["18.0"] != nil && depth["18"] == nil)      // the file writes 18.0
        let length = try Session.valueCounts(path: penguins, column: "bill_length_mm", options: CSVOptions())
        #expect(length.count == 148)                               // 147 values and (missing)
        #expect(length.reduce(0) { $0 + $1.count } == 275)
        // Ties go by number: 41.1 and 45.2 both 6 times.
        #expect(length.prefix(2).map(\.value) == ["41.1", "45.2"])
    }

    @Test func valueCountsCapKeepsTheMostFrequent() throws {
        let island = try Session.valueCounts(path: penguins, column: "island", options: CSVOptions(), cap: 2)
        #expect(island == [.init(value: "Biscoe", count: 134), .init(value: "Dream", count: 98)])
    }

    @Test func valueCountsOfAFileWithMissingValues() throws {
        let path = try SheetFixtures.temporaryCSV("a,b,c\n1,x,2.5\n2,,3.5\n,x,\n3,\"y,z\",1\n")
        let b = try Session.valueCounts(path: path, column: "b", options: CSVOptions())
        #expect(b == [.init(value: "x", count: 2), .init(value: ""/*missing*/, count: 1), .init(value: "y,z", count: 1)])
        let a = try Session.valueCounts(path: path, column: "a", options: CSVOptions())
        #expect(a.map(\.value) == ["", "1", "2", "3"])              // ties: missing first, then by number
    }

    @Test func aMalformedRowFailsWithItsPlace() throws {
        let path = try SheetFixtures.temporaryCSV("a,b,c\n1,x,2.5\n2,,3.5\n3,z\n4,w,1\n")
        #expect(throws: DataError.self) { try Session.valueCounts(path: path, column: "b", options: CSVOptions()) }
        do {
            _ = try Session.valueCounts(path: path, column: "b", options: CSVOptions())
        } catch {
            #expect(error.location == "\(path):4:3")
            #expect(error.problem.contains("2 fields"))
        }
        do {
            _ = try Session.scatterSample(path: path, x: "a", y: "c", limit: 10, options: CSVOptions())
            Issue.record("no error")
        } catch {
            #expect(error.location == "\(path):4:3")
        }
    }

    @Test func aMissingColumnSaysWhichAreThere() throws {
        do {
            _ = try Session.valueCounts(path: penguins, column: "wings", options: CSVOptions())
            Issue.record("no error")
        } catch {
            #expect(error.problem.contains("wings") && error.line == 1)
        }
    }

    @Test func scatterSampleOfPenguins() throws {
        let all = try Session.scatterSample(path: penguins, x: "bill_length_mm", y: "bill_depth_mm", limit: 10_000, options: CSVOptions())
        #expect(all.count == 273)                                  // 2 rows lack both
        #expect(all.first == ScatterPoint(x: 39.1, y: 18.7) && all.last == ScatterPoint(x: 50.2, y: 18.7))
        let ten = try Session.scatterSample(path: penguins, x: "bill_length_mm", y: "bill_depth_mm", limit: 10, options: CSVOptions())
        #expect(ten.count == 10)
        #expect(ten == (0..<10).map { all[$0 * 273 / 10] })        // evenly over the file
    }

    @Test func scatterSkipsMissingAndWords() throws {
        let path = try SheetFixtures.temporaryCSV("x,y\n1,2\n,3\n4,\nfive,6\n7,8\ninf,9\n")
        let p = try Session.scatterSample(path: path, x: "x", y: "y", limit: 100, options: CSVOptions())
        #expect(p == [ScatterPoint(x: 1, y: 2), ScatterPoint(x: 7, y: 8)])
    }

    @Test func theSessionPostsTheAnswers() throws {
        let ws = try Workspace.load(SheetFixtures.repo + "/workspaces/penguins")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("est-sheets-\(UUID()).log").path
        let s = Session(workspace: ws, device: "cpu", logPath: log)
        s.performData(.sheet(.valueCounts(path: penguins, column: "island")))
        s.performData(.sheet(.scatterSample(path: penguins, x: "year", y: "body_mass_g", limit: 5)))
        var events: [SheetEvent] = []
        let deadline = Date().addingTimeInterval(30)
        while events.count < 2 && Date() < deadline {
            for case let .data(.sheet(e)) in s.inbox.take() { events.append(e) }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(events.contains { if case let .valueCounts(p, "island", .success(v)) = $0 { p == penguins && v.count == 3 } else { false } })
        #expect(events.contains { if case let .scatterSample(_, "year", "body_mass_g", .success(v)) = $0 { v.count == 5 } else { false } })
    }
}
