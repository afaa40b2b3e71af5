import HTTPServer
import Synchronization

/// A vendor stand-in on our own HTTPServer (loopback, port 0). Handlers misbehave through
/// `HTTPResponse.delivery` (close mid-body, trickle, garbage, drop) or by awaiting before
/// they answer. Connections are told apart by the peer address (ip:port) of their requests.
final class UpstreamTestServer: Sendable {
    typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    let port: Int
    private let server: HTTPServer
    private let peers = PeerLog()

    init(_ handler: @escaping Handler) throws {
        let peers = self.peers
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.loopCount = 1
        configuration.shutdownGrace = .seconds(2)
        server = HTTPServer(configuration: configuration, responder: ClosureResponder { request, context in
            peers.record(context.remoteAddress)
            return await handler(request)
        })
        port = try server.start()
    }

    /// Connections that carried at least one request.
    var connectionCount: Int { peers.count }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func stop() async { await server.shutdown() }

    /// Starts a server, runs `body`, and shuts the server down whatever happened.
    static func with<T>(_ handler: @escaping Handler, _ body: (UpstreamTestServer) async throws -> T) async throws -> T {
        let server = try UpstreamTestServer(handler)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}

/// Distinct peer addresses seen; one per client connection.
final class PeerLog: Sendable {
    private let peers = Mutex<Set<String>>([])
    func record(_ peer: String) { peers.withLock { _ = $0.insert(peer) } }
    var count: Int { peers.withLock { $0.count } }
}

/// Holds every caller until `parties` have arrived, then releases them all at once.
actor AsyncBarrier {
    private let parties: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var open = false

    init(parties: Int) { self.parties = parties }

    func arrive() async {
        if open { return }
        if waiting.count + 1 >= parties {
            open = true
            for continuation in waiting { continuation.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
