import Datasets
import FeatureColumns
import Workspaces

/// The column table of the Input screen: each column of the training file with its role and feature column, read
/// from the draft workspace (explicit `[[features]]` tables, or what ``FeatureColumnInference`` makes of the column).
extension InputScreen {
    /// What a column is to the model.
    public enum Role: String, CaseIterable, Sendable {
        case feature, weight, ignore, label
    }

    /// The feature kinds a column can take (`[[features]] type`).
    public static let kinds = ["numeric", "bucketized", "vocabulary", "hash_bucket", "identity"]

    /// One row of the table: a column of the file, or a cross of columns.
    public struct ColumnRow: Equatable, Sendable {
        public var name: String
        /// The column's type in the statistics (nil for a cross).
        public var type: ColumnType?
        public var role: Role
        /// The `[[features]]` table that makes its feature column (nil unless a feature).
        public var table: TOMLTable?
        /// Whether ``table`` is what inference would make (no `[[features]]` tables in the workspace).
        public var inferred: Bool
        public var kind: String { table.flatMap { if case let .string(t)? = $0["type"] { t } else { nil } } ?? (table == nil ? "" : "numeric") }
    }

    /// The training file's statistics, when computed.
    static func statistics(_ app: AppState) -> [ColumnStatistics]? { app.data.train.first.flatMap { app.data.ready($0)?.columns } }

    /// The draft's `[[features]]` tables as written.
    static func explicitTables(_ app: AppState) -> [TOMLTable] {
        guard case let .array(items)? = app.draft?.document?.root["features"] else { return [] }
        return items.compactMap { if case let .table(t) = $0 { t } else { nil } }
    }

    static func key(_ t: TOMLTable) -> String? {
        if case let .string(k)? = t["key"] ?? t["name"] { return k }
        return nil
    }

    /// The rows: every column of the file in order, then the crosses.
    public static func rows(_ app: AppState) -> [ColumnRow] {
        guard let stats = statistics(app) else { return [] }
        let ws = try? app.draft?.workspace().get()
        let label = ws?.label ?? "", weight = ws?.estimator.weightColumn, exclude = Set(ws?.exclude ?? [])
        let explicit = explicitTables(app)
        var out: [ColumnRow] = []
        for s in stats {
            let role: Role = s.name == label ? .label : s.name == weight ? .weight : exclude.contains(s.name) ? .ignore : .feature
            var row = ColumnRow(name: s.name, type: s.type, role: role, table: nil, inferred: explicit.isEmpty)
            if role == .feature {
                if explicit.isEmpty {
                    row.table = inferredTable(s, forDNN: embedsHashedText(ws))
                } else if let t = explicit.first(where: { key($0) == s.name && $0["type"] != .string("crossed") }) {
                    row.table = t
                } else {
                    row.role = .ignore
                }
            }
            out.append(row)
        }
        for t in explicit where t["type"] == .string("crossed") {
            out.append(ColumnRow(name: key(t) ?? "cross", type: nil, role: .feature, table: t, inferred: false))
        }
        return out
    }

    /// A table from key-value pairs, in order.
    static func table(_ pairs: [(String, TOMLValue)]) -> TOMLTable {
        var t = TOMLTable()
        for (k, v) in pairs { t.set(k, v, line: 0) }
        return t
    }

    /// Whether inference embeds hashed text for the workspace's estimator (DNNs; trees and linear models do not).
    static func embedsHashedText(_ ws: Workspace?) -> Bool {
        guard let k = ws?.estimator.estimatorKind else { return true }
        return k.usesDNNColumns && !k.isBoostedTrees
    }

