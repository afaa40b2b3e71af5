import Foundation
import PBXCore

/// `tenants:` → `[TenantConfiguration]`: common keys and their defaults (API.md), vendor
/// credentials, URLs. Vendor-specific options are checked later by the adapters.
struct TenantConfigurationReader {
    var knownVendors: Set<String>

    static let allowed: Set<String> = [
        "vendor", "url", "username", "password", "apiKey", "vendorTenant", "country", "timezone",
        "timeoutSeconds", "cacheTTLSeconds", "caFile", "phonebook", "cosId", "callbackPath", "options",
    ]

    /// Credentials each vendor needs (API.md example and the vendor docs).
    static let requiredCredentials: [String: [String]] = [
        "pascom": ["username", "password"], "fonial": ["username", "password"],
        "vitalpbx": ["apiKey", "vendorTenant"], "pbxcloud": ["apiKey", "vendorTenant"],
    ]

    func readAll(_ node: ConfigNode) throws(ConfigurationError) -> [TenantConfiguration] {
        // `tenants: {}` is allowed (a gateway that only serves its service endpoints, e.g.
        // a demo without simulators); a bare `tenants:` is almost certainly a mistake.
        if node.isNull { throw .at(node.line, "tenants must configure at least one tenant (or be {} on purpose)") }
        let entries = try node.mapping()
        var out: [TenantConfiguration] = []
        for (id, value) in entries {
            out.append(try read(id: id, value))
        }
        return out
    }

    func read(id: String, _ node: ConfigNode) throws(ConfigurationError) -> TenantConfiguration {
        guard Self.isValidID(id) else {
            throw .at(node.line, "tenant id '\(id)' may only use letters, digits, '-', '_' and '.' (at most 64)")
        }
        var values: [String: (String, ConfigNode)] = [:]
        var cacheTTL = CacheTTLs()
        var options: [String: String] = [:]
        for (name, v) in try node.mapping(allowed: Self.allowed) {
            switch name {
            case "cacheTTLSeconds":
                for (kind, t) in try v.mapping(allowed: Set(CacheTTLs.names)) { cacheTTL.set(kind, try t.int(in: 0...86_400)) }
            case "options":
                for (opt, o) in try v.mapping() { options[opt] = try o.string() }
            default:
                if v.isNull { continue }
                values[name] = (try v.string(), v)
            }
        }
        let path = node.path
        guard let (vendor, vendorNode) = values["vendor"] else { throw .at(node.line, "\(path) needs 'vendor'") }
        guard knownVendors.contains(vendor) else {
            throw .at(vendorNode.line, "\(path).vendor: unknown vendor '\(vendor)' (known: \(knownVendors.sorted().joined(separator: ", ")))")
        }
        guard let (urlText, urlNode) = values["url"] else { throw .at(node.line, "\(path) needs 'url'") }
        let url = try Self.url(urlText, urlNode)
        for needed in Self.requiredCredentials[vendor] ?? [] where values[needed]?.0.isEmpty ?? true {
            throw .at(node.line, "\(path): vendor \(vendor) needs '\(needed)'")
        }
        var settings = TenantSettings(id: id, vendor: vendor, url: url, username: values["username"]?.0,
                                      password: values["password"]?.0, apiKey: values["apiKey"]?.0,
                                      vendorTenant: values["vendorTenant"]?.0, options: options)
        if let (c, n) = values["country"] {
            let upper = c.uppercased()
            guard upper.count == 2, upper.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
                throw .at(n.line, "\(n.path) must be an ISO 3166 two-letter code such as DE, got '\(c)'")
            }
            settings.country = upper
        }
        if let (tz, n) = values["timezone"] {
            guard let zone = TimeZone(identifier: tz) else { throw .at(n.line, "\(n.path): unknown time zone '\(tz)'") }
            settings.timeZone = zone
        }
        if let (_, n) = values["timeoutSeconds"] { settings.timeout = .milliseconds(Int(try n.seconds(max: 300) * 1000)) }
        if let (_, n) = values["cosId"] { settings.cosId = try n.int(in: 0...1_000_000) }
        if let (p, n) = values["phonebook"] {
            if p.isEmpty { throw .at(n.line, "\(n.path) must not be empty") }
            settings.phonebook = p
        }
        if let (p, n) = values["callbackPath"] {
            guard p.hasPrefix("/") else { throw .at(n.line, "\(n.path) must start with '/'") }
            settings.callbackPath = p
        }
        if let (f, n) = values["caFile"] {
            guard FileManager.default.isReadableFile(atPath: f) else { throw .at(n.line, "\(n.path): file not readable: \(f)") }
            settings.caFile = f
        }
        return TenantConfiguration(settings: settings, cacheTTL: cacheTTL)
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0))
        } && id != "." && id != ".."
    }

    /// http or https, a host, nothing that hides credentials in the URL itself.
    static func url(_ text: String, _ node: ConfigNode) throws(ConfigurationError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw .at(node.line, "\(node.path): bad URL (need http:// or https:// with a host)")
        }
        if url.user != nil || url.password != nil {
            throw .at(node.line, "\(node.path): bad URL (credentials belong in username/password, not in the URL)")
        }
        return url
    }
}
