/// The Data screen's sheets' background work: value counts, scatter samples.
extension Session {
    func performSheet(_ r: SheetRequest) {
        switch r {
        case .valueCounts, .scatterSample: break
        }
    }
}
