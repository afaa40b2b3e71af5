/// One `keys:` entry. The secret is kept only as its SHA-256 digest, whichever form the
/// file used, so the comparison is always digest against digest.
public struct KeyConfiguration: Sendable {
    public var name: String
    /// SHA-256 of the key (32 bytes).
    public var digest: [UInt8]
    public var scope: TenantScope
    public var readOnly: Bool
    public var rateLimit: RateLimitRule?

    public init(name: String, digest: [UInt8], scope: TenantScope, readOnly: Bool = false, rateLimit: RateLimitRule? = nil) {
        self.name = name
        self.digest = digest
        self.scope = scope
        self.readOnly = readOnly
        self.rateLimit = rateLimit
    }
}

/// Which tenants a key may use: `["*"]` or a list of ids.
public enum TenantScope: Sendable, Hashable {
    case all
    case only(Set<String>)

    public func allows(_ tenant: String) -> Bool {
        switch self {
        case .all: true
        case .only(let ids): ids.contains(tenant)
        }
    }
}
