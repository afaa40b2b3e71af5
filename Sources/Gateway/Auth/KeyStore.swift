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

    /// `Bearer <token>`, scheme case-insensitive (RFC 9110 §11.1), spaces and tabs around
    /// the token ignored; nil for anything else. Works on the bytes: this runs on every
    /// request, and splitting and lowercasing allocated.
    static func bearerToken(_ header: String?) -> Substring? {
        guard let header else { return nil }
        let u = header.utf8
        let isBlank = { (b: UInt8) in b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        guard var start = u.firstIndex(where: { $0 != UInt8(ascii: " ") }) else { return nil }
        guard let schemeEnd = u[start...].firstIndex(of: UInt8(ascii: " ")) else { return nil }
        let scheme = u[start..<schemeEnd]
        guard scheme.count == 6, zip(scheme, "bearer".utf8).allSatisfy({ ($0 | 0x20) == $1 }) else { return nil }
        start = u.index(after: schemeEnd)
        while start != u.endIndex, isBlank(u[start]) { start = u.index(after: start) }
        var end = u.endIndex
        while end != start, isBlank(u[u.index(before: end)]) { end = u.index(before: end) }
        let length = u.distance(from: start, to: end)
        guard length > 0, length <= 4096 else { return nil }
        return header[start..<end]
    }

    /// `sha256:<hex>` form of a key for the configuration file (`switchboard hash-key`).
    public static func hashed(_ key: String) -> String {
        Hex.encode(SHA256.digest(Array(key.utf8)))
    }
}
