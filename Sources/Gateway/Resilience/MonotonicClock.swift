/// Monotonic time for everything in the resilience layer (TTLs, cool-downs, token buckets,
/// backoff). Injected so tests drive time by hand and run instantly and exactly; instants are
/// `ContinuousClock` instants so they compare directly with `PBXContext.deadline`.
public protocol MonotonicClock: Sendable {
    func now() -> ContinuousClock.Instant
    /// Suspends for `duration` of this clock's time (a test clock advances instead of waiting).
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemMonotonicClock: MonotonicClock {
    public init() {}
    public func now() -> ContinuousClock.Instant { .now }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
