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

    /// Immediate answers are never errors; they get the same stamps.
    func handleImmediately(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) -> HTTPResponse? {
        next.respondImmediately(to: request, context: context).map { stamped($0, request, context) }
    }

    private func stamped(_ response: HTTPResponse, _ request: HTTPRequest, _ context: RequestContext) -> HTTPResponse {
        var response = response
        response.headers.set("X-Request-Id", context.requestID)
        if AuthMiddleware.isProtected(request.path) { response.headers.set("Cache-Control", "no-store") }
        return response
    }
}
