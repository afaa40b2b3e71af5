/// When and how an upstream call is tried again: only idempotent reads, only once, only
/// for connect failures and 502/503 (`UpstreamFailure.isRetryable`), only if the budget
/// has a token and the deadline leaves room, after a jittered pause so a burst of failed
/// callers does not hit the vendor again in lockstep. Writes are never retried: a
/// click-to-dial sent twice rings twice.
public struct RetryPolicy: Sendable {
    public var maxRetries: Int
    /// The pause before a retry is uniformly drawn from `0...maxBackoff`.
    public var maxBackoff: Duration
    /// Draws a number in 0...1; injected so tests know the pause.
    public var jitter: @Sendable () -> Double

    public init(maxRetries: Int = 1, maxBackoff: Duration = .milliseconds(100),
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) {
        self.maxRetries = max(0, maxRetries)
        self.maxBackoff = maxBackoff
        self.jitter = jitter
    }

    public static let never = RetryPolicy(maxRetries: 0)

    /// Runs `operation`, retrying as described. `attempts` reports each attempt's number
    /// (1-based) for metrics and logs.
    public func run<T: Sendable>(idempotent: Bool, budget: RetryBudget, deadline: ContinuousClock.Instant,
                                 clock: any MonotonicClock,
                                 onRetry: @Sendable (any Error) -> Void = { _ in },
                                 _ operation: () async throws -> T) async throws -> T {
        budget.deposit()
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await operation()
            } catch {
                guard idempotent, attempt <= maxRetries, UpstreamFailure.isRetryable(error) else { throw error }
                let pause = maxBackoff * min(1, max(0, jitter()))
                // A retry that cannot finish before the deadline only adds load.
                guard clock.now() + pause < deadline, !Task.isCancelled, budget.withdraw() else { throw error }
                onRetry(error)
                try await clock.sleep(for: pause)
            }
        }
    }
}
