import HTTPServer

/// 401 for every `/v1` request without a valid `Authorization: Bearer` key; the service
/// endpoints (`/healthz`, `/readyz`, `/metrics`, `/openapi.yaml`) are open.
struct AuthMiddleware: HTTPMiddleware {
    let keys: KeyStore

    func handle(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) async throws -> HTTPResponse {
        guard Self.isProtected(request.path) else { return try await next.respond(to: request, context: context) }
        // The immediate attempt may have checked this very request's key already.
        guard let key = context.handOver?[AuthenticatedKey.self] ?? keys.authenticate(authorization: request.headers["Authorization"]) else {
            throw HTTPError(.unauthorized, slug: "unauthenticated", title: "Unauthenticated",
                            detail: "A valid API key is required: Authorization: Bearer <key>.",
                            headers: ["WWW-Authenticate": "Bearer"])
        }
        var context = context
        context[AuthenticatedKey.self] = key
        return try await next.respond(to: request, context: context)
    }

    func handleImmediately(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) -> HTTPResponse? {
        guard Self.isProtected(request.path) else { return next.respondImmediately(to: request, context: context) }
        // No key: the ordinary path renders the 401.
        guard let key = keys.authenticate(authorization: request.headers["Authorization"]) else { return nil }
        var context = context
        context[AuthenticatedKey.self] = key
        guard let response = next.respondImmediately(to: request, context: context) else {
            context.handOver?[AuthenticatedKey.self] = key  // only on the way to the ordinary path
            return nil
        }
        return response
    }

    static func isProtected(_ path: Substring) -> Bool {
        path.utf8.count == 3 ? path == "/v1" : path.hasASCIIPrefix("/v1/")
    }
}
