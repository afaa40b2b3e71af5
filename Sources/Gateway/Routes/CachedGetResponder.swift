import HTTPServer
import PBXCore

/// The responder of a cacheable GET route. A fresh cached answer is given on the event loop
/// without a task (`respondImmediately`), and again first thing on the ordinary path for
/// requests that came that way without the immediate attempt having looked (another
/// middleware could not answer immediately). It also tells `ImmediateGate` whether a
/// tenant's answers on this route can be in the cache at all.
struct CachedGetResponder: HTTPResponder {
    let capability: Capability
    let environment: RouteEnvironment
    let handler: @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
    /// What the cache files this route's answers under; nil: not cacheable.
    let kind: ResourceKind?

    init(capability: Capability, environment: RouteEnvironment,
         handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        self.capability = capability
        self.environment = environment
        self.handler = handler
        self.kind = ResourceKind(reading: capability)
    }

    /// Whether a fresh entry can exist for `tenant` on this route: not when the tenant keeps
    /// this kind for 0 seconds (the configuration is fixed for the server's lifetime).
    func mayHaveFreshEntry(tenant: String) -> Bool {
        guard let kind else { return false }
        return environment.resilience.cache.ttl(for: tenant, kind: kind) > .zero
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
