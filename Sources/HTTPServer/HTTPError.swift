/// An error that knows its problem response (RFC 9457). Everything a handler throws that is
/// not an `HTTPError` becomes one 500 in `ProblemRenderer`, without its message.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    /// Last segment of the problem type: `/problems/<slug>`.
    public var slug: String
    public var title: String
    public var detail: String
    /// Additional top-level members (`tenant`, `capability`, `vendor`, `retryAfter`).
    public var extensions: [String: ProblemValue]
    public var headers: HTTPHeaders
    /// Close the connection after sending (framing errors: the stream cannot be trusted).
    public var closeConnection: Bool

    public init(_ status: HTTPStatus, slug: String, title: String, detail: String,
                extensions: [String: ProblemValue] = [:], headers: HTTPHeaders = [:], closeConnection: Bool = false) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
        self.closeConnection = closeConnection
    }

    public var description: String { "\(status.code) \(slug): \(detail)" }

    public static func badRequest(_ detail: String) -> HTTPError {
        HTTPError(.badRequest, slug: "invalid-request", title: "Invalid request", detail: detail)
    }
    public static func notFound(_ detail: String) -> HTTPError {
        HTTPError(.notFound, slug: "not-found", title: "Not found", detail: detail)
    }
    public static func methodNotAllowed(allow: [HTTPMethod]) -> HTTPError {
        let list = allow.map(\.rawValue).joined(separator: ", ")
        return HTTPError(.methodNotAllowed, slug: "method-not-allowed", title: "Method not allowed",
                         detail: "Allowed methods: \(list).", headers: ["Allow": list])
    }
}

/// A JSON scalar for problem extensions; keeps the server free of Foundation's JSON.
public enum ProblemValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
}
