import HTTPServer
import PBXCore

/// The responder of a cacheable GET route. A fresh cached answer is given on the event loop
/// without a task (`respondImmediately`), and again first thing on the ordinary path for
/// requests that came that way without the immediate attempt having looked (another
/// middleware could not answer immediately). It also tells `ImmediateGate` whether a
/// tenant's answers on this route can be in the cache at all.
/// A class, so that telling it apart among a route's responders is a pointer check.
final class CachedGetResponder: HTTPResponder {
    let capability: Capability
    let environment: RouteEnvironment
    let handler: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    /// The route's answers are never cached (no resource kind), or not for these tenants
    /// (TTL 0 for the kind); worked out once, the configuration being fixed.
    private let uncacheable: Bool
    private let uncachedTenants: Set<String>

    init(capability: Capability, environment: RouteEnvironment,
         handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        self.capability = capability
        self.environment = environment
        self.handler = handler
        let kind = ResourceKind(reading: capability)
        uncacheable = kind == nil
        uncachedTenants = kind.map { environment.resilience.cache.tenants(keepingNoneOf: $0) } ?? []
    }

    /// Whether a fresh entry can exist for `tenant` on this route. Asked for every request
    /// on the way to a cache hit, so the usual answer (no tenant turned caching off) costs
    /// no hashing.
    func mayHaveFreshEntry(tenant: String) -> Bool {
        !uncacheable && (uncachedTenants.isEmpty || !uncachedTenants.contains(tenant))
    }

    func respondImmediately(to request: HTTPRequest, context: RequestContext) -> HTTPResponse? {
        guard let hit = Router.cachedAnswer(request, context, capability, environment) else {
            context.handOver?[CacheMissedImmediately.self] = true
            return nil
        }
        return hit
    }

    func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        // After a miss in the immediate attempt the read in `handler` looks the key up anyway,
        // and answers a hit that arrived since: a second fast-path lookup would only repeat it.
        if context.handOver?[CacheMissedImmediately.self] == nil,
           let hit = Router.cachedAnswer(request, context, capability, environment) {
            return hit
        }
        return try await handler(request, context)
    }
}

/// The immediate attempt looked this request's key up and found no fresh entry.
enum CacheMissedImmediately: ContextKey { typealias Value = Bool }
