/// A response built by a handler. The server adds `Date`, `Content-Length` and `Connection`;
/// handlers must not set those.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// How the bytes go out. Anything but `.normal` exists for simulators and test servers
    /// that must misbehave like real vendors do.
    public var delivery: Delivery = .normal

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public enum Delivery: Sendable {
        case normal
        /// Send the head and the first `bytes` of the body (Content-Length still announces
        /// all of it), then close.
        case closeAfter(bytes: Int)
        /// Send the body `chunk` bytes at a time with `interval` between writes.
        case trickle(chunk: Int, interval: Duration)
        /// Send these bytes instead of an HTTP response, then close.
        case raw([UInt8])
        /// Close without sending anything.
        case drop
    }

    /// A JSON response from already-encoded bytes.
    public static func json(_ bytes: [UInt8], status: HTTPStatus = .ok, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var h = headers
        h.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: h, body: bytes)
    }

    public static func text(_ string: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(string.utf8))
    }
}

public struct HTTPStatus: Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public init(_ code: Int) { self.code = code }
    public var description: String { "\(code) \(reasonPhrase)" }

    public static let ok = HTTPStatus(200), created = HTTPStatus(201), accepted = HTTPStatus(202)
    public static let noContent = HTTPStatus(204)
    public static let badRequest = HTTPStatus(400), unauthorized = HTTPStatus(401), forbidden = HTTPStatus(403)
    public static let notFound = HTTPStatus(404), methodNotAllowed = HTTPStatus(405)
    public static let requestTimeout = HTTPStatus(408), conflict = HTTPStatus(409)
    public static let payloadTooLarge = HTTPStatus(413), uriTooLong = HTTPStatus(414)
    public static let tooManyRequests = HTTPStatus(429), headersTooLarge = HTTPStatus(431)
    public static let internalServerError = HTTPStatus(500), notImplemented = HTTPStatus(501)
    public static let badGateway = HTTPStatus(502), serviceUnavailable = HTTPStatus(503)
    public static let gatewayTimeout = HTTPStatus(504), versionNotSupported = HTTPStatus(505)

    public var reasonPhrase: String {
        switch code {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(code)"
        }
    }
}
