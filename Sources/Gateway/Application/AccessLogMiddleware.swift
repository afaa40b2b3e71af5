import HTTPServer
import Logging

/// Outermost middleware: renders every error as a problem (via `ProblemMapping`), stamps
/// `X-Request-Id` (and `Cache-Control: no-store` on the authenticated API), and writes one
/// access-log line per request. Paths are logged without their query string.
struct AccessLogMiddleware: HTTPMiddleware {
    let logger: Logger
    let metrics: GatewayMetrics

    func handle(_ request: HTTPRequest, context: RequestContext, next: any HTTPResponder) async throws -> HTTPResponse {
        var response: HTTPResponse
        do {
            response = try await next.respond(to: request, context: context)
        } catch {
            let problem = ProblemMapping.httpError(for: error, tenant: nil)
            if problem.status.code == 500 {
                logger.error("unhandled error", metadata: ["requestId": .string(context.requestID), "error": .string(String(describing: type(of: error)))])
            }
            response = ProblemRenderer.response(for: problem, requestID: context.requestID)
        }
        response.headers.set("X-Request-Id", context.requestID)
        if AuthMiddleware.isProtected(request.path) { response.headers.set("Cache-Control", "no-store") }
        let parts = (ContinuousClock.now - context.startedAt).components
        let elapsed = Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
        metrics.request(method: request.method.rawValue, status: response.status.code, seconds: elapsed / 1000)
        if logger.logLevel <= .info {
            logger.info("request", metadata: [
                "requestId": .string(context.requestID),
                "method": .string(request.method.rawValue),
                "path": .string(String(request.path.prefix(512))),
                "status": .stringConvertible(response.status.code),
                "ms": .string(String(format2(elapsed))),
            ])
        }
        return response
    }

    private func format2(_ v: Double) -> String {
        let hundredths = Int((v * 100).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
