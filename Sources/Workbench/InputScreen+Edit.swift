import Datasets
import Foundation
import Workspaces

/// The Input screen's edits: each command without an argument asks for the text (``EditPrompt``), then applies it
/// to the draft; text that does not fit the column is an inline error with the reason, and the draft is unchanged.
extension InputScreen {
    /// The selected row and its column's statistics.
    static func selected(_ s: State, _ app: AppState) -> (row: ColumnRow, stats: ColumnStatistics?)? {
        let rows = rows(app)
        guard rows.indices.contains(s.row) else { return nil }
        return (rows[s.row], statistics(app)?.first { $0.name == rows[s.row].name })
    }

    /// Records an inline error (a redraw, the draft unchanged).
    static func fail(_ s: inout State, _ why: String) -> ScreenResult {
        s.error = why
        return ScreenResult()
    }

    static func ask(_ title: String, _ initial: String, _ command: Command, _ hint: String) -> ScreenResult {
        ScreenResult(requests: [.edit(EditPrompt(title: title, initial: initial, command: command, hint: hint))])
    }

    /// `t`: the feature kind of the selected column.
    static func setKind(_ s: inout State, _ app: AppState, _ text: String?) -> ScreenResult {
        guard let (row, stats) = selected(s, app), let stats else { return fail(&s, "select a column of the file (crosses are changed with x)") }
        guard row.role != .label && row.role != .weight else { return fail(&s, "'\(row.name)' is the \(row.role.rawValue): r changes its role") }
        guard let text else { return ask("kind of '\(row.name)'", row.kind, .inputKind, kinds.joined(separator: ", ")) }
        let kind = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let why = refusal(kind: kind, stats) { return fail(&s, why) }
        s.error = nil
        let t = newTable(kind: kind, stats)
        return rewrite(app, tables: tables(app, replacing: row.name, with: t)) { doc in try removeExclusion(row.name, &doc, app) }
    }

