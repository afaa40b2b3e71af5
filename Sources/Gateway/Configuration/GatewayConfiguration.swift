import PBXCore

/// The whole configuration file, decoded and validated once at start-up (API.md,
/// "Configuration file"). Nothing here is read again while serving.
public struct GatewayConfiguration: Sendable {
    public var server: ServerSettings
    /// In file order, so listings are stable.
    public var tenants: [TenantConfiguration]
    public var keys: [KeyConfiguration]

    public init(server: ServerSettings = ServerSettings(), tenants: [TenantConfiguration], keys: [KeyConfiguration]) {
        self.server = server
        self.tenants = tenants
        self.keys = keys
    }

    public func tenant(_ id: String) -> TenantConfiguration? { tenants.first { $0.id == id } }
}

/// One `tenants.<id>` entry: the settings adapters see, plus what only the gateway uses.
public struct TenantConfiguration: Sendable {
    public var settings: TenantSettings
    public var cacheTTL: CacheTTLs

    public init(settings: TenantSettings, cacheTTL: CacheTTLs = CacheTTLs()) {
        self.settings = settings
        self.cacheTTL = cacheTTL
    }

    public var id: String { settings.id }
    public var vendor: String { settings.vendor }
}

/// `cacheTTLSeconds:` of a tenant, in seconds per resource kind (API.md defaults).
public struct CacheTTLs: Sendable, Hashable {
    public var users = 60
    public var queues = 60
    public var phonebook = 60
    public var devices = 60
    public var numbers = 60
    public var calls = 10
    public var activeCalls = 1
    public var voicemail = 15

    public init() {}

    static let names = ["users", "queues", "phonebook", "devices", "numbers", "calls", "activeCalls", "voicemail"]

    /// The same values as the resilience layer's TTL table (the names are `ResourceKind`'s).
    public var resourceTTLs: ResourceTTLs {
        ResourceTTLs(overrides: [
            .users: .seconds(users), .queues: .seconds(queues), .phonebook: .seconds(phonebook), .devices: .seconds(devices),
            .numbers: .seconds(numbers), .calls: .seconds(calls), .activeCalls: .seconds(activeCalls), .voicemail: .seconds(voicemail),
        ])
    }

    mutating func set(_ name: String, _ seconds: Int) {
        switch name {
        case "users": users = seconds
        case "queues": queues = seconds
        case "phonebook": phonebook = seconds
        case "devices": devices = seconds
        case "numbers": numbers = seconds
        case "calls": calls = seconds
        case "activeCalls": activeCalls = seconds
        default: voicemail = seconds
        }
    }
}
