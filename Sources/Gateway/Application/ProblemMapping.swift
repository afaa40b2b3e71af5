import HTTPServer
import PBXCore
import Upstream

/// The one function that turns any error into the problem a client sees (API.md, Errors).
/// Upstream detail is summarised by the adapter and scrubbed of the tenant's secrets; raw
/// vendor bodies never reach this point.
enum ProblemMapping {
    static func httpError(for error: any Error, tenant: Tenant?) -> HTTPError {
        var extensions: [String: ProblemValue] = [:]
        if let tenant {
            extensions["tenant"] = .string(tenant.id)
            extensions["vendor"] = .string(tenant.vendor)
        }
        func scrub(_ s: String) -> String { tenant?.scrub(s) ?? s }

        if let resilience = ResilienceProblems.httpError(for: error) { return resilience }
        switch error {
        case let e as HTTPError:
            return e
        case let e as PBXError:
            switch e {
            case .unsupported(let capability):
                return unsupported(capability, tenant: tenant)
            case .notFound(let what):
                return HTTPError(.notFound, slug: "not-found", title: "Not found", detail: scrub(what), extensions: extensions)
            case .invalidInput(let what):
                return HTTPError(.badRequest, slug: "invalid-request", title: "Invalid request", detail: scrub(what), extensions: extensions)
            case .conflict(let what):
                return HTTPError(.conflict, slug: "conflict", title: "Conflict", detail: scrub(what), extensions: extensions)
            case .upstream(let status, let detail):
                let code = status.map { " (HTTP \($0))" } ?? ""
                return upstreamError("The vendor answered with an error\(code): \(scrub(detail))", extensions)
            case .authenticationFailed(let detail):
                return upstreamError("The vendor refused the configured credentials: \(scrub(detail))", extensions)
            case .unavailable(let detail):
                return upstreamError("The vendor could not be reached: \(scrub(detail))", extensions)
            case .timeout(let detail):
                return HTTPError(.gatewayTimeout, slug: "upstream-timeout", title: "Upstream timeout",
                                 detail: "The vendor did not answer within the deadline: \(scrub(detail))", extensions: extensions)
            }
        case let e as UpstreamError:
            switch e.kind {
            case .timeout, .connectTimeout:
                return HTTPError(.gatewayTimeout, slug: "upstream-timeout", title: "Upstream timeout",
                                 detail: "The vendor did not answer within the deadline.", extensions: extensions)
            default:
                return upstreamError("The vendor could not be reached (\(e.kindName)).", extensions)
            }
        case is CancellationError:
            return HTTPError(.gatewayTimeout, slug: "upstream-timeout", title: "Upstream timeout",
                             detail: "The request was cancelled before the vendor answered.", extensions: extensions)
        default:
            return HTTPError(.internalServerError, slug: "internal-error", title: "Internal server error",
                             detail: "The request could not be completed.")
        }
    }

    static func unsupported(_ capability: Capability, tenant: Tenant?) -> HTTPError {
        var extensions: [String: ProblemValue] = ["capability": .string(capability.rawValue)]
        var who = "this tenant's PBX"
        if let tenant {
            extensions["tenant"] = .string(tenant.id)
            extensions["vendor"] = .string(tenant.vendor)
            who = tenant.adapter == nil ? "tenant '\(tenant.id)' (no \(tenant.vendor) adapter in this build)"
                : "tenant '\(tenant.id)' (\(tenant.vendor))"
        }
        return HTTPError(.notImplemented, slug: "unsupported", title: "Unsupported",
                         detail: "\(capability.rawValue) is not supported for \(who).", extensions: extensions)
    }

    private static func upstreamError(_ detail: String, _ extensions: [String: ProblemValue]) -> HTTPError {
        HTTPError(.badGateway, slug: "upstream-error", title: "Upstream error", detail: String(detail.prefix(500)), extensions: extensions)
    }
}
