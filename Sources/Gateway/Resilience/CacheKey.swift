/// Identifies one cacheable answer. The tenant is part of the key's identity, so a lookup
/// made for one tenant can never produce another tenant's entry, and every argument that
/// can change the answer (path parameters, the whole query) is part of it in a canonical
/// form, so `?b=2&a=1` and `?a=1&b=%32` share an entry while `?cursor=X` and `?cursor=Y` do not.
public struct CacheKey: Sendable, Hashable, CustomStringConvertible {
    /// A configured tenant id (the gateway resolves it before any cache access).
    public let tenant: String
    public let kind: ResourceKind
    /// The operation, as a route template (`/v1/tenants/{tenant}/users`): metric-safe.
    public let operation: String
    /// Canonical path parameters and query: decoded, sorted, re-escaped.
    public let arguments: String

    /// - Parameters:
    ///   - parameters: decoded path parameters; `tenant` is taken from its own argument.
    ///   - query: decoded query items in any order.
    public init(tenant: String, kind: ResourceKind, operation: String,
                parameters: [String: String] = [:], query: [(name: String, value: String)] = []) {
        self.tenant = tenant
        self.kind = kind
        self.operation = operation
        // The usual list request (`/users`, only the tenant in the path, no query) has no
        // arguments: no array, no sort, no join.
        if query.isEmpty && parameters.allSatisfy({ $0.key == "tenant" }) {
            self.arguments = ""
            return
        }
        var parts: [String] = []
        parts.reserveCapacity(parameters.count + query.count)
        for (name, value) in parameters where name != "tenant" {
            parts.append(":" + Self.escape(name) + "=" + Self.escape(value))
        }
        for item in query {
            parts.append(Self.escape(item.name) + "=" + Self.escape(item.value))
        }
        parts.sort()
        self.arguments = parts.joined(separator: "&")
    }

    public var description: String { "\(tenant) \(operation)?\(arguments)" }

    /// Escapes the separators of the canonical form so distinct inputs never collide
    /// (`a=1&b=2` as one value vs two items).
    private static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "&")
            || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for ch in s.unicodeScalars {
            switch ch {
            case "%": out += "%25"
            case "&": out += "%26"
            case "=": out += "%3D"
            case ":": out += "%3A"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
