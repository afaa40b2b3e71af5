import HTTPServer

/// The configured API keys. A presented key is hashed and compared with every configured
/// digest in constant time, without stopping at a match, so timing says nothing about which
/// key (or how much of one) matched.
public struct KeyStore: Sendable {
    let keys: [KeyConfiguration]

    public init(keys: [KeyConfiguration]) { self.keys = keys }

    /// The key for an `Authorization` header value, or nil. The token is hashed where it
    /// is in the header's buffer: no substring, no copy.
    public func authenticate(authorization: String?) -> KeyConfiguration? {
        guard var header = authorization else { return nil }
        guard let digest = header.withUTF8({ b in Self.bearerTokenRange(b).map { SHA256.digest(UnsafeBufferPointer(rebasing: b[$0])) } })
        else { return nil }
        var match: KeyConfiguration?
        for key in keys where SHA256.constantTimeEquals(key.digest, digest) && match == nil {
            match = key
        }
        return match
    }

    /// `Bearer <token>`, scheme case-insensitive (RFC 9110 §11.1), spaces and tabs around
    /// the token ignored; nil for anything else.
    static func bearerToken(_ header: String?) -> Substring? {
        guard var header else { return nil }
        guard let range = header.withUTF8({ bearerTokenRange($0) }) else { return nil }
        let u = header.utf8
        return header[u.index(u.startIndex, offsetBy: range.lowerBound)..<u.index(u.startIndex, offsetBy: range.upperBound)]
    }

    /// Where the token of `Bearer <token>` is in a header value's bytes. Works on the bytes:
    /// this runs on every request, and splitting and lowercasing allocated.
    static func bearerTokenRange(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let isBlank = { (x: UInt8) in x == UInt8(ascii: " ") || x == UInt8(ascii: "\t") }
        var i = 0
        while i < b.count, b[i] == UInt8(ascii: " ") { i += 1 }
        let scheme = i
        while i < b.count, b[i] != UInt8(ascii: " ") { i += 1 }
        guard i < b.count, i - scheme == 6 else { return nil }
        let bearer: StaticString = "bearer"   // a literal's bytes: no view to walk
        for k in 0..<6 where b[scheme + k] | 0x20 != bearer.utf8Start[k] { return nil }
        var start = i + 1, end = b.count
        while start < end, isBlank(b[start]) { start += 1 }
        while end > start, isBlank(b[end - 1]) { end -= 1 }
        guard start < end, end - start <= 4096 else { return nil }
        return start..<end
    }

    /// `sha256:<hex>` form of a key for the configuration file (`switchboard hash-key`).
    public static func hashed(_ key: String) -> String {
        Hex.encode(SHA256.digest(Array(key.utf8)))
    }
}
