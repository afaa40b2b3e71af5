import HTTPServer
import Simulators

/// Writes the demo's configuration as the YAML a user would write, so it goes through the
/// same loader and validation as any real file.
enum DemoConfiguration {
    static func yaml(simulators: [String: SimulatorHost], port: Int, key: String, readOnlyKey: String,
                     overrides: [String: [String: String]]) -> String {
        var out = "server:\n  listen: \(quote("127.0.0.1:\(port)"))\ntenants:\n"
        for vendor in SimulatorCatalog.vendors {
            guard let host = simulators[vendor] else { continue }
            var values: [String: String] = ["vendor": vendor, "url": host.baseURL, "country": "DE", "timezone": "Europe/Berlin"]
            for (k, v) in host.simulator.demoCredentials { values[k] = v }
            for (k, v) in overrides[vendor] ?? [:] { values[k] = v }
            out += "  \(vendor):\n"
            var options: [(String, String)] = []
            var ttls: [(String, String)] = []
            for k in values.keys.sorted() {
                if k.hasPrefix("options.") { options.append((String(k.dropFirst(8)), values[k]!)); continue }
                if k.hasPrefix("cacheTTLSeconds.") { ttls.append((String(k.dropFirst(16)), values[k]!)); continue }
                out += "    \(k): \(quote(values[k]!))\n"
            }
            if !options.isEmpty {
                out += "    options:\n"
                for (k, v) in options { out += "      \(k): \(quote(v))\n" }
            }
            if !ttls.isEmpty {
                out += "    cacheTTLSeconds:\n"
                for (k, v) in ttls { out += "      \(k): \(v)\n" }
            }
        }
        if simulators.isEmpty { out += "  {}\n" }
        out += "keys:\n"
        out += "  - name: demo\n    key: \(quote(key))\n    tenants: [\"*\"]\n"
        out += "  - name: demo-read-only\n    key: \(quote(readOnlyKey))\n    tenants: [\"*\"]\n    readOnly: true\n"
        return out
    }

    /// A YAML double-quoted scalar: JSON string escapes are valid YAML escapes.
    static func quote(_ s: String) -> String { "\"" + ProblemRenderer.escape(s) + "\"" }
}
