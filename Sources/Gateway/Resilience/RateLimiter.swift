/// Per-API-key rate limiting. The table of buckets is built once from the configuration
/// and never changes, so a check is a dictionary read plus one uncontended lock on that
/// key's own bucket: no actor hop, no global lock shared by all keys.
public final class RateLimiter: Sendable {
    private let buckets: [String: TokenBucket]
    private let clock: any MonotonicClock

    /// - Parameter limits: key name (from the configuration) → its limit; keys not listed
    ///   are not limited.
    public init(limits: [String: RateLimitRule], clock: any MonotonicClock = SystemMonotonicClock()) {
        let now = clock.now()
        self.buckets = limits.mapValues { TokenBucket(limit: $0, now: now) }
        self.clock = clock
    }

    /// Takes a token for `keyName`, or throws how long to wait.
    public func admit(keyName: String) throws(RateLimitExceeded) {
        guard let bucket = buckets[keyName] else { return }
        if let wait = bucket.take(now: clock.now()) {
            throw RateLimitExceeded(keyName: keyName, retryAfter: wait)
        }
    }

    /// Gives back a token taken by `admit` for a request that is then admitted again.
    public func refund(keyName: String) {
        buckets[keyName]?.refund()
    }

    public var isEmpty: Bool { buckets.isEmpty }
}

/// The key used up its bucket (→ 429 with `Retry-After`).
public struct RateLimitExceeded: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configured key name (never the key itself).
    public var keyName: String
    public var retryAfter: Duration
    public var description: String { "rate limit of key \(keyName) exceeded" }
    /// Whole seconds for `Retry-After`, at least 1.
    public var retryAfterSeconds: Int { retryAfter.retryAfterSeconds }
}
