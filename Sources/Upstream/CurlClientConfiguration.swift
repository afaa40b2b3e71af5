/// Limits of one `CurlClient` and its shared connection pool. Per-request limits (timeouts,
/// body cap, TLS files) live on `UpstreamRequest`.
public struct CurlClientConfiguration: Sendable {
    /// Open connections to one host (CURLMOPT_MAX_HOST_CONNECTIONS). Transfers beyond it wait
    /// for a free connection; with HTTP/2 they multiplex instead. 0 means unlimited.
    public var maxConnectionsPerHost: Int = 32
    /// Open connections in total (CURLMOPT_MAX_TOTAL_CONNECTIONS). 0 means unlimited.
    public var maxTotalConnections: Int = 512
    /// Idle connections kept for reuse (CURLMOPT_MAXCONNECTS).
    public var maxIdleConnections: Int = 64
    /// An idle connection older than this is not reused (CURLOPT_MAXAGE_CONN); kept below
    /// common server keep-alive timeouts so we rarely reuse one the server is closing.
    public var maxIdleConnectionAge: Duration = .seconds(50)
    /// Sum of request header lines we send; a caller bug past it fails before any socket.
    public var maxRequestHeaderBytes: Int = 32 * 1024
    /// Sum of response header lines we accept; past it the transfer is aborted.
    public var maxResponseHeaderBytes: Int = 64 * 1024
    /// Ask for HTTP/2 over TLS when the server offers it (ALPN); plain http stays HTTP/1.1.
    public var http2OverTLS: Bool = true
    /// Explicit proxy URL. nil means none at all — `http_proxy` and friends in the
    /// environment are ignored on purpose.
    public var proxy: String? = nil
    /// Sent when the caller sets no User-Agent.
    public var userAgent: String = "switchboard"

    public init() {}

    public init(maxConnectionsPerHost: Int, maxTotalConnections: Int = 512) {
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxTotalConnections = maxTotalConnections
    }
}