    /// `Enter`/`o`: the main option of the selected column's kind.
    static func setOptions(_ s: inout State, _ app: AppState, _ text: String?) -> ScreenResult {
        guard let (row, stats) = selected(s, app), var t = row.table else {
            return fail(&s, "the selected column is not a feature (r sets its role)")
        }
        let kind = row.kind
        guard let text else {
            switch kind {
            case "numeric": return ask("normalizer of '\(row.name)'", string(t["normalizer"]) ?? "zscore", .inputOptions, "none, zscore or minmax")
            case "bucketized":
                let b = doubles(t["boundaries"]) ?? stats.map(proposedBoundaries) ?? []
                return ask("boundaries of '\(row.name)'", b.map(format).joined(separator: ", "), .inputOptions,
                           "increasing numbers, or buckets N (quantiles)")
            case "vocabulary":
                let v = strings(t["vocabulary"]) ?? stats?.top.map(\.value) ?? []
                return ask("vocabulary of '\(row.name)'", v.joined(separator: ", "), .inputOptions, "comma-separated; empty: the data's values")
            case "identity":
                return ask("num_buckets of '\(row.name)'", int(t["num_buckets"]).map(String.init) ?? "", .inputOptions, "an integer ≥ 1")
            default: return ask("hash_bucket_size of '\(row.name)'", int(t["hash_bucket_size"]).map(String.init) ?? "1000", .inputOptions,
                                "an integer ≥ 2")
            }
        }
        let words = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        switch kind {
        case "numeric":
            let n = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "")
            guard ["none", "zscore", "minmax"].contains(n) else { return fail(&s, "normalizer must be none, zscore or minmax, got '\(text)'") }
            t.set("normalizer", .string(n), line: 0)
        case "bucketized":
            if words.first == "buckets" || words.last == "buckets" {
                guard let n = words.compactMap({ Int($0) }).first, n >= 2 else { return fail(&s, "buckets needs a count ≥ 2, as in 'buckets 5'") }
                t = table([("key", .string(row.name)), ("type", .string(kind)), ("buckets", .int(Int64(n)))] + carried(t))
            } else {
                var b: [Double] = []
                for (i, w) in words.enumerated() {
                    guard let v = Double(w) else { return fail(&s, "boundary \(i + 1) '\(w)' is not a number") }
                    if let last = b.last, v <= last {
                        return fail(&s, "boundaries must increase: \(format(v)) (position \(i + 1)) after \(format(last))")
                    }
                    b.append(v)
                }
                guard !b.isEmpty else { return fail(&s, "give at least one boundary, or buckets N") }
                t = table([("key", .string(row.name)), ("type", .string(kind)), ("boundaries", .array(b.map { .float($0) }))] + carried(t))
            }
        case "vocabulary":
            let v = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if v.isEmpty { t = table(t.order.filter { $0 != "vocabulary" }.map { ($0, t[$0]!) }) } else {
                guard Set(v).count == v.count else { return fail(&s, "the vocabulary repeats a value") }
                t.set("vocabulary", .array(v.map { .string($0) }), line: 0)
            }
        case "identity":
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 1 else {
                return fail(&s, "num_buckets must be an integer ≥ 1, got '\(text)'")
            }
            t.set("num_buckets", .int(Int64(n)), line: 0)
        default:
            guard let n = Int(words.last ?? ""), n >= 2 else { return fail(&s, "hash_bucket_size must be an integer ≥ 2, got '\(text)'") }
            t.set("hash_bucket_size", .int(Int64(n)), line: 0)
        }
        s.error = nil
        return rewrite(app, tables: tables(app, replacing: row.name, with: t))
    }

    /// The embedding and combiner settings a rebuilt table keeps.
    static func carried(_ t: TOMLTable) -> [(String, TOMLValue)] {
        ["embedding_dimension", "combiner"].compactMap { k in t[k].map { (k, $0) } }
    }

    /// `d`: the embedding dimension of a categorical column (0: an indicator, one-hot).
    static func setEmbedding(_ s: inout State, _ app: AppState, _ text: String?) -> ScreenResult {
        guard let (row, _) = selected(s, app), var t = row.table else { return fail(&s, "the selected column is not a feature (r sets its role)") }
        guard row.kind != "numeric" else { return fail(&s, "'\(row.name)' is numeric: an embedding needs a categorical kind (t)") }
        guard let text else {
            return ask("embedding dimension of '\(row.name)'", int(t["embedding_dimension"]).map(String.init) ?? "0", .inputEmbedding,
                       "0: an indicator (one-hot); n: a learned vector of n numbers")
        }
        guard let d = Int(text.trimmingCharacters(in: .whitespaces)), d >= 0 else {
            return fail(&s, "the embedding dimension must be an integer ≥ 0, got '\(text)'")
        }
        if d == 0 { t = table(t.order.filter { $0 != "embedding_dimension" }.map { ($0, t[$0]!) }) } else {
            t.set("embedding_dimension", .int(Int64(d)), line: 0)
        }
        s.error = nil
        return rewrite(app, tables: tables(app, replacing: row.name, with: t))
    }

    /// `x`: crosses the selected column with others (`sex, year 1000`: the names, then the hash size).
    static func cross(_ s: inout State, _ app: AppState, _ text: String?) -> ScreenResult {
        guard let (row, stats) = selected(s, app), stats != nil else { return fail(&s, "select a column of the file to cross") }
        guard let text else { return ask("cross '\(row.name)' with", "", .inputCross, "other columns, then the hash_bucket_size: sex, 1000") }
        var words = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        let size = Int(words.last ?? "") ?? 1000
        if Int(words.last ?? "") != nil { words.removeLast() }
        let names = statistics(app)?.map(\.name) ?? []
        guard !words.isEmpty else { return fail(&s, "name at least one other column to cross with '\(row.name)'") }
        if let bad = words.first(where: { !names.contains($0) }) { return fail(&s, "'\(bad)' is not a column (\(names.joined(separator: ", ")))") }
        guard size >= 2 else { return fail(&s, "hash_bucket_size must be at least 2, got \(size)") }
        if let same = words.first(where: { $0 == row.name }) ?? words.first(where: { w in words.filter { $0 == w }.count > 1 }) {
            return fail(&s, "'\(same)' is named twice: a cross is of different columns")
        }
        let keys = [row.name] + words
        let t = table([("key", .string(keys.joined(separator: "_X_"))), ("type", .string("crossed")), ("keys", .array(keys.map { .string($0) })),
                       ("hash_bucket_size", .int(Int64(size)))])
        s.error = nil
        return rewrite(app, tables: tables(app, replacing: nil, with: nil, extra: [t]))
    }

    /// `r`: the next role of the selected column (feature → weight → ignore → label); a cross is removed.
    static func cycleRole(_ s: inout State, _ app: AppState, _ text: String?) -> ScreenResult {
        guard let (row, stats) = selected(s, app) else { return ScreenResult() }
        guard row.type != nil else { s.error = nil; return rewrite(app, tables: tables(app, replacing: row.name, with: nil)) }
        let target: Role
        if let text {
            guard let r = Role(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
                return fail(&s, "role must be \(Role.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
            }
            target = r
        } else {
            let order = Role.allCases
            var next = order[(order.firstIndex(of: row.role)! + 1) % order.count]
            if next == .weight && stats?.type == .string { next = .ignore }
            target = next
        }
        return setRole(&s, app, row.name, target)
    }

    /// Makes `name` the label, the weight column, a feature or ignored.
    static func setRole(_ s: inout State, _ app: AppState, _ name: String, _ role: Role) -> ScreenResult {
        guard let ws = try? app.draft?.workspace().get(), let stats = statistics(app)?.first(where: { $0.name == name }) else {
            return fail(&s, "the workspace has an error: fix it first (the log says where)")
        }
        if ws.label == name && role != .label { return fail(&s, "'\(name)' is the label: make another column the label first") }
        if role == .weight && stats.type == .string { return fail(&s, "'\(name)' holds text: a weight column needs numbers") }
        let explicit = !explicitTables(app).isEmpty, dnn = embedsHashedText(ws)
        var list: [TOMLTable]? = explicit ? tables(app, replacing: name, with: role == .feature ? inferredTable(stats, forDNN: dnn) : nil) : nil
        if role == .label, explicit, let old = statistics(app)?.first(where: { $0.name == ws.label }) {
            list?.append(inferredTable(old, forDNN: dnn))
        }
        s.error = nil
        return rewrite(app, tables: list) { doc in
            try removeExclusion(name, &doc, app)
            if ws.estimator.weightColumn == name && role != .weight, doc.entry(at: ["estimator", "weight_column"]) != nil {
                try doc.remove(at: ["estimator", "weight_column"])
            }
            switch role {
            case .label: try doc.set(.string(name), at: ["data", "label"])
            case .weight: try doc.set(.string(name), at: ["estimator", "weight_column"])
            case .ignore: try doc.set(.array((ws.exclude.filter { $0 != name } + [name]).map { .string($0) }), at: ["data", "exclude"])
            case .feature: break
            }
        }
    }

    /// Takes `name` out of `[data] exclude` (the key goes when it empties).
    static func removeExclusion(_ name: String, _ doc: inout TOMLDocument, _ app: AppState) throws {
        guard case let .array(items)? = doc.value(at: ["data", "exclude"]), items.contains(.string(name)) else { return }
        let rest = items.filter { $0 != .string(name) }
        if rest.isEmpty { try doc.remove(at: ["data", "exclude"]) } else { try doc.set(.array(rest), at: ["data", "exclude"]) }
    }

    static func string(_ v: TOMLValue?) -> String? { if case let .string(x)? = v { x } else { nil } }
    static func int(_ v: TOMLValue?) -> Int? { if case let .int(x)? = v { Int(x) } else { nil } }
    static func strings(_ v: TOMLValue?) -> [String]? {
        guard case let .array(a)? = v else { return nil }
        return a.compactMap { string($0) }
    }
    static func doubles(_ v: TOMLValue?) -> [Double]? {
        guard case let .array(a)? = v else { return nil }
        return a.compactMap { if case let .float(d) = $0 { d } else if case let .int(n) = $0 { Double(n) } else { nil } }
    }
    static func format(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(format: "%g", d) }
}
