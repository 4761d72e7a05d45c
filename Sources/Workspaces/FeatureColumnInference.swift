import Datasets
import FeatureColumns

/// The feature columns a workspace without `[[features]]` gets (see `docs/feature-columns.md`).
///
/// - numeric (int, float, bool) → `numericColumn` with a z-score from the statistics; a
///   missing value becomes the mean (0 after normalising);
/// - text with at most ``vocabularyLimit`` distinct values → a vocabulary list (most frequent
///   first), wrapped in an indicator column for DNNs;
/// - text with more → a hash bucket of `min(max(2·distinct, 100), 100 000)` buckets, wrapped in
///   an embedding of dimension `⌈6·distinct^¼⌉` for DNNs.
public enum FeatureColumnInference {
    public static let vocabularyLimit = 100

    /// The columns for every column of `statistics` except the label, sorted by name.
    ///
    /// Compute the statistics with `topK: vocabularyLimit` so small vocabularies are complete.
    public static func columns(from statistics: [ColumnStatistics], label: String, forDNN: Bool,
                               exclude: Set<String> = []) -> [any FeatureColumn] {
        var out: [any FeatureColumn] = []
        for s in statistics where s.name != label && !exclude.contains(s.name) {
            if s.type == .string {
                if s.distinct <= vocabularyLimit && s.distinctIsExact && s.top.count == s.distinct {
                    let vocab = categoricalColumnWithVocabularyList(s.name, vocabulary: s.top.isEmpty ? [""] : vocabulary(s))
                    out.append(forDNN ? indicatorColumn(vocab) as any FeatureColumn : vocab)
                } else {
                    let size = Swift.min(Swift.max(2 * s.distinct, 100), 100_000)
                    let hashed = categoricalColumnWithHashBucket(s.name, hashBucketSize: size)
                    let dim = Int((6 * Double(Swift.max(s.distinct, 1)).squareRoot().squareRoot()).rounded(.up))
                    out.append(forDNN ? embeddingColumn(hashed, dimension: dim) as any FeatureColumn : hashed)
                }
            } else {
                let mean = s.mean ?? 0, std = s.std ?? 1
                out.append(numericColumn(s.name, defaultValue: mean, normalizer: .zScore(mean: mean, std: std == 0 ? 1 : std)))
            }
        }
        return out.sorted { $0.name < $1.name }
    }

    static func vocabulary(_ s: ColumnStatistics) -> [String] { s.top.map(\.value) }
}
