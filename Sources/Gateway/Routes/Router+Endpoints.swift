import HTTPServer
import PBXCore

/// The shapes nearly every tenant route has, with API.md's order of checks built in:
/// query and path parameters (400) → capability (501) → adapter call through the
/// resilience layer (cache, coalescing, breaker, retry, deadline; mapped errors).
extension Router {
    /// A paged list: `limit`, `cursor` and `include` plus `filters`; `parse` reads the
    /// filters (and path parameters) before the capability check.
    mutating func list<T: Sendable, P: Sendable>(
        _ path: String, _ capability: Capability, _ env: RouteEnvironment, filters: Set<String> = [],
        parse: @escaping @Sendable (TenantRequest) throws -> P,
        fetch: @escaping @Sendable (any PBXAdapter, P, PageRequest, PBXContext) async throws -> Page<T>,
        write: @escaping @Sendable (inout JSONWriter, T, Bool) -> Void
    ) {
        let allowed = filters.union(["limit", "cursor", "include"])
        cachedGet(path, capability, env) { request, context in
            let r = try TenantRequest(request, context, env, query: allowed)
            let parameters = try parse(r)
            let paging = try r.paging()
            let adapter = try r.require(capability)
            return try await r.read(capability) { pbx in
                let page = try await env.paginator.page(paging) { try await fetch(adapter, parameters, $0, pbx) }
                return Self.json(JSONWriter.list(page.items, nextCursor: page.nextCursor) { write(&$0, $1, r.includeRaw) })
            }
        }
    }

    /// A list the vendor always returns whole (the gateway slices it).
    mutating func wholeList<T: Sendable, P: Sendable>(
        _ path: String, _ capability: Capability, _ env: RouteEnvironment,
        parse: @escaping @Sendable (TenantRequest) throws -> P,
        fetch: @escaping @Sendable (any PBXAdapter, P, PBXContext) async throws -> [T],
        write: @escaping @Sendable (inout JSONWriter, T, Bool) -> Void
    ) {
        list(path, capability, env, parse: parse, fetch: { adapter, p, _, context in Page.all(try await fetch(adapter, p, context)) }, write: write)
    }

    /// One object, `include=raw` allowed.
    mutating func item<T: Sendable, P: Sendable>(
        _ path: String, _ capability: Capability, _ env: RouteEnvironment,
        parse: @escaping @Sendable (TenantRequest) throws -> P,
        fetch: @escaping @Sendable (any PBXAdapter, P, PBXContext) async throws -> T,
        write: @escaping @Sendable (inout JSONWriter, T, Bool) -> Void
    ) {
        cachedGet(path, capability, env) { request, context in
            let r = try TenantRequest(request, context, env, query: ["include"])
            let parameters = try parse(r)
            let adapter = try r.require(capability)
            return try await r.read(capability) { pbx in
                let value = try await fetch(adapter, parameters, pbx)
                return Self.json(JSONWriter.object { write(&$0, value, r.includeRaw) })
            }
        }
    }

    /// A write, or (with GET) an uncached read without query parameters: `parse` validates
    /// path and body before the capability check; `perform` returns the response.
    mutating func action<P: Sendable>(
        _ method: HTTPMethod, _ path: String, _ capability: Capability, _ env: RouteEnvironment,
        parse: @escaping @Sendable (TenantRequest) throws -> P,
        perform: @escaping @Sendable (any PBXAdapter, P, PBXContext) async throws -> HTTPResponse
    ) {
        add(method, path) { request, context in
            let r = try TenantRequest(request, context, env)
            let parameters = try parse(r)
            let adapter = try r.require(capability)
            return try await r.perform(capability, idempotent: method == .GET) { try await perform(adapter, parameters, $0) }
        }
    }

    /// A cacheable GET (see `CachedGetResponder`).
    private mutating func cachedGet(_ path: String, _ capability: Capability, _ env: RouteEnvironment,
                                    _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        add(.GET, path, CachedGetResponder(capability: capability, environment: env, handler: handler))
    }

    /// The fast path: a fresh cached answer for exactly this tenant, route, parameters and
    /// query, before any other work. Only answers that passed every check were stored, and
    /// the checks depend on nothing but the key, so skipping them here changes no outcome.
    static func cachedAnswer(_ request: HTTPRequest, _ context: RequestContext, _ capability: Capability,
                             _ env: RouteEnvironment) -> HTTPResponse? {
        guard let tenant = context[ResolvedTenant.self], let kind = ResourceKind(reading: capability),
              let items = PercentDecoding.queryItems(request.query) else { return nil }
        let key = CacheKey(tenant: tenant.id, kind: kind, operation: context.route ?? String(request.path),
                           parameters: context.pathParameters.allNamed("tenant") ? [:] : context.parameters, query: items)
        return env.resilience.cachedResponse(key, trace: context[RequestTraceKey.self], render: Self.hitResponse)
    }

    /// A hit as it leaves: the outcome's headers plus `Cache-Control: no-store`, which the
    /// problem layer stamps on every authenticated response anyway. Already carrying it
    /// makes that stamp find its value in place instead of copying a response that hits
    /// within the same second share; and the fields are encoded once for all of them.
    static func hitResponse(_ outcome: CacheOutcome) -> HTTPResponse {
        var response = outcome.httpResponse
        response.headers.set("Cache-Control", "no-store")
        response.headers.prepareWireForm()
        return response
    }

    static func json(_ body: [UInt8]) -> CachedResponse {
        CachedResponse(headers: [(name: "Content-Type", value: "application/json")], body: body)
    }
}
