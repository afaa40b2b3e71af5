import Foundation
import HTTPServer
import PBXCore

/// One request to `/v1/tenants/{tenant}/…`: its tenant (resolved by `TenantMiddleware`),
/// its validated query, and the helpers every handler needs, in API.md's order of checks
/// (parameters → capability → upstream).
struct TenantRequest: Sendable {
    let request: HTTPRequest
    let context: RequestContext
    let tenant: Tenant
    let query: QueryParameters
    let environment: RouteEnvironment
    /// `?include=raw` was asked for (validated: `include` takes no other value).
    let includeRaw: Bool

    init(_ request: HTTPRequest, _ context: RequestContext, _ environment: RouteEnvironment, query allowed: Set<String> = []) throws {
        guard let tenant = context[ResolvedTenant.self] else {
            // Only reachable if the middleware chain is assembled wrongly.
            throw HTTPError(.internalServerError, slug: "internal-error", title: "Internal server error", detail: "Tenant not resolved.")
        }
        self.request = request
        self.context = context
        self.tenant = tenant
        self.environment = environment
        self.query = try QueryParameters(request.query, allowed: allowed)
        self.includeRaw = try query.includeRaw()
    }

    /// A path parameter (already percent-decoded by the router), checked against the
    /// spec's `Id`: 1...128 characters, none of `/ ? # %` or control characters (they would
    /// change the meaning of the vendor URL the adapter builds from it).
    func parameter(_ name: String) throws(HTTPError) -> String {
        guard let v = context.pathParameters[name], !v.isEmpty, v.count <= 128,
              !v.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || "/?#%".unicodeScalars.contains($0) }) else {
            throw .badRequest("Path parameter '\(name)' must be 1 to 128 characters without '/', '?', '#', '%' or control characters.")
        }
        return v
    }

    /// The adapter, if the tenant declares `capability`; else 501 naming it.
    func require(_ capability: Capability) throws(HTTPError) -> any PBXAdapter {
        guard let adapter = tenant.adapter, tenant.capabilities.contains(capability) else {
            throw ProblemMapping.unsupported(capability, tenant: tenant)
        }
        return adapter
    }

    var pbxContext: PBXContext {
        PBXContext(deadline: .now + tenant.settings.timeout, requestID: context.requestID, includeRaw: includeRaw)
    }

    func paging() throws(HTTPError) -> Paginator.Request {
        try environment.paginator.request(query, route: context.route ?? request.path.description, tenant: tenant.id)
    }

    var trace: RequestTrace? { context[RequestTraceKey.self] }

    /// The tenant's adapter ends its own waits at the deadline; no timer race needed.
    var enforced: Bool { tenant.adapter?.enforcesDeadline ?? false }

    /// The cache identity of this read: tenant, route template, path parameters, query.
    func cacheKey(_ capability: Capability) -> CacheKey? {
        guard let kind = ResourceKind(reading: capability) else { return nil }
        return CacheKey(tenant: tenant.id, kind: kind, operation: context.route ?? String(request.path),
                        parameters: context.parameters, query: query.values.map { (name: $0.key, value: $0.value) })
    }

    /// A cacheable read through the resilience layer (cache, coalescing, breaker, retry,
    /// deadline); `fetch` calls the adapter and encodes the answer.
    func read(_ capability: Capability, fetch: @escaping @Sendable (PBXContext) async throws -> CachedResponse) async throws -> HTTPResponse {
        do {
            guard let key = cacheKey(capability) else {
                let response = try await environment.resilience.call(tenant: tenant.id, idempotent: true, context: pbxContext, trace: trace, enforced: enforced, fetch)
                return HTTPResponse(status: HTTPStatus(response.status), headers: HTTPHeaders(response.headers.map { ($0.name, $0.value) }), body: response.body)
            }
            return try await environment.resilience.read(key, context: pbxContext, trace: trace, enforced: enforced, fetch: fetch).httpResponse
        } catch {
            throw ProblemMapping.httpError(for: error, tenant: tenant)
        }
    }

    /// A write (never cached, never retried; invalidates what it changes) or an uncached
    /// idempotent read (`idempotent`), through the resilience layer.
    func perform(_ capability: Capability, idempotent: Bool,
                 _ body: @escaping @Sendable (PBXContext) async throws -> HTTPResponse) async throws -> HTTPResponse {
        do {
            if idempotent {
                return try await environment.resilience.call(tenant: tenant.id, idempotent: true, context: pbxContext, trace: trace, enforced: enforced, body)
            }
            return try await environment.resilience.write(tenant: tenant.id, capability: capability, context: pbxContext, trace: trace, enforced: enforced, body)
        } catch {
            throw ProblemMapping.httpError(for: error, tenant: tenant)
        }
    }

    func normalize(_ number: String) -> String { tenant.normalizer.normalize(number) }
}
