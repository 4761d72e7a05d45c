extension Workspace {
    /// Range checks of one `[[features]]` table's values, so a bad value is a workspace error with
    /// its line instead of a precondition in the feature-column constructors.
    func checkFeatureValues(_ f: FeatureSpec, _ c: Checker) throws {
        let t = f.table
        func fail(_ key: String, _ rule: String, _ hint: String) -> WorkspaceError {
            WorkspaceError(file: folder + "/workspace.toml", line: t.lines[key] ?? f.line,
                           problem: "'\(key)' of feature '\(f.key)' must be \(rule)", hint: hint)
        }
        if let d = try c.int(t, "embedding_dimension"), d <= 0 {
            throw fail("embedding_dimension", "a positive integer, got \(d)", "for example embedding_dimension = 8")
        }
        if let n = try c.int(t, "num_oov_buckets") {
            guard n >= 0 else { throw fail("num_oov_buckets", "≥ 0, got \(n)", "0 maps unknown values to default_value") }
            if n > 0, t["default_value"] != nil {
                throw fail("default_value", "left out when num_oov_buckets > 0", "TF's rule: give default_value or num_oov_buckets, not both")
            }
        }
        if let v = try c.strings(t, "vocabulary"), v.isEmpty {
            throw fail("vocabulary", "a non-empty array of strings", "list the values, or leave vocabulary out to take them from the data")
        }
        if f.type == "identity", let n = try c.int(t, "num_buckets"), let d = try c.int(t, "default_value"), d < 0 || d >= n {
            throw fail("default_value", "in 0..<\(n) (num_buckets), got \(d)", "an id for values outside the buckets")
        }
        if f.type == "crossed", let n = try c.int(t, "hash_bucket_size"), n <= 1 {
            throw fail("hash_bucket_size", "> 1, got \(n)", "for example hash_bucket_size = 1000")
        }
        if let b = try c.doubles(t, "boundaries") {
            guard !b.isEmpty, zip(b, b.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw fail("boundaries", "a non-empty, strictly increasing array of numbers, got \(b)", "for example boundaries = [0, 10, 100]")
            }
        }
    }
}
