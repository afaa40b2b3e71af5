import HTTPServer

/// Per-key rate limiting; goes right after authentication, so only the authenticated key's
/// configured name is ever used (a bucket per unknown bearer string would be a memory leak
/// an attacker controls). Requests without a key pass through: auth has answered them.
public struct RateLimitMiddleware: HTTPMiddleware {
    let limiter: RateLimiter
    let metrics: GatewayMetrics?
    /// The authenticated key's configured name, from the context auth filled in.
    let keyName: @Sendable (RequestContext) -> String?

    public init(limiter: RateLimiter, metrics: GatewayMetrics? = nil, keyName: @escaping @Sendable (RequestContext) -> String?) {
        self.limiter = limiter
        self.metrics = metrics
        self.keyName = keyName
    }

    public func handle(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) async throws -> HTTPResponse {
        if !limiter.isEmpty, let name = keyName(context), context.handOver?[RateLimitAdmitted.self] == nil {
            do {
                try limiter.admit(keyName: name)
            } catch {
                metrics?.recordRateLimited(keyName: name)
                throw ResilienceProblems.httpError(for: error)!
            }
        }
        return try await next.respond(to: request, context: context)
    }

    /// Takes the token first. When the request goes the ordinary way, the token goes with it
    /// (`HandOver`), or back to the bucket if there is nothing to carry it and the ordinary
    /// path takes its own: each request costs one token whichever path answers it.
    public func handleImmediately(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) -> HTTPResponse? {
        guard !limiter.isEmpty, let name = keyName(context) else { return next.respondImmediately(to: request, context: context) }
        guard (try? limiter.admit(keyName: name)) != nil else { return nil }
        guard let response = next.respondImmediately(to: request, context: context) else {
            if let handOver = context.handOver {
                handOver[RateLimitAdmitted.self] = true
            } else {
                limiter.refund(keyName: name)
            }
            return nil
        }
        return response
    }
}

/// The immediate attempt took this request's token (see `RateLimitMiddleware`).
enum RateLimitAdmitted: ContextKey { typealias Value = Bool }
