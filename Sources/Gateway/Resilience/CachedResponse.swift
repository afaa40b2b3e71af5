import HTTPServer

/// An encoded answer as it goes to the client: status, the headers that belong to the
/// representation (Content-Type, Location…) and the body bytes. Per-request headers
/// (request id, X-Cache, Age, Cache-Control) are added on the way out, never stored.
public struct CachedResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Memory the entry is charged for: bytes plus a fixed overhead for the bookkeeping,
    /// so a flood of tiny entries is bounded too.
    var chargedBytes: Int {
        var n = body.count + 160
        for h in headers { n += h.name.utf8.count + h.value.utf8.count + 32 }
        return n
    }
}

extension CachedResponse {
    /// The representation of a handler's response: status, headers and bytes. Per-request
    /// headers are added later, on the way out.
    public init(_ response: HTTPResponse) {
        self.init(status: response.status.code, headers: response.headers.fields, body: response.body)
    }
}
