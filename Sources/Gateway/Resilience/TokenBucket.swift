import Synchronization

/// `rateLimit: {requestsPerSecond, burst}` of one API key (API.md).
public struct RateLimit: Sendable, Equatable {
    public var requestsPerSecond: Double
    public var burst: Int

    public init(requestsPerSecond: Double, burst: Int) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }

    /// Both must be positive; the error names the key.
    public func validated() throws(InvalidRateLimit) -> RateLimit {
        guard requestsPerSecond > 0, requestsPerSecond.isFinite else {
            throw InvalidRateLimit(key: "requestsPerSecond", reason: "must be a positive number")
        }
        guard burst >= 1 else { throw InvalidRateLimit(key: "burst", reason: "must be 1 or more") }
        return self
    }
}

public struct InvalidRateLimit: Error, Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var reason: String
    public var description: String { "rateLimit.\(key): \(reason)" }
}

/// A token bucket: holds up to `burst` tokens, refills at `requestsPerSecond`, each request
/// takes one. Refill is computed lazily from elapsed time, so an idle bucket costs nothing.
final class TokenBucket: Sendable {
    private struct State {
        var tokens: Double
        var updatedAt: ContinuousClock.Instant
    }

    let limit: RateLimit
    private let state: Mutex<State>

    init(limit: RateLimit, now: ContinuousClock.Instant) {
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
}
