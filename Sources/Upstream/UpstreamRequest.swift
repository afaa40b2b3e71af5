/// One outgoing call to a vendor. Plain Swift values: no libcurl type crosses this line.
public struct UpstreamRequest: Sendable {
    public var method: String
    /// Absolute `http` or `https` URL; anything else is refused before a socket opens.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// Basic credentials go here rather than in a header so they are never logged.
    public var basicAuth: (username: String, password: String)?
    public var connectTimeout: Duration
    /// Whole-transfer deadline: connect, send, wait and read.
    public var timeout: Duration
    public var tls: UpstreamTLS
    public var maxResponseBytes: Int

    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
                body: [UInt8]? = nil, basicAuth: (username: String, password: String)? = nil,
                connectTimeout: Duration = .seconds(3), timeout: Duration = .seconds(10),
                tls: UpstreamTLS = UpstreamTLS(), maxResponseBytes: Int = 16 * 1024 * 1024) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.basicAuth = basicAuth
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.tls = tls
        self.maxResponseBytes = maxResponseBytes
    }
}

/// TLS settings per upstream. Verification is always on; there is deliberately no switch.
public struct UpstreamTLS: Sendable, Hashable {
    /// PEM bundle trusted in addition to nothing else (replaces the system store) — for
    /// on-site PBXs with their own CA.
    public var caFile: String?
    public var clientCertificateFile: String?
    public var clientKeyFile: String?
    public init(caFile: String? = nil, clientCertificateFile: String? = nil, clientKeyFile: String? = nil) {
        self.caFile = caFile
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
    }
}

public struct UpstreamResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}

/// The seam adapters talk to. `CurlClient` is the real one; tests may pass another.
public protocol UpstreamTransport: Sendable {
    /// Throws `UpstreamError` for every transport failure; any HTTP status is a response.
    func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse
}
