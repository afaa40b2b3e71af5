import HTTPServer
import Logging

/// Renders every error as a problem (via `ProblemMapping`, the one mapping), and stamps
/// `X-Request-Id` on every response and `Cache-Control: no-store` on the authenticated API
/// (no proxy may keep a tenant's data). Sits inside `ObservabilityMiddleware`, which logs
/// and counts the finished response.
struct ProblemMiddleware: HTTPMiddleware {
    let logger: Logger

    func handle(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) async throws -> HTTPResponse {
        var response: HTTPResponse
        do {
            response = try await next.respond(to: request, context: context)
        } catch {
            let problem = ProblemMapping.httpError(for: error, tenant: nil)
            if problem.status.code == 500 {
                // The type only: an error's text may carry data we must not log.
                logger.error("unhandled error", metadata: ["requestId": .string(context.requestID),
                                                           "error": .string(String(describing: type(of: error)))])
            }
            response = ProblemRenderer.response(for: problem, requestID: context.requestID)
        }
        return stamped(response, request, context)
    }

    /// Immediate answers are never errors; they get the same stamps, except `X-Request-Id`:
    /// they only ever leave through the connection that asked for them, and the server
    /// writes the request's id on every response it sends (it owns that field).
    func handleImmediately(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) -> HTTPResponse? {
        guard var response = next.respondImmediately(to: request, context: context) else { return nil }
        noStore(&response, request)
        return response
    }

    private func stamped(_ response: HTTPResponse, _ request: HTTPRequest, _ context: RequestContext) -> HTTPResponse {
        var response = response
        response.headers.set("X-Request-Id", context.requestID)
        noStore(&response, request)
        return response
    }

    private func noStore(_ response: inout HTTPResponse, _ request: HTTPRequest) {
        if AuthMiddleware.isProtected(request.path) { response.headers.set("Cache-Control", "no-store") }
    }
}
