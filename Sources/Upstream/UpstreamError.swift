/// A transport failure talking to a vendor. Carries method, host and path only: query
/// strings and headers may hold credentials (MiRTA puts its key in the query).
public struct UpstreamError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case couldNotResolve
        case connectionRefused
        case connectTimeout
        case timeout
        case tls(reason: String)
        case responseTooLarge(limit: Int)
        case malformedResponse
        case connectionClosed
        case cancelled
        case invalidURL
        case other(String)
    }

    public var kind: Kind
    public var method: String
    public var host: String
    public var path: String

    public init(_ kind: Kind, method: String, host: String, path: String) {
        self.kind = kind
        self.method = method
        self.host = host
        self.path = path
    }

    /// Short and metric-safe: no free text from the peer.
    public var kindName: String {
        switch kind {
        case .couldNotResolve: "could-not-resolve"
        case .connectionRefused: "connection-refused"
        case .connectTimeout: "connect-timeout"
        case .timeout: "timeout"
        case .tls: "tls"
        case .responseTooLarge: "response-too-large"
        case .malformedResponse: "malformed-response"
        case .connectionClosed: "connection-closed"
        case .cancelled: "cancelled"
        case .invalidURL: "invalid-url"
        case .other: "other"
        }
    }

    public var description: String {
        let what: String = switch kind {
        case .couldNotResolve: "could not resolve host"
        case .connectionRefused: "connection refused"
        case .connectTimeout: "connect timed out"
        case .timeout: "timed out"
        case .tls(let reason): "TLS failure: \(reason)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .malformedResponse: "malformed response"
        case .connectionClosed: "connection closed before the response was complete"
        case .cancelled: "cancelled"
        case .invalidURL: "URL refused (only http and https are allowed)"
        case .other(let s): s
        }
        return "\(method) \(host)\(path): \(what)"
    }
}
