import COpenSSL

/// SHA-256, HMAC-SHA256, constant-time comparison and random bytes from OpenSSL.
public enum SHA256 {
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { digest($0) }
    }

    /// The digest of bytes where they are (an API key is hashed on every request, straight
    /// from the header's buffer).
    public static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // The low-level call (see the shim): `SHA256()` and `EVP_Digest` look the algorithm
        // up and allocate a context each time, a third of hashing an API key per request.
        [UInt8](unsafeUninitializedCapacity: Int(SHA256_DIGEST_LENGTH)) { out, count in
            switchboard_sha256(bytes.baseAddress, bytes.count, out.baseAddress)
            count = Int(SHA256_DIGEST_LENGTH)
        }
    }

    public static func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                _ = HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, &out, &length)
            }
        }
        return Array(out.prefix(Int(length)))
    }

    /// Equal-length comparison whose time does not depend on where the inputs differ
    /// (OpenSSL's CRYPTO_memcmp); different lengths are unequal without a comparison.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 } }
    }

    /// Cryptographically strong random bytes; traps only if the OS has no entropy at all.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        precondition(RAND_bytes(&out, Int32(count)) == 1, "OpenSSL RAND_bytes failed")
        return out
    }
}
