import HTTPServer

/// Resolves `/v1/tenants/{tenant}/…` before routing, in API.md's precedence: a read-only
/// key on a write → 403, a tenant outside the key's scope → 403 (whether it exists or not,
/// so scoped keys cannot probe for tenants), an unknown tenant for a `*` key → 404.
struct TenantMiddleware: HTTPMiddleware {
    let directory: TenantDirectory

    func handle(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) async throws -> HTTPResponse {
        // The immediate attempt may have resolved (and checked) this request's tenant already.
        guard let key = context[AuthenticatedKey.self], let tenant = try context.handOver?[ResolvedTenant.self] ?? resolve(request, key: key) else {
            return try await next.respond(to: request, context: context)
        }
        context[RequestTraceKey.self]?.setTenant(tenant.id)
        var context = context
        context[ResolvedTenant.self] = tenant
        return try await next.respond(to: request, context: context)
    }

    /// The same checks; any refusal goes the ordinary way, which renders it.
    func handleImmediately(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) -> HTTPResponse? {
        guard let key = context[AuthenticatedKey.self] else { return next.respondImmediately(to: request, context: context) }
        let resolved: Tenant?
        do { resolved = try resolve(request, key: key) } catch { return nil }
        guard let tenant = resolved else { return next.respondImmediately(to: request, context: context) }
        context[RequestTraceKey.self]?.setTenant(tenant.id)
        var context = context
        context[ResolvedTenant.self] = tenant
        guard let response = next.respondImmediately(to: request, context: context) else {
            context.handOver?[ResolvedTenant.self] = tenant
            return nil
        }
        return response
    }

    /// The tenant of a `/v1/tenants/{tenant}…` request after the key's checks, nil for
    /// other paths.
    private func resolve(_ request: HTTPRequest, key: KeyConfiguration) throws(HTTPError) -> Tenant? {
        if key.readOnly, !Self.isRead(request.method) {
            throw HTTPError(.forbidden, slug: "forbidden", title: "Forbidden",
                            detail: "This API key is read-only; \(request.method.rawValue) is a write.")
        }
        guard let segment = Self.tenantID(request.path) else { return nil }
        guard let id = segment else { throw HTTPError.badRequest("The tenant id in the path is not valid UTF-8.") }
        guard key.scope.allows(id) else {
            throw HTTPError(.forbidden, slug: "forbidden", title: "Forbidden",
                            detail: "This API key may not use this tenant.", extensions: ["tenant": .string(String(id.prefix(64)))])
        }
        guard let tenant = directory[id] else {
            throw HTTPError(.notFound, slug: "not-found", title: "Not found", detail: "No tenant with this id.",
                            extensions: ["tenant": .string(String(id.prefix(64)))])
        }
        return tenant
    }

    static func isRead(_ method: HTTPMethod) -> Bool { method == .GET || method == .HEAD }

    /// The `{tenant}` segment of `/v1/tenants/{tenant}[/…]` decoded: nil for other paths,
    /// `.some(nil)` when it does not decode. Found on the path's bytes: slicing the string
    /// by UTF-8 offsets showed up in profiles.
    static func tenantID(_ path: Substring) -> String?? {
        guard path.hasASCIIPrefix("/v1/tenants/") else { return nil }
        let prefix = "/v1/tenants/".utf8.count
        let found = path.utf8.withContiguousStorageIfAvailable { bytes -> String?? in
            var end = prefix
            while end < bytes.count, bytes[end] != UInt8(ascii: "/") { end += 1 }
            guard end > prefix else { return nil }
            return .some(PercentDecoding.decode(UnsafeBufferPointer(rebasing: bytes[prefix..<end])))
        }
        if let found { return found }
        return tenantID(Substring(String(path)))   // not contiguous: never for the parser's strings
    }
}
