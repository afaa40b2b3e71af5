import HTTPServer
import PBXCore

/// The three shapes nearly every tenant route has, with API.md's order of checks built in:
/// query and path parameters (400) → capability (501) → adapter call (mapped errors).
extension Router {
    /// A paged list: `limit`, `cursor` and `include` plus `filters`; `parse` reads the
    /// filters (and path parameters) before the capability check.
    mutating func list<T: Sendable, P: Sendable>(
        _ path: String, _ capability: Capability, _ env: RouteEnvironment, filters: Set<String> = [],
        parse: @escaping @Sendable (TenantRequest) throws -> P,
        fetch: @escaping @Sendable (any PBXAdapter, P, PageRequest, PBXContext) async throws -> Page<T>,
        write: @escaping @Sendable (inout JSONWriter, T, Bool) -> Void
    ) {
        get(path) { request, context in
            let r = try TenantRequest(request, context, env, query: filters.union(["limit", "cursor", "include"]))
            let parameters = try parse(r)
            let paging = try r.paging()
            let adapter = try r.require(capability)
            return try await r.run {
                let page = try await env.paginator.page(paging) { try await fetch(adapter, parameters, $0, r.pbxContext) }
                return .json(JSONWriter.list(page.items, nextCursor: page.nextCursor) { write(&$0, $1, r.includeRaw) })
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
        get(path) { request, context in
            let r = try TenantRequest(request, context, env, query: ["include"])
            let parameters = try parse(r)
            let adapter = try r.require(capability)
            return try await r.run {
                let value = try await fetch(adapter, parameters, r.pbxContext)
                return .json(JSONWriter.object { write(&$0, value, r.includeRaw) })
            }
        }
    }

    /// A write: no query parameters; `parse` validates path and body before the capability
    /// check; `perform` returns the response.
    mutating func action<P: Sendable>(
        _ method: HTTPMethod, _ path: String, _ capability: Capability, _ env: RouteEnvironment,
        parse: @escaping @Sendable (TenantRequest) throws -> P,
        perform: @escaping @Sendable (any PBXAdapter, P, TenantRequest) async throws -> HTTPResponse
    ) {
        add(method, path) { request, context in
            let r = try TenantRequest(request, context, env)
            let parameters = try parse(r)
            let adapter = try r.require(capability)
            return try await r.run { try await perform(adapter, parameters, r) }
        }
    }
}
