import Datasets
import Exports
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import Testing
@testable import Serving

/// A graceful shutdown (what SIGTERM triggers) lets a request in flight finish with its answer.
@Suite struct ShutdownTests {
    /// The regressor, taking `delay` seconds per request.
    struct SlowModel: ServableModel {
        var delay: Double
        var signature: ExportSignature { Fakes.Regressor().signature }
        func predict(_ batch: Table) throws(ExportError) -> [String: ExportOutput] {
            Thread.sleep(forTimeInterval: delay)
            return try Fakes.Regressor().predict(batch)
        }
    }

    @Test func aRequestInFlightFinishesDuringShutdown() async throws {
        let repository = ModelRepository([.init(name: "slow", versions: [.init(number: 1, path: "-", state: .ready(SlowModel(delay: 0.5)))])])
        let server = ServingServer(api: ServingAPI(repository: repository, maxRows: 10), options: .init(port: 0))
        let (addresses, continuation) = AsyncStream.makeStream(of: String.self)
        let app = server.application { continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "est-serve-test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var it = addresses.makeAsyncIterator()
            let address = try #require(await it.next())
            var request = URLRequest(url: URL(string: "http://\(address)/v1/models/slow:regress")!)
            request.httpMethod = "POST"
            request.httpBody = Data("{\"examples\": [{\"x\": 1, \"y\": 2}]}".utf8)
            let answer = Task { try await URLSession.shared.data(for: request) }
            try await Task.sleep(nanoseconds: 200_000_000)
            await group.triggerGracefulShutdown()
            let (data, response) = try await answer.value
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self) == "{\"result\":[4.0]}")
            try await tasks.waitForAll()
        }
    }
}
