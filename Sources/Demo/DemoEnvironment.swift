import Gateway
import HTTPServer
import Logging
import PBXCore
import Simulators
import Upstream

/// A running demo: one simulator per requested vendor (those the catalog has), a generated
/// configuration with one tenant per vendor (tenant id = vendor name) and two keys, and the
/// gateway serving it. Used by `switchboard demo` and by the end-to-end tests.
public final class DemoEnvironment: Sendable {
    public let application: GatewayApplication
    public let simulators: [String: SimulatorHost]
    /// The generated configuration file (contains the demo keys and simulator credentials;
    /// all throwaway values).
    public let configurationYAML: String
    /// Full access to every tenant.
    public let key: String
    public let readOnlyKey: String

    public var port: Int { application.port }
    public var baseURL: String { "http://127.0.0.1:\(application.port)" }
    /// Vendors with a running simulator, in catalog order.
    public var vendors: [String] { SimulatorCatalog.vendors.filter { simulators[$0] != nil } }

    /// - Parameters:
    ///   - tenantOverrides: per vendor, extra config keys for its tenant (`timeoutSeconds`,
    ///     `country`, `options.X`, …), overriding the generated ones.
    ///   - keys: fixed keys instead of random ones (e.g. for a documented walkthrough).
    public static func start(vendors: [String] = SimulatorCatalog.vendors, port: Int = 0,
                             tenantOverrides: [String: [String: String]] = [:],
                             key: String? = nil, readOnlyKey: String? = nil,
                             transport: any UpstreamTransport, clock: any WallClock = SystemWallClock(),
                             logger: Logger) async throws -> DemoEnvironment {
        var hosts: [String: SimulatorHost] = [:]
        do {
            for vendor in vendors {
                guard let simulator = SimulatorCatalog.make(vendor: vendor) else { continue }
                let host = SimulatorHost(simulator: simulator)
                try host.start()
                hosts[vendor] = host
            }
            let key = key ?? "demo-" + Hex.encode(SHA256.randomBytes(16))
            let readOnlyKey = readOnlyKey ?? "demo-ro-" + Hex.encode(SHA256.randomBytes(16))
            let yaml = DemoConfiguration.yaml(simulators: hosts, port: port, key: key, readOnlyKey: readOnlyKey,
                                              overrides: tenantOverrides)
            let configuration = try ConfigurationLoader(environment: [:]).parse(yaml: yaml)
            let application = try GatewayApplication(configuration: configuration, transport: transport, clock: clock, logger: logger)
            try application.start()
            return DemoEnvironment(application: application, simulators: hosts, configurationYAML: yaml, key: key, readOnlyKey: readOnlyKey)
        } catch {
            for host in hosts.values { await host.shutdown() }
            throw error
        }
    }

    private init(application: GatewayApplication, simulators: [String: SimulatorHost], configurationYAML: String,
                 key: String, readOnlyKey: String) {
        self.application = application
        self.simulators = simulators
        self.configurationYAML = configurationYAML
        self.key = key
        self.readOnlyKey = readOnlyKey
    }

    public func stop() async {
        await application.shutdown()
        for host in simulators.values { await host.shutdown() }
    }
}
