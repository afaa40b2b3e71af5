/// `keys:` → `[KeyConfiguration]`.
enum KeyConfigurationReader {
    static let allowed: Set<String> = ["name", "key", "sha256", "tenants", "readOnly", "rateLimit"]

    static func readAll(_ node: ConfigNode) throws(ConfigurationError) -> [KeyConfiguration] {
        let items = try node.sequence()
        if items.isEmpty { throw .at(node.line, "keys must list at least one API key") }
        var keys: [KeyConfiguration] = []
        var names: Set<String> = []
        for item in items {
            let key = try read(item)
            if !names.insert(key.name).inserted { throw .at(item.line, "duplicate key name '\(key.name)'") }
            keys.append(key)
        }
        return keys
    }

    static func read(_ node: ConfigNode) throws(ConfigurationError) -> KeyConfiguration {
        var name: String?, digest: [UInt8]?, scope: TenantScope?, readOnly = false, rateLimit: RateLimitRule?
        for (field, v) in try node.mapping(allowed: allowed) {
            switch field {
            case "name": name = try v.nonEmptyString()
            case "key":
                if digest != nil { throw .at(v.line, "\(node.path) has both 'key' and 'sha256'; give one") }
                digest = SHA256.digest(Array(try v.nonEmptyString().utf8))
            case "sha256":
                if digest != nil { throw .at(v.line, "\(node.path) has both 'key' and 'sha256'; give one") }
                guard let d = Hex.decode(try v.string()), d.count == 32 else {
                    throw .at(v.line, "\(v.path) must be 64 hex digits (switchboard hash-key prints it)")
                }
                digest = d
            case "tenants": scope = try tenants(v)
            case "readOnly": readOnly = try v.bool()
            default: rateLimit = try self.rateLimit(v)
            }
        }
        guard let name else { throw .at(node.line, "\(node.path) needs a 'name'") }
        guard let digest else { throw .at(node.line, "key '\(name)' needs 'key' or 'sha256'") }
        guard let scope else { throw .at(node.line, "key '\(name)' needs 'tenants' (a list of tenant ids, or [\"*\"])") }
        return KeyConfiguration(name: name, digest: digest, scope: scope, readOnly: readOnly, rateLimit: rateLimit)
    }

    static func tenants(_ v: ConfigNode) throws(ConfigurationError) -> TenantScope {
        var ids: Set<String> = []
        for item in try v.sequence() { ids.insert(try item.nonEmptyString()) }
        if ids.isEmpty { throw .at(v.line, "\(v.path) must name at least one tenant, or \"*\"") }
        if ids.contains("*") {
            if ids.count > 1 { throw .at(v.line, "\(v.path): \"*\" already means every tenant; list nothing else") }
            return .all
        }
        return .only(ids)
    }

    static func rateLimit(_ v: ConfigNode) throws(ConfigurationError) -> RateLimitRule {
        var rps: Double?, burst: Int?
        for (field, f) in try v.mapping(allowed: ["requestsPerSecond", "burst"]) {
            if field == "burst" { burst = try f.int(in: 1...1_000_000) } else { rps = try f.seconds(max: 1_000_000) }
        }
        guard let rps else { throw .at(v.line, "\(v.path) needs 'requestsPerSecond'") }
        return RateLimitRule(requestsPerSecond: rps, burst: burst ?? max(1, Int(rps.rounded(.up))))
    }

    /// Every tenant a key names must exist.
    static func checkScopes(_ node: ConfigNode, keys: [KeyConfiguration], tenants: Set<String>) throws(ConfigurationError) {
        let items = try node.sequence()
        for (key, item) in zip(keys, items) {
            guard case .only(let ids) = key.scope else { continue }
            if let unknown = ids.subtracting(tenants).sorted().first {
                throw .at(item.line, "key '\(key.name)' names unknown tenant '\(unknown)'")
            }
        }
    }
}
