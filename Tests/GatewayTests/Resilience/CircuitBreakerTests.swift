import PBXCore
import Testing
@testable import Gateway

@Suite struct CircuitBreakerTests {
    func failing(_ breaker: CircuitBreaker, _ calls: CallCounter, _ error: any Error = PBXError.unavailable("refused")) async {
        _ = try? await breaker.run { () async throws -> Int in calls.increment(); throw error }
    }

    @Test func opensAfterConsecutiveFailuresAndShortCircuits() async throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(tenant: "acme", configuration: .init(failureThreshold: 5, coolDown: .seconds(30)), clock: clock)
        let calls = CallCounter()
        for i in 1...4 {
            await failing(breaker, calls)
            #expect(breaker.status == .degraded, "after \(i) failures")
        }
        await failing(breaker, calls)
        #expect(breaker.status == .open)
        #expect(calls.value == 5)
        clock.advance(by: .seconds(10))
        do {
            _ = try await breaker.run { calls.increment() }
            Issue.record("open circuit let a call through")
        } catch let e as CircuitOpenError {
            #expect(e.tenant == "acme")
            #expect(e.retryAfter == .seconds(20))
            #expect(e.retryAfterSeconds == 20)
        }
        #expect(calls.value == 5)
    }

    @Test func aSuccessResetsTheCount() async throws {
        let breaker = CircuitBreaker(tenant: "a", configuration: .init(failureThreshold: 3), clock: ManualClock())
        let calls = CallCounter()
        await failing(breaker, calls)
        await failing(breaker, calls)
        _ = try await breaker.run { calls.increment() }
        #expect(breaker.status == .ok)
        await failing(breaker, calls)
        await failing(breaker, calls)
        #expect(breaker.status == .degraded)
    }

    @Test func clientSideErrorsDoNotCount() async {
        let breaker = CircuitBreaker(tenant: "a", configuration: .init(failureThreshold: 2), clock: ManualClock())
        let calls = CallCounter()
        for _ in 0..<10 {
            await failing(breaker, calls, PBXError.notFound("user 7"))
            await failing(breaker, calls, PBXError.invalidInput("bad number"))
            await failing(breaker, calls, PBXError.upstream(status: 404, detail: "no such"))
        }
        #expect(breaker.status == .ok)
        #expect(calls.value == 30)
    }

    @Test func halfOpenLetsExactlyOneProbeThrough() throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(tenant: "a", configuration: .init(failureThreshold: 1, coolDown: .seconds(30)), clock: clock)
        let p0 = try breaker.acquire()
        breaker.record(.failure, permit: p0)
        #expect(breaker.status == .open)
        #expect(throws: CircuitOpenError.self) { try breaker.acquire() }
        clock.advance(by: .seconds(30))
        let probe = try breaker.acquire()
        #expect(breaker.status == .degraded)
        // While the probe is out, everyone else is still refused.
        for _ in 0..<100 { #expect(throws: CircuitOpenError.self) { try breaker.acquire() } }
        breaker.record(.success, permit: probe)
        #expect(breaker.status == .ok)
        _ = try breaker.acquire()
    }

    @Test func aFailedProbeReopensForAnotherCoolDown() throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(tenant: "a", configuration: .init(failureThreshold: 1, coolDown: .seconds(30)), clock: clock)
        breaker.record(.failure, permit: try breaker.acquire())
        clock.advance(by: .seconds(30))
        breaker.record(.failure, permit: try breaker.acquire())
        #expect(breaker.status == .open)
        clock.advance(by: .seconds(29))
        #expect(throws: CircuitOpenError.self) { try breaker.acquire() }
        clock.advance(by: .seconds(1))
        #expect(throws: Never.self) { try breaker.acquire() }
    }

    @Test func aNeutralProbeHandsTheSlotBack() throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(tenant: "a", configuration: .init(failureThreshold: 1, coolDown: .seconds(5)), clock: clock)
        breaker.record(.failure, permit: try breaker.acquire())
        clock.advance(by: .seconds(5))
        let probe = try breaker.acquire()
        breaker.record(.neutral, permit: probe)   // e.g. the client went away
        let next = try breaker.acquire()          // another caller may probe now
        breaker.record(.success, permit: next)
        #expect(breaker.status == .ok)
    }

    @Test func lateAnswersFromBeforeTheOpeningChangeNothing() throws {
        let breaker = CircuitBreaker(tenant: "a", configuration: .init(failureThreshold: 1, coolDown: .seconds(5)), clock: ManualClock())
        let early = try breaker.acquire()
        breaker.record(.failure, permit: try breaker.acquire())
        breaker.record(.success, permit: early)
        #expect(breaker.status == .open)
    }
}
