/// What an adapter reports when a vendor call does not give a usable answer. The gateway maps
/// each case to one problem status (API.md, Errors); adapters never pick HTTP statuses.
public enum PBXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The tenant's vendor cannot do this (→ 501).
    case unsupported(Capability)
    /// The object does not exist at the vendor (→ 404).
    case notFound(String)
    /// Input the vendor cannot accept, detected before or by the vendor (→ 400).
    case invalidInput(String)
    /// The vendor reports a conflict (→ 409).
    case conflict(String)
    /// The vendor answered with an error or something unparsable (→ 502). `detail` is a
    /// summary written by the adapter, never the raw body.
    case upstream(status: Int?, detail: String)
    /// Credentials refused by the vendor (→ 502, says so).
    case authenticationFailed(String)
    /// Vendor unreachable: refused, reset, DNS (→ 502 or 503 per API.md).
    case unavailable(String)
    /// The vendor did not answer within the deadline (→ 504).
    case timeout(String)

    public var description: String {
        switch self {
        case .unsupported(let c): "unsupported: \(c.rawValue)"
        case .notFound(let s): "not found: \(s)"
        case .invalidInput(let s): "invalid input: \(s)"
        case .conflict(let s): "conflict: \(s)"
        case .upstream(let status, let d): "upstream error\(status.map { " (HTTP \($0))" } ?? ""): \(d)"
        case .authenticationFailed(let s): "authentication failed: \(s)"
        case .unavailable(let s): "unavailable: \(s)"
        case .timeout(let s): "timeout: \(s)"
        }
    }
}
