import HTTPServer

/// The gateway's outermost responder: decides, before the middleware chain runs its
/// immediate attempt, whether that attempt can answer at all. Only a fresh cache hit is
/// answered immediately, so a request whose route is not a cacheable GET, or whose tenant
/// keeps that route's kind for 0 seconds, would run the whole chain (key check, rate limit,
/// tenant, cache lookup) only to go the ordinary way and run it again. Such requests go the
/// ordinary way at once.
///
/// The route is matched here, first, and handed over (`HandOver.match`) to `TracingRouter`
/// on either path, so deciding costs no second match. The decision reads only the request's
/// route and the tenant segment of its path; every check that can refuse the request still
/// runs, in order, on whichever path answers it.
struct ImmediateGate: HTTPResponder {
    let chain: MiddlewareChain
    let router: Router

    func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        try await chain.respond(to: request, context: context)
    }

    func respondImmediately(to request: HTTPRequest, context: RequestContext) -> HTTPResponse? {
        // Without a hand-over nothing carries the match: let the chain match on its own.
        guard let handOver = context.handOver else { return chain.respondImmediately(to: request, context: context) }
        let match = router.match(request.method, path: request.path)
        handOver.match = match
        guard case .found(_, let responder, let parameters) = match,
              let route = responder as? CachedGetResponder,
              let tenant = parameters["tenant"], route.mayHaveFreshEntry(tenant: tenant) else { return nil }
        return chain.respondImmediately(to: request, context: context)
    }
}
