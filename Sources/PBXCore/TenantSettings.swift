import Foundation

/// What an adapter learns about its tenant from the configuration file, after `${ENV}`
/// substitution and validation of the common keys. Vendor-specific checks live in each
/// adapter's `<V>Configuration`.
public struct TenantSettings: Sendable {
    public var id: String
    public var vendor: String
    public var url: URL
    public var username: String?
    public var password: String?
    public var apiKey: String?
    public var vendorTenant: String?
    /// ISO 3166 alpha-2, for E.164 normalisation; nil = numbers stay as sent unless `+`/`00`.
    public var country: String?
    public var timeZone: TimeZone
    public var timeout: Duration
    public var caFile: String?
    public var callbackPath: String?
    /// PBX Cloud phone book name.
    public var phonebook: String
    /// VitalPBX click-to-call class of service.
    public var cosId: Int
    /// Vendor-specific settings (`options:` map in the tenant's YAML).
    public var options: [String: String]

    public init(id: String, vendor: String, url: URL, username: String? = nil, password: String? = nil,
                apiKey: String? = nil, vendorTenant: String? = nil, country: String? = nil,
                timeZone: TimeZone = TimeZone(identifier: "UTC")!, timeout: Duration = .seconds(10),
                caFile: String? = nil, callbackPath: String? = nil, phonebook: String = "default",
                cosId: Int = 1, options: [String: String] = [:]) {
        self.id = id
        self.vendor = vendor
        self.url = url
        self.username = username
        self.password = password
        self.apiKey = apiKey
        self.vendorTenant = vendorTenant
        self.country = country
        self.timeZone = timeZone
        self.timeout = timeout
        self.caFile = caFile
        self.callbackPath = callbackPath
        self.phonebook = phonebook
        self.cosId = cosId
        self.options = options
    }
}

/// Wall-clock time, injected so tests of expiry and windows are exact.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
