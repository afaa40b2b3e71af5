/// Time to live per resource kind for one tenant (`cacheTTLSeconds` in API.md). A TTL of
/// zero turns caching off for that kind.
public struct CacheTTLs: Sendable, Equatable {
    public private(set) var values: [ResourceKind: Duration]

    /// API.md defaults: directory-like data changes rarely, live call state changes fast.
    public static let defaults = CacheTTLs(values: [
        .users: .seconds(60), .queues: .seconds(60), .devices: .seconds(60), .numbers: .seconds(60),
        .phonebook: .seconds(60), .calls: .seconds(10), .activeCalls: .seconds(1), .voicemail: .seconds(15),
    ])

    private init(values: [ResourceKind: Duration]) { self.values = values }

    /// The defaults with `overrides` applied.
    public init(overrides: [ResourceKind: Duration] = [:]) {
        self = .defaults
        for (kind, ttl) in overrides { values[kind] = max(.zero, ttl) }
    }

    /// From the configuration's `cacheTTLSeconds` map. Unknown names and negative values are
    /// errors that name the offending key, so a typo never silently means "use the default".
    public init(configured seconds: [String: Int]) throws(InvalidCacheTTL) {
        var overrides: [ResourceKind: Duration] = [:]
        for (name, value) in seconds {
            guard let kind = ResourceKind(rawValue: name) else {
                throw InvalidCacheTTL(key: name, reason: "unknown resource kind; expected one of "
                    + ResourceKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard value >= 0 else { throw InvalidCacheTTL(key: name, reason: "must be 0 or more seconds") }
            overrides[kind] = .seconds(value)
        }
        self.init(overrides: overrides)
    }

    public subscript(kind: ResourceKind) -> Duration { values[kind] ?? .zero }
}

public struct InvalidCacheTTL: Error, Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var reason: String
    public var description: String { "cacheTTLSeconds.\(key): \(reason)" }
}
