import Foundation

/// A fixture shared with the Estimators tests (`Tests/EstimatorsTests/Fixtures`).
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../EstimatorsTests/Fixtures/\(name)").standardized.path
}
