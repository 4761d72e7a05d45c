/// The Data screen's background work: indexing files, reading pages, sorting.
extension Session {
    func performData(_ r: DataRequest) {
        switch r {
        case let .sheet(w): performSheet(w)
        }
    }
}
