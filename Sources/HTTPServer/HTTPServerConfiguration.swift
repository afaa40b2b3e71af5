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
    /// A response that makes no progress (the client stopped reading) for this long: close.
    public var writeTimeout: Duration = .seconds(30)
    /// After this many requests a connection's response carries `Connection: close`, as
    /// nginx's `keepalive_requests` does: per-connection state never grows without bound
    /// and load spreads again across loops.
    public var maxRequestsPerConnection = 1000
    public var maxConnections = 16_384                 // over it: accept and close
    /// How long shutdown waits for in-flight requests.
    public var shutdownGrace: Duration = .seconds(10)
    /// listen(2) backlog of each loop's listener.
    public var backlog = 1024

    public init() {}
}
