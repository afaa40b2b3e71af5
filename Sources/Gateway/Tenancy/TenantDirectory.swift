import PBXCore
import Upstream

/// Every configured tenant with its adapter, built once at start-up. Adapter construction
/// errors (vendor-specific settings) are start-up errors of one line.
public struct TenantDirectory: Sendable {
    public let tenants: [Tenant]
    private let byID: [String: Tenant]

    public init(tenants: [Tenant]) {
        self.tenants = tenants
        self.byID = Dictionary(tenants.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public init(configuration: GatewayConfiguration, transport: any UpstreamTransport, clock: any WallClock,
                events: @escaping @Sendable (AdapterEvent) -> Void) throws(ConfigurationError) {
        var built: [Tenant] = []
        for tenant in configuration.tenants {
            var adapter: (any PBXAdapter)?
            if let make = AdapterRegistry.constructors[tenant.vendor] {
                do {
                    adapter = try make(tenant.settings, transport, clock, events)
                } catch let e as AdapterConfigurationError {
                    throw ConfigurationError(e.description)
                } catch {
                    throw ConfigurationError("tenants.\(tenant.id): the \(tenant.vendor) adapter refused the settings: \(error)")
                }
            }
            built.append(Tenant(configuration: tenant, adapter: adapter))
        }
        self.init(tenants: built)
    }

    public subscript(id: String) -> Tenant? { byID[id] }
}