    /// The `[[features]]` table that gives what inference gives the column (hashed text is embedded for DNNs only).
    static func inferredTable(_ s: ColumnStatistics, forDNN: Bool = true) -> TOMLTable {
        guard s.type == .string else { return table([("key", .string(s.name)), ("type", .string("numeric"))]) }
        if s.distinct <= FeatureColumnInference.vocabularyLimit && s.distinctIsExact && s.top.count == s.distinct && !s.top.isEmpty {
            return table([("key", .string(s.name)), ("type", .string("vocabulary"))])
        }
        let size = min(max(2 * s.distinct, 100), 100_000)
        let dim = Int((6 * Double(max(s.distinct, 1)).squareRoot().squareRoot()).rounded(.up))
        return table([("key", .string(s.name)), ("type", .string("hash_bucket")), ("hash_bucket_size", .int(Int64(size)))]
            + (forDNN ? [("embedding_dimension", .int(Int64(dim)))] : []))
    }

    /// A new table of `kind` for the column, with options proposed from its statistics.
    static func newTable(kind: String, _ s: ColumnStatistics) -> TOMLTable {
        let head: [(String, TOMLValue)] = [("key", .string(s.name)), ("type", .string(kind))]
        switch kind {
        case "numeric": return table(head + [("normalizer", .string("zscore"))])
        case "bucketized":
            let b = proposedBoundaries(s)
            return table(head + (b.isEmpty ? [("buckets", .int(4))] : [("boundaries", .array(b.map { .float($0) }))]))
        case "hash_bucket": return table(head + [("hash_bucket_size", .int(Int64(min(max(2 * s.distinct, 100), 100_000))))])
        case "identity": return table(head + [("num_buckets", .int(Int64(max(1, Int(s.max ?? 0) + 1))))])
        default: return table(head)
        }
    }

    /// The quartiles p25, p50, p75 that increase (repeated values dropped).
    static func proposedBoundaries(_ s: ColumnStatistics) -> [Double] {
        var out: [Double] = []
        for q in [s.p25, s.p50, s.p75].compactMap({ $0 }) where out.last.map({ q > $0 }) ?? true { out.append(q) }
        return out
    }

    /// Why a column cannot take a kind, or nil.
    public static func refusal(kind: String, _ s: ColumnStatistics) -> String? {
        guard kinds.contains(kind) else { return "unknown kind '\(kind)': \(kinds.joined(separator: ", "))" }
        if s.type == .string && ["numeric", "bucketized", "identity"].contains(kind) {
            let examples = s.top.prefix(2).map(\.value).joined(separator: ", ")
            return "'\(s.name)' holds text (\(examples)…): use vocabulary or hash_bucket"
        }
        if kind == "identity", s.type == .float || (s.min ?? 0) < 0 {
            return "'\(s.name)' is not a column of ids ≥ 0: identity needs integers 0, 1, 2, …"
        }
        return nil
    }

    /// Every feature column's table after the column `name` takes `new` (nil: it is no longer a feature), in file order;
    /// crosses stay. `extra` tables are appended (a new cross).
    static func tables(_ app: AppState, replacing name: String?, with new: TOMLTable?, extra: [TOMLTable] = []) -> [TOMLTable] {
        var out: [TOMLTable] = []
        for r in rows(app) {
            if r.name == name && r.type != nil {
                if let new { out.append(new) }
            } else if r.name == name {
                continue   // a cross removed
            } else if let t = r.table {
                out.append(t)
            }
        }
        if let name, let new, !out.contains(where: { key($0) == name }) { out.append(new) }
        return out + extra
    }

    /// The request that writes `tables` as the draft's `[[features]]`, after `edit` changed simple keys.
    static func rewrite(_ app: AppState, tables: [TOMLTable]?, _ edit: (inout TOMLDocument) throws -> Void = { _ in }) -> ScreenResult {
        guard var doc = app.draft?.document else { return .note("no workspace is open to edit", .warning) }
        do { try edit(&doc) } catch { return .note("\(error)", .error) }
        let text = tables.map { doc.replacingArrayOfTables(named: "features", with: $0) } ?? doc.text
        return ScreenResult(requests: [.replaceWorkspace(text: text)])
    }
}
