import HTTPServer

/// `server:` of the configuration file: where to listen and the HTTP limits.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The HTTP server's own limits and timeouts (API.md "Limits").
    public var http = HTTPServerConfiguration()
    /// Key for cursor signatures. Nil = random per process (cursors do not survive a
    /// restart, and instances behind one balancer must share a secret to accept each
    /// other's cursors).
    public var cursorSecret: String?

    public init() {}

    /// The HTTP server configuration with `listen` applied.
    public var httpConfiguration: HTTPServerConfiguration {
        var c = http
        c.host = host
        c.port = port
        return c
    }
}
