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
        let digest = SHA256.digest(token)
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
        guard var header else { return nil }
        header.makeContiguousUTF8()   // a no-op for the native strings the parser makes
        let u = header.utf8
        // Offsets found on the buffer (header values are native strings); the view walk
        // with closures showed up in profiles.
        let range = u.withContiguousStorageIfAvailable { b -> Range<Int>? in
            let isBlank = { (x: UInt8) in x == UInt8(ascii: " ") || x == UInt8(ascii: "\t") }
            var i = 0
            while i < b.count, b[i] == UInt8(ascii: " ") { i += 1 }
            let scheme = i
            while i < b.count, b[i] != UInt8(ascii: " ") { i += 1 }
            guard i < b.count, i - scheme == 6 else { return nil }
            for (k, c) in "bearer".utf8.enumerated() where b[scheme + k] | 0x20 != c { return nil }
            var start = i + 1, end = b.count
            while start < end, isBlank(b[start]) { start += 1 }
            while end > start, isBlank(b[end - 1]) { end -= 1 }
            return start..<end
        } ?? nil   // contiguous: never nil
        guard let range, !range.isEmpty, range.count <= 4096 else { return nil }
        return header[u.index(u.startIndex, offsetBy: range.lowerBound)..<u.index(u.startIndex, offsetBy: range.upperBound)]
    }

    /// `sha256:<hex>` form of a key for the configuration file (`switchboard hash-key`).
    public static func hashed(_ key: String) -> String {
        Hex.encode(SHA256.digest(Array(key.utf8)))
    }
}
