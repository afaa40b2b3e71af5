import PBXCore
import Testing
import Upstream
@testable import Gateway

@Suite struct RetryPolicyTests {
    let farDeadline = ContinuousClock.now + .seconds(3600)

    /// Fails with `errors` in order, then succeeds; counts attempts.
    func run(_ policy: RetryPolicy, idempotent: Bool, errors: [any Error], budget: RetryBudget = RetryBudget(),
             clock: ManualClock = ManualClock(), deadline: ContinuousClock.Instant? = nil) async -> (attempts: Int, error: (any Error)?) {
        let calls = CallCounter()
        do {
            _ = try await policy.run(idempotent: idempotent, budget: budget, deadline: deadline ?? farDeadline, clock: clock) {
                let n = calls.increment()
                if n <= errors.count { throw errors[n - 1] }
                return n
            }
            return (calls.value, nil)
        } catch {
            return (calls.value, error)
        }
    }

    @Test(arguments: [
        PBXError.unavailable("connection refused"),
        PBXError.upstream(status: 502, detail: "bad gateway"),
        PBXError.upstream(status: 503, detail: "maintenance"),
    ])
    func readsRetryOnceOnConnectErrorsAnd502And503(_ error: PBXError) async {
        let r = await run(RetryPolicy(), idempotent: true, errors: [error])
        #expect(r.attempts == 2)
        #expect(r.error == nil)
    }

    @Test func connectLevelTransportErrorsAreRetriedToo() async {
        let refused = UpstreamError(.connectionRefused, method: "GET", host: "pbx", path: "/x")
        let r = await run(RetryPolicy(), idempotent: true, errors: [refused])
        #expect(r.attempts == 2)
    }

    @Test func onlyOnce() async {
        let r = await run(RetryPolicy(), idempotent: true,
                          errors: [PBXError.unavailable("a"), PBXError.unavailable("b"), PBXError.unavailable("c")])
        #expect(r.attempts == 2)
        #expect((r.error as? PBXError) == .unavailable("b"))
    }

    @Test func writesNeverRetry() async {
        let r = await run(RetryPolicy(), idempotent: false, errors: [PBXError.unavailable("refused")])
        #expect(r.attempts == 1)
        #expect(r.error != nil)
    }

    @Test(arguments: [
        PBXError.timeout("no answer"), PBXError.upstream(status: 500, detail: "boom"),
        PBXError.upstream(status: nil, detail: "garbage"), PBXError.notFound("7"), PBXError.authenticationFailed("401"),
    ])
    func otherErrorsAreNotRetried(_ error: PBXError) async {
        let r = await run(RetryPolicy(), idempotent: true, errors: [error])
        #expect(r.attempts == 1)
    }

    @Test func theRetryWaitsAJitteredPause() async {
        let clock = ManualClock()
        let policy = RetryPolicy(maxBackoff: .milliseconds(200), jitter: { 0.25 })
        _ = await run(policy, idempotent: true, errors: [PBXError.unavailable("x")], clock: clock)
        #expect(clock.sleeps == [.milliseconds(50)])
    }

    @Test func noRetryWhenTheDeadlineLeavesNoRoom() async {
        let clock = ManualClock()
        let policy = RetryPolicy(maxBackoff: .milliseconds(200), jitter: { 1 })
        let r = await run(policy, idempotent: true, errors: [PBXError.unavailable("x")], clock: clock,
                          deadline: clock.now() + .milliseconds(100))
        #expect(r.attempts == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func theBudgetCapsRetriesAtTenPercent() async {
        let budget = RetryBudget(ratio: 0.1, maxBalance: 3)
        let clock = ManualClock()
        var attempts = 0
        let requests = 1000
        for _ in 0..<requests {
            attempts += await run(RetryPolicy(jitter: { 0 }), idempotent: true,
                                  errors: [PBXError.unavailable("down"), PBXError.unavailable("down")],
                                  budget: budget, clock: clock).attempts
        }
        let retries = attempts - requests
        #expect(retries <= Int(Double(requests) * 0.1) + 3)
        #expect(retries >= Int(Double(requests) * 0.1) - 1)   // the budget is spent, not hoarded
    }
}
