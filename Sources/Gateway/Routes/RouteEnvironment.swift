import Foundation
import HTTPServer
import Logging
import PBXCore

/// What every route handler shares: the clock, paging, the logger. Passed in once when the
/// routes are registered; nothing global.
struct RouteEnvironment: Sendable {
    let clock: any WallClock
    let paginator: Paginator
    let logger: Logger
}

/// One request to `/v1/tenants/{tenant}/…`: its tenant (resolved by `TenantMiddleware`),
/// its validated query, and the helpers every handler needs, in API.md's order of checks
/// (parameters → capability → upstream).
struct TenantRequest {
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

    /// A path parameter (already percent-decoded by the router).
    func parameter(_ name: String) throws(HTTPError) -> String {
        guard let v = context.parameters[name], !v.isEmpty, v.utf8.count <= 256 else {
            throw .badRequest("Path parameter '\(name)' is empty or too long.")
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
        PBXContext(deadline: .now + tenant.settings.timeout, requestID: context.requestID)
    }

    func paging() throws(HTTPError) -> Paginator.Request {
        try environment.paginator.request(query, route: context.route ?? request.path.description, tenant: tenant.id)
    }

    /// Runs the adapter call; every error leaves as the problem of `ProblemMapping`, with
    /// the tenant named.
    func run(_ body: () async throws -> HTTPResponse) async throws -> HTTPResponse {
        do {
            return try await body()
        } catch {
            throw ProblemMapping.httpError(for: error, tenant: tenant)
        }
    }

    func normalize(_ number: String) -> String { tenant.normalizer.normalize(number) }
}

/// Response helpers for the shapes API.md uses.
enum Responses {
    static let queued = JSONWriter.object { w in
        w.beginObject(); w.key("status"); w.string("queued"); w.endObject()
    }

    static func accepted() -> HTTPResponse { .json(queued, status: .accepted) }
    static func noContent() -> HTTPResponse { HTTPResponse(status: .noContent) }
}
