import HTTPServer

/// A read's answer and how the cache produced it.
public struct CacheOutcome: Sendable {
    public var response: CachedResponse
    public var result: CacheResult
    /// Time since the answer was fetched from the vendor (zero for a fresh fetch).
    public var age: Duration

    /// The client response: stored status, headers and bytes plus `X-Cache` and `Age`
    /// (whole seconds, rounded down as RFC 9111 §5.1 counts).
    public var httpResponse: HTTPResponse {
        // Room for these two and the two the problem layer stamps, so nothing regrows.
        var headers = HTTPHeaders()
        headers.fields.reserveCapacity(response.headers.count + 4)
        headers.fields.append(contentsOf: response.headers)
        headers.set("X-Cache", result.rawValue)
        headers.set("Age", String(max(0, age.components.seconds)))
        return HTTPResponse(status: HTTPStatus(response.status), headers: headers, body: response.body)
    }
}
