/// Time to live per resource kind for one tenant (`cacheTTLSeconds` in API.md, read and
/// validated by the configuration loader). A TTL of zero turns caching off for that kind.
public struct ResourceTTLs: Sendable, Equatable {
    public private(set) var values: [ResourceKind: Duration]

    /// API.md defaults: directory-like data changes rarely, live call state changes fast.
    public static let defaults = ResourceTTLs(values: [
        .users: .seconds(60), .queues: .seconds(60), .devices: .seconds(60), .numbers: .seconds(60),
        .phonebook: .seconds(60), .calls: .seconds(10), .activeCalls: .seconds(1), .voicemail: .seconds(15),
    ])

    private init(values: [ResourceKind: Duration]) { self.values = values }

    /// The defaults with `overrides` applied.
    public init(overrides: [ResourceKind: Duration] = [:]) {
        self = .defaults
        for (kind, ttl) in overrides { values[kind] = max(.zero, ttl) }
    }

    public subscript(kind: ResourceKind) -> Duration { values[kind] ?? .zero }
}
