import HTTPServer
import Logging

/// One structured line per finished request, at `info`: who (request id, tenant), what
/// (method, route template, redacted target), outcome (status, duration, cache result,
/// vendor calls). The target goes through `Redaction`, so `?apiKey=…` never reaches a log.
public struct AccessLog: Sendable {
    public var logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func record(request: HTTPRequest, requestID: String, route: String?, status: Int,
                       duration: Duration, facts: RequestTrace.Facts) {
        guard logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = [
            "requestId": .string(requestID),
            "method": .string(request.method.rawValue),
            "route": .string(route ?? "unmatched"),
            "target": .string(Redaction.target(String(request.target.prefix(2048)))),
            "status": .stringConvertible(status),
            "durationMs": .stringConvertible(Double(duration.nanoseconds) / 1_000_000),
            "upstreamCalls": .stringConvertible(facts.upstreamCalls),
        ]
        if let tenant = facts.tenant { metadata["tenant"] = .string(tenant) }
        if let cache = facts.cache { metadata["cache"] = .string(cache.rawValue) }
        if let error = facts.upstreamError { metadata["upstreamError"] = .string(error) }
        logger.info("request", metadata: metadata)
    }
}
