/// Limits and timeouts of the server; every one is configurable, defaults follow
/// ../API.md and RFC 9112 practice (nginx-like sizes, RFC-precise status codes).
public struct HTTPServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks a free port; read it back from `HTTPServer.port`.
    public var port: Int = 8080
    /// Event loops, one thread each. Defaults to the number of online cores.
    public var loopCount: Int = 0
    public var maxRequestLineBytes = 8 * 1024          // 414
    public var maxHeaderLineBytes = 8 * 1024           // 431
    public var maxHeaderBytes = 32 * 1024              // 431
    public var maxHeaderCount = 100                    // 431
    public var maxBodyBytes = 1024 * 1024              // 413
    public var headerReadTimeout: Duration = .seconds(10)  // 408, then close
    public var bodyReadTimeout: Duration = .seconds(30)    // 408, then close
    public var idleTimeout: Duration = .seconds(75)        // keep-alive idle: close quietly
    public var maxConnections = 16_384                 // over it: accept and close
    /// How long shutdown waits for in-flight requests.
    public var shutdownGrace: Duration = .seconds(10)

    public init() {}
}

/// The HTTP/1.1 server: one epoll event loop per core on its own thread, each owning its
/// sockets; parsed requests go to the `responder` as async tasks and responses come back to
/// the owning loop.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder

    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    /// Binds, listens and starts the loops. Returns the bound port (useful with port 0).
    @discardableResult
    public func start() throws -> Int {
        fatalError("HTTPServer.start: event loops not built yet")
    }

    /// The bound port after `start()`.
    public var port: Int { 0 }

    /// Stops accepting, lets in-flight requests finish within `configuration.shutdownGrace`,
    /// closes every connection and joins the loop threads.
    public func shutdown() async {}

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully.
    public func runUntilSignalled() async throws {
        try start()
    }
}
