/// The sizes the parser enforces, taken from `HTTPServerConfiguration`.
struct ParserLimits: Sendable {
    var maxRequestLineBytes = 8 * 1024
    var maxHeaderLineBytes = 8 * 1024
    var maxHeaderBytes = 32 * 1024
    var maxHeaderCount = 100
    var maxBodyBytes = 1024 * 1024
    /// All chunk extensions of one body together (Go CVE-2023-39326 class).
    var maxChunkExtensionBytes = 4 * 1024

    init() {}

    init(_ c: HTTPServerConfiguration) {
        maxRequestLineBytes = c.maxRequestLineBytes
        maxHeaderLineBytes = c.maxHeaderLineBytes
        maxHeaderBytes = c.maxHeaderBytes
        maxHeaderCount = c.maxHeaderCount
        maxBodyBytes = c.maxBodyBytes
    }
}

/// Parser failures as problem responses. Every one closes the connection: after a framing
/// error the byte stream can no longer be trusted.
enum ParseError {
    static func bad(_ detail: String) -> HTTPError {
        HTTPError(.badRequest, slug: "invalid-request", title: "Invalid request", detail: detail, closeConnection: true)
    }
    static func uriTooLong(_ limit: Int) -> HTTPError {
        HTTPError(.uriTooLong, slug: "uri-too-long", title: "Request line too long",
                  detail: "The request line exceeds \(limit) bytes.", closeConnection: true)
    }
    static func headersTooLarge(_ detail: String) -> HTTPError {
        HTTPError(.headersTooLarge, slug: "headers-too-large", title: "Request header fields too large",
                  detail: detail, closeConnection: true)
    }
    static func bodyTooLarge(_ limit: Int) -> HTTPError {
        HTTPError(.payloadTooLarge, slug: "body-too-large", title: "Request body too large",
                  detail: "The request body exceeds \(limit) bytes.", closeConnection: true)
    }
    static func notImplemented(_ detail: String) -> HTTPError {
        HTTPError(.notImplemented, slug: "not-implemented", title: "Not implemented", detail: detail, closeConnection: true)
    }
    static func version() -> HTTPError {
        HTTPError(.versionNotSupported, slug: "version-not-supported", title: "HTTP version not supported",
                  detail: "Only HTTP/1.0 and HTTP/1.1 are served.", closeConnection: true)
    }
    static func expectation() -> HTTPError {
        HTTPError(HTTPStatus(417), slug: "expectation-failed", title: "Expectation failed",
                  detail: "Only 'Expect: 100-continue' is supported.", closeConnection: true)
    }
    static func timeout() -> HTTPError {
        HTTPError(.requestTimeout, slug: "request-timeout", title: "Request timeout",
                  detail: "The request was not received in time.", closeConnection: true)
    }
}
