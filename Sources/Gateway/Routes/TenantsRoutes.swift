import HTTPServer
import PBXCore

/// `GET /v1/tenants` (the tenants the key may see) and `GET /v1/tenants/{tenant}`.
struct TenantsRoutes {
    let environment: RouteEnvironment
    let directory: TenantDirectory

    func register(on router: inout Router) {
        let env = environment, directory = directory
        router.get("/v1/tenants") { request, context in
            let query = try QueryParameters(request.query, allowed: ["limit", "cursor"])
            let paging = try env.paginator.request(query, route: "/v1/tenants", tenant: "")
            let scope = context[AuthenticatedKey.self]?.scope ?? .only([])
            let visible = directory.tenants.filter { scope.allows($0.id) }
            let page = try await env.paginator.page(paging) { visible }
            return .json(JSONWriter.list(page.items, nextCursor: page.nextCursor) { $0.tenant($1) })
        }
        router.get("/v1/tenants/{tenant}") { request, context in
            let r = try TenantRequest(request, context, env)
            return .json(JSONWriter.object { $0.tenant(r.tenant) })
        }
    }
}
