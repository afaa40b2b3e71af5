import Synchronization

/// `rateLimit: {requestsPerSecond, burst}` of one API key (API.md), as the limiter uses it;
/// the configuration loader validates both (positive).
public struct RateLimitRule: Sendable, Hashable {
    public var requestsPerSecond: Double
    public var burst: Int

    public init(requestsPerSecond: Double, burst: Int) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }
}

/// A token bucket: holds up to `burst` tokens, refills at `requestsPerSecond`, each request
/// takes one. Refill is computed lazily from elapsed time, so an idle bucket costs nothing.
final class TokenBucket: Sendable {
    private struct State {
        var tokens: Double
        var updatedAt: ContinuousClock.Instant
    }

    let limit: RateLimitRule
    private let state: Mutex<State>

    init(limit: RateLimitRule, now: ContinuousClock.Instant) {
        self.limit = limit
        self.state = Mutex(State(tokens: Double(limit.burst), updatedAt: now))
    }

    /// nil when admitted, else how long until a token is there.
    func take(now: ContinuousClock.Instant) -> Duration? {
        let rate = limit.requestsPerSecond
        let capacity = Double(limit.burst)
        return state.withLock { s in
            if now > s.updatedAt {
                let elapsed = now - s.updatedAt
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                s.tokens = min(capacity, s.tokens + seconds * rate)
                s.updatedAt = now
            }
            if s.tokens >= 1 {
                s.tokens -= 1
                return nil
            }
            return .seconds((1 - s.tokens) / rate)
        }
    }

    /// Returns one token taken by `take` (never beyond `burst`).
    func refund() {
        let capacity = Double(limit.burst)
        state.withLock { $0.tokens = min(capacity, $0.tokens + 1) }
    }
}
