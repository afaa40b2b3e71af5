import HTTPServer

/// The gateway's outermost responder: decides, before the middleware chain runs its
/// immediate attempt, whether that attempt can answer at all. Only a fresh cache hit is
/// answered immediately, so a request whose route is not a cacheable GET, or whose tenant
/// keeps that route's kind for 0 seconds, would run the whole chain (key check, rate limit,
/// tenant, cache lookup) only to go the ordinary way and run it again. Such requests go the
/// ordinary way at once.
///
/// Deciding costs a route match, so it is made only for the tenants that switched caching
/// off for some kind (`tenantsCachingLess`, from the configuration), found by comparing the
/// path's tenant segment as bytes: every other request, the cache hits above all, goes
/// straight to the chain as before. The match is handed over (`HandOver.match`) to the
/// router on either path, so it is never made twice. The decision reads only the request's
/// route and path; every check that can refuse the request still runs, in order, on
/// whichever path answers it.
struct ImmediateGate: HTTPResponder {
    let chain: MiddlewareChain
    let router: Router
    /// Ids of the tenants with a TTL of 0 for at least one resource kind, as UTF-8.
    let tenantsCachingLess: [[UInt8]]

    init(chain: MiddlewareChain, router: Router, tenantsCachingLess: [String]) {
        self.chain = chain
        self.router = router
        self.tenantsCachingLess = tenantsCachingLess.map { Array($0.utf8) }
    }

    func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        try await chain.respond(to: request, context: context)
    }

    func respondImmediately(to request: HTTPRequest, context: RequestContext) -> HTTPResponse? {
        guard !tenantsCachingLess.isEmpty, let handOver = context.handOver, namesTenantCachingLess(request.path) else {
            return chain.respondImmediately(to: request, context: context)
        }
        let match = router.match(request.method, path: request.path)
        handOver.match = match
        guard case .found(_, let responder, let parameters) = match,
              let route = responder as? CachedGetResponder,
              let tenant = parameters["tenant"], route.mayHaveFreshEntry(tenant: tenant) else { return nil }
        return chain.respondImmediately(to: request, context: context)
    }

    /// Whether the path is `/v1/tenants/{id}[/…]` with `{id}` literally one of those tenants
    /// (an id written percent-encoded does not count: it only misses the shortcut).
    private func namesTenantCachingLess(_ path: Substring) -> Bool {
        let prefix: StaticString = "/v1/tenants/"
        return path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            guard bytes.count > p.count, bytes.starts(with: p) else { return false }
            var end = p.count
            while end < bytes.count, bytes[end] != UInt8(ascii: "/") { end += 1 }
            let segment = UnsafeBufferPointer(rebasing: bytes[p.count..<end])
            return tenantsCachingLess.contains { $0.elementsEqual(segment) }
        } ?? false
    }
}
