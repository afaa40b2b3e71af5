import Foundation
import Yams

/// Reads the YAML configuration of API.md into `GatewayConfiguration`. Every failure is one
/// `ConfigurationError` line naming the key and the line; secret values are never quoted.
public struct ConfigurationLoader: Sendable {
    public var environment: [String: String]
    /// Vendors the registry knows; anything else is an unknown vendor.
    public var knownVendors: Set<String>

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                knownVendors: Set<String>? = nil) {
        self.environment = environment
        self.knownVendors = knownVendors ?? AdapterRegistry.knownVendors
    }

    public func load(path: String) throws(ConfigurationError) -> GatewayConfiguration {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError("configuration file not found: \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("configuration file not readable: \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("configuration file is not UTF-8: \(path)")
        }
        return try parse(yaml: text)
    }

    public func parse(yaml: String) throws(ConfigurationError) -> GatewayConfiguration {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw ConfigurationError("configuration file is empty") }
            root = node
        } catch let e as ConfigurationError {
            throw e
        } catch let e as YamlError {
            throw Self.describe(e)
        } catch {
            throw ConfigurationError("YAML error: \(error)")
        }
        let top = try ConfigNode(node: root, path: "", environment: environment)
            .mapping(allowed: ["server", "tenants", "keys"])
        var server = ServerSettings()
        var tenants: [TenantConfiguration] = []
        var keys: [KeyConfiguration] = []
        var sawTenants = false, sawKeys = false
        for (name, value) in top {
            switch name {
            case "server": server = try ServerSettingsReader.read(value)
            case "tenants":
                sawTenants = true
                tenants = try TenantConfigurationReader(knownVendors: knownVendors).readAll(value)
            default:
                sawKeys = true
                keys = try KeyConfigurationReader.readAll(value)
            }
        }
        if !sawTenants { throw ConfigurationError("missing 'tenants': the file must configure at least one tenant") }
        if !sawKeys { throw ConfigurationError("missing 'keys': the file must configure at least one API key") }
        try KeyConfigurationReader.checkScopes(top.first { $0.key == "keys" }!.value, keys: keys, tenants: Set(tenants.map(\.id)))
        return GatewayConfiguration(server: server, tenants: tenants, keys: keys)
    }

    /// libyaml's message with its line; never the YAML text itself (it may hold secrets).
    static func describe(_ error: YamlError) -> ConfigurationError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let what = context.map { "\($0.text) " } ?? ""
            return ConfigurationError("YAML error at line \(mark.line), column \(mark.column): \(what)\(problem)")
        case .reader(let problem, let offset, _, _):
            return ConfigurationError("YAML error\(offset.map { " at byte \($0)" } ?? ""): \(problem)")
        default:
            return ConfigurationError("YAML error: \(error)")
        }
    }
}
