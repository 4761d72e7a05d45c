import Datasets
import Foundation

/// The Data screen's sheets' background work: value counts, scatter samples, each on a thread of its own.
extension Session {
    func performSheet(_ r: SheetRequest) {
        // The CSV options the statistics are read with (the draft's, else the workspace's), so the sheets agree with them.
        let options = (try? state.draft?.workspace().get())?.csvOptions ?? engine.workspace.csvOptions
        let post = self.post
        switch r {
        case let .valueCounts(path, column):
            Thread.detachNewThread {
                let result: Result<[ColumnStatistics.TopValue], DataError>
                do throws(DataError) { result = .success(try Self.valueCounts(path: path, column: column, options: options)) } catch {
                    result = .failure(error)
                }
                post(.data(.sheet(.valueCounts(path: path, column: column, result))))
            }
        case let .scatterSample(path, x, y, limit):
            Thread.detachNewThread {
                let result: Result<[ScatterPoint], DataError>
                do throws(DataError) { result = .success(try Self.scatterSample(path: path, x: x, y: y, limit: limit, options: options)) } catch {
                    result = .failure(error)
                }
                post(.data(.sheet(.scatterSample(path: path, x: x, y: y, result))))
            }
        }
    }

    /// Every value of `column` as written in the file, with its count, most frequent first; a missing cell is `""`.
    ///
    /// The column is read as text, so `39.10` and `39.1` stay two values and each is the text a filter on the table
    /// matches. Ties go by value (missing, then numbers by size, then texts) while there are at most `cap` values; past that only the `cap` most
    /// frequent are kept, ties in the order the values first appear.
    static func valueCounts(path: String, column: String, options: CSVOptions,
                            cap: Int = FrequencySheet.distinctCap) throws(DataError) -> [ColumnStatistics.TopValue] {
        precondition(cap > 0, "valueCounts: cap must be positive, got \(cap)")
        var options = options
        options.types[column] = .string
        let reader = try CSVReader(path: path, options: options)
        let k = try reader.index(of: column)
        var counts: [Int] = [], dictionary: [String] = [], missing = 0
        while let block = try reader.next() {
            guard case let .string(codes, dict) = block.columns[k].values else { continue }
            dictionary = dict
            if counts.count < dict.count { counts += [Int](repeating: 0, count: dict.count - counts.count) }
            counts.withUnsafeMutableBufferPointer { n in
                for code in codes { if code < 0 { missing += 1 } else { n[Int(code)] += 1 } }
            }
        }
        var values = dictionary.indices.map { ColumnStatistics.TopValue(value: dictionary[$0], count: counts[$0]) }
        if missing > 0 { values.append(ColumnStatistics.TopValue(value: "", count: missing)) }
        guard values.count <= cap else {
            // Many values (ids, timestamps): order by count only, which is cheap, and keep the most frequent.
            let order = values.indices.sorted { values[$0].count != values[$1].count ? values[$0].count > values[$1].count : $0 < $1 }
            return order.prefix(cap).map { values[$0] }
        }
        // Ties: the missing cells, then numbers by size, then texts in order (a total order, as sorting needs).
        let numbers = values.map { Double($0.value) }
        func rank(_ i: Int) -> Int { values[i].value.isEmpty ? 0 : numbers[i] == nil ? 2 : 1 }
        let order = values.indices.sorted { a, b in
            if values[a].count != values[b].count { return values[a].count > values[b].count }
            if rank(a) != rank(b) { return rank(a) < rank(b) }
            if let x = numbers[a], let y = numbers[b], x != y { return x < y }
            return values[a].value < values[b].value
        }
        return order.map { values[$0] }
    }

    /// Up to `limit` (x, y) pairs of two columns, spread evenly over the file's rows in file order.
    ///
    /// A row whose x or y is missing, not a number, or not finite is left out. Both columns are read as text and each
    /// distinct text parsed once, so a stray word in a numeric column costs its row, not the plot.
    static func scatterSample(path: String, x: String, y: String, limit: Int, options: CSVOptions) throws(DataError) -> [ScatterPoint] {
        precondition(limit > 0, "scatterSample: limit must be positive, got \(limit)")
        var options = options
        options.types[x] = .string
        options.types[y] = .string
        let reader = try CSVReader(path: path, options: options)
        let (kx, ky) = (try reader.index(of: x), try reader.index(of: y))
        var parsedX: [Double?] = [], parsedY: [Double?] = []
        func parse(_ dict: [String], into cache: inout [Double?]) {
            for s in dict.dropFirst(cache.count) { cache.append(Double(s).flatMap { $0.isFinite ? $0 : nil }) }
        }
        var all: [ScatterPoint] = []
        while let block = try reader.next() {
            guard case let .string(cx, dx) = block.columns[kx].values, case let .string(cy, dy) = block.columns[ky].values else { continue }
            parse(dx, into: &parsedX)
            parse(dy, into: &parsedY)
            for i in 0..<cx.count where cx[i] >= 0 && cy[i] >= 0 {
                if let vx = parsedX[Int(cx[i])], let vy = parsedY[Int(cy[i])] { all.append(ScatterPoint(x: vx, y: vy)) }
            }
        }
        guard all.count > limit else { return all }
        return (0..<limit).map { all[$0 * all.count / limit] }
    }
}
