import PBXCore
import Upstream

/// How the resilience layer reads an error from an adapter call: whether it says the vendor
/// is unwell (breaker), and whether one more try of an idempotent read may help (retry).
/// One place, so breaker, retry and metrics agree.
public enum UpstreamFailure {
    /// Vendor-side trouble: unreachable, timed out, 5xx or unparsable answers, refused
    /// credentials. A 404 or a 400 is the caller's business and says nothing about health.
    public static func countsAgainstVendor(_ error: any Error) -> Bool {
        switch error {
        case let e as PBXError:
            switch e {
            case .unavailable, .timeout, .authenticationFailed: return true
            case .upstream(let status, _): return status.map { $0 >= 500 || $0 == 429 } ?? true
            case .unsupported, .notFound, .invalidInput, .conflict: return false
            }
        case let e as UpstreamError:
            return e.kind != .cancelled
        case is DeadlineExceeded:
            return true
        default:
            return false
        }
    }

    /// Connect-level failures and 502/503 from the vendor: the request most likely never
    /// reached the PBX's application, or it asked to be tried again. Timeouts are not
    /// retried (the deadline is spent), nor are other statuses.
    public static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let e as PBXError:
            switch e {
            case .unavailable: return true
            case .upstream(let status?, _): return status == 502 || status == 503
            default: return false
            }
        case let e as UpstreamError:
            switch e.kind {
            case .connectionRefused, .couldNotResolve, .connectTimeout: return true
            default: return false
            }
        default:
            return false
        }
    }

    /// Short, metric-safe name of an error, never containing peer text.
    public static func label(_ error: any Error) -> String {
        switch error {
        case let e as PBXError:
            switch e {
            case .unsupported: "unsupported"
            case .notFound: "not-found"
            case .invalidInput: "invalid-input"
            case .conflict: "conflict"
            case .upstream(let status?, _): "upstream-\(status)"
            case .upstream(nil, _): "upstream-invalid"
            case .authenticationFailed: "authentication-failed"
            case .unavailable: "unavailable"
            case .timeout: "timeout"
            }
        case let e as UpstreamError: e.kindName
        case is DeadlineExceeded: "timeout"
        case is CircuitOpenError: "circuit-open"
        case is BulkheadFull: "bulkhead-full"
        case is BulkheadTimeout: "bulkhead-timeout"
        case is CancellationError: "cancelled"
        default: "other"
        }
    }
}
