import Foundation
import Hummingbird
import HummingbirdTesting
import Serving

/// A test client of the served fakes: sends a request through Hummingbird and parses the JSON answer.
struct Client: Sendable {
    let client: any TestClientProtocol

    /// Status, parsed body and the content type.
    func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
              headers: HTTPFields = [:]) async throws -> (status: Int, json: Any?, contentType: String?) {
        let buffer = body.map { ByteBuffer(string: $0) }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let json = try? JSONSerialization.jsonObject(with: Data(buffer: response.body), options: [.fragmentsAllowed])
            return (response.status.code, json, response.headers[.contentType])
        }
    }
}

/// Runs `test` against a server of ``Fakes/repository()`` (Hummingbird's router test framework, or `.live` on a port).
func withServer(maxBodyBytes: Int = 1 << 20, maxRows: Int = 1000, setup: TestingSetup = .router,
                _ test: @escaping @Sendable (Client) async throws -> Void) async throws {
    let server = ServingServer(api: Fakes.api(maxRows: maxRows), options: .init(host: "127.0.0.1", port: 0, maxBodyBytes: maxBodyBytes))
    try await server.application().test(setup) { client in try await test(Client(client: client)) }
}

extension Data {
    init(buffer: ByteBuffer) { self.init(buffer.readableBytesView) }
}

/// A classifier instance as a JSON object.
func instance(x: Double, n: Int, color: String) -> String { "{\"x\": \(x), \"n\": \(n), \"color\": \"\(color)\"}" }
