import HTTPServer

/// The configured API keys. A presented key is hashed and compared with every configured
/// digest in constant time, without stopping at a match, so timing says nothing about which
/// key (or how much of one) matched.
public struct KeyStore: Sendable {
    let keys: [KeyConfiguration]

    public init(keys: [KeyConfiguration]) { self.keys = keys }

    /// The key for an `Authorization` header value, or nil.
    public func authenticate(authorization: String?) -> KeyConfiguration? {
        guard let token = Self.bearerToken(authorization) else { return nil }
        let digest = SHA256.digest(Array(token.utf8))
        var match: KeyConfiguration?
        for key in keys where SHA256.constantTimeEquals(key.digest, digest) && match == nil {
            match = key
        }
        return match
    }

    /// `Bearer <token>`, scheme case-insensitive (RFC 9110 §11.1); nil for anything else.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: " \t")
        return token.isEmpty || token.utf8.count > 4096 ? nil : token
    }

    /// `sha256:<hex>` form of a key for the configuration file (`switchboard hash-key`).
    public static func hashed(_ key: String) -> String {
        Hex.encode(SHA256.digest(Array(key.utf8)))
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
