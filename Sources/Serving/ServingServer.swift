import Foundation
import Hummingbird
import Logging
import NIOCore

/// The HTTP side of `est serve`: Hummingbird 2 in front of a ``ServingAPI``.
///
/// Bodies are read up to the size limit (413 past it, before the model is touched) and handed to the API as
/// bytes; answers go back as JSON. Shutdown is Hummingbird's graceful one (``run(gracefulShutdownSignals:)``):
/// on SIGTERM or SIGINT the server stops accepting connections and lets requests in flight finish.
public struct ServingServer: Sendable {
    /// Where and how to listen.
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        /// The largest request body accepted, in bytes.
        public var maxBodyBytes: Int

        public init(host: String = "127.0.0.1", port: Int = 8501, maxBodyBytes: Int = 64 << 20) {
            precondition(maxBodyBytes > 0, "ServingServer.Options: maxBodyBytes \(maxBodyBytes) must be positive")
            (self.host, self.port, self.maxBodyBytes) = (host, port, maxBodyBytes)
        }
    }

    public let api: ServingAPI
    public let options: Options

    public init(api: ServingAPI, options: Options) { (self.api, self.options) = (api, options) }

    /// The Hummingbird application; `onRunning` receives the address it listens on (`127.0.0.1:8501`).
    public func application(onRunning: @escaping @Sendable (String) -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = Logger(label: "est-serve")
        logger.logLevel = .warning
        return Application(
            responder: ServingResponder(api: api, maxBodyBytes: options.maxBodyBytes),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "est-serve"),
            onServerRunning: { channel in
                let address = channel.localAddress
                onRunning("\(address?.ipAddress ?? options.host):\(address?.port ?? options.port)")
            },
            logger: logger
        )
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully.
    public func run(onRunning: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

/// Reads the body within the limit and answers through the API.
struct ServingResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let api: ServingAPI
    let maxBodyBytes: Int

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        var body = ByteBuffer()
        if request.method == .post {
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
                return Self.tooLarge(length, maxBodyBytes)
            }
            do {
                body = try await request.body.collect(upTo: maxBodyBytes)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                return Self.tooLarge(nil, maxBodyBytes)
            }
        }
        let reply = body.withUnsafeReadableBytes { api.respond(method: request.method.rawValue, path: path, body: $0) }
        return Self.json(reply.status, reply.body)
    }

    static func tooLarge(_ length: Int?, _ limit: Int) -> Response {
        let size = length.map { "\($0) bytes" } ?? "more bytes"
        return json(413, JSONWriter.error("request body of \(size) is over the limit of \(limit) bytes (est serve --max-body-bytes)"))
    }

    static func json(_ status: Int, _ bytes: [UInt8]) -> Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
