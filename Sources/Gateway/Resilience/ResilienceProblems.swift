import HTTPServer

/// The problem responses (API.md, Errors) of the resilience layer's own errors. The gateway's
/// one error-mapping function asks here first; nil means "not one of ours".
public enum ResilienceProblems {
    public static func httpError(for error: any Error) -> HTTPError? {
        switch error {
        case let e as CircuitOpenError:
            let seconds = e.retryAfterSeconds
            return HTTPError(.serviceUnavailable, slug: "upstream-unavailable", title: "Upstream unavailable",
                             detail: "The PBX of tenant \(e.tenant) failed repeatedly; calls to it are paused. Retry in \(seconds) s.",
                             extensions: ["tenant": .string(e.tenant), "retryAfter": .int(seconds)],
                             headers: ["Retry-After": String(seconds)])
        case let e as BulkheadFull:
            return HTTPError(.serviceUnavailable, slug: "upstream-unavailable", title: "Upstream unavailable",
                             detail: "Too many requests to the PBX of tenant \(e.tenant) are in flight and queued. Retry shortly.",
                             extensions: ["tenant": .string(e.tenant), "retryAfter": .int(1)], headers: ["Retry-After": "1"])
        case let e as BulkheadTimeout:
            return HTTPError(.gatewayTimeout, slug: "upstream-timeout", title: "Upstream timeout",
                             detail: "The request waited for one of the calls in flight to the PBX of tenant \(e.tenant) until its deadline. Retry shortly.",
                             extensions: ["tenant": .string(e.tenant), "retryAfter": .int(1)], headers: ["Retry-After": "1"])
        case let e as RateLimitExceeded:
            let seconds = e.retryAfterSeconds
            return HTTPError(.tooManyRequests, slug: "rate-limited", title: "Too many requests",
                             detail: "The rate limit of this API key is exhausted. Retry in \(seconds) s.",
                             extensions: ["retryAfter": .int(seconds)], headers: ["Retry-After": String(seconds)])
        case let e as DeadlineExceeded:
            return HTTPError(.gatewayTimeout, slug: "upstream-timeout", title: "Upstream timeout",
                             detail: "The PBX of tenant \(e.tenant) did not answer within the deadline.",
                             extensions: ["tenant": .string(e.tenant)])
        default:
            return nil
        }
    }
}

extension Duration {
    /// For `Retry-After`: whole seconds, rounded up, at least 1.
    var retryAfterSeconds: Int {
        let (s, atto) = components
        return max(1, Int(s) + (atto > 0 ? 1 : 0))
    }
}
