/// The Input screen's background work: previews of batches, pre-flight checks.
extension Session {
    func performInput(_ r: InputRequest) {
        switch r {}
    }
}
