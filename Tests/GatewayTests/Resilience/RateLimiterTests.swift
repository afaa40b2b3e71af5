import HTTPServer
import Testing
@testable import Gateway

@Suite struct RateLimiterTests {
    @Test func burstThenRefusalWithRetryAfter() throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limits: ["crm": RateLimitRule(requestsPerSecond: 2, burst: 5)], clock: clock)
        for _ in 0..<5 { try limiter.admit(keyName: "crm") }
        do {
            try limiter.admit(keyName: "crm")
            Issue.record("sixth request admitted")
        } catch {
            #expect(error.keyName == "crm")
            #expect(error.retryAfter == .milliseconds(500))
            #expect(error.retryAfterSeconds == 1)
        }
    }

    @Test func tokensRefillWithTimeUpToTheBurst() throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limits: ["crm": RateLimitRule(requestsPerSecond: 10, burst: 3)], clock: clock)
        for _ in 0..<3 { try limiter.admit(keyName: "crm") }
        #expect(throws: RateLimitExceeded.self) { try limiter.admit(keyName: "crm") }
        clock.advance(by: .milliseconds(100))
        try limiter.admit(keyName: "crm")
        #expect(throws: RateLimitExceeded.self) { try limiter.admit(keyName: "crm") }
        clock.advance(by: .seconds(3600))
        for _ in 0..<3 { try limiter.admit(keyName: "crm") }
        #expect(throws: RateLimitExceeded.self) { try limiter.admit(keyName: "crm") }
    }

    @Test func keysAreIndependentAndUnlistedKeysUnlimited() throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limits: ["a": RateLimitRule(requestsPerSecond: 1, burst: 1),
                                           "b": RateLimitRule(requestsPerSecond: 1, burst: 1)], clock: clock)
        try limiter.admit(keyName: "a")
        #expect(throws: RateLimitExceeded.self) { try limiter.admit(keyName: "a") }
        try limiter.admit(keyName: "b")
        for _ in 0..<10_000 { try limiter.admit(keyName: "unlimited") }
    }

    @Test func middlewareAnswers429WithRetryAfterAfterTheBucketEmpties() async throws {
        enum KeyName: ContextKey { typealias Value = String }
        let clock = ManualClock()
        let limiter = RateLimiter(limits: ["crm": RateLimitRule(requestsPerSecond: 1, burst: 2)], clock: clock)
        let reached = CallCounter()
        let chain = MiddlewareChain([RateLimitMiddleware(limiter: limiter, keyName: { $0[KeyName.self] })],
                                    responder: ClosureResponder { _, _ in reached.increment(); return HTTPResponse(status: .ok) })
        var context = RequestContext(requestID: "r1")
        context[KeyName.self] = "crm"
        let request = HTTPRequest(method: .GET, target: "/v1/tenants/acme/users")
        for _ in 0..<2 { #expect(try await chain.respond(to: request, context: context).status == .ok) }
        do {
            _ = try await chain.respond(to: request, context: context)
            Issue.record("third request passed")
        } catch let e as HTTPError {
            let rendered = ProblemRenderer.response(for: e, requestID: "r1")
            #expect(rendered.status.code == 429)
            #expect(rendered.headers["Retry-After"] == "1")
            #expect(String(decoding: rendered.body, as: UTF8.self).contains("\"type\":\"/problems/rate-limited\""))
        }
        #expect(reached.value == 2)
        // Unauthenticated requests are auth's business, not the limiter's.
        _ = try await chain.respond(to: request, context: RequestContext(requestID: "r2"))
        #expect(reached.value == 3)
    }
}
