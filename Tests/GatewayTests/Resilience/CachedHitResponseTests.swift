import HTTPServer
import Synchronization
import Testing
@testable import Gateway

/// `ResponseCache.freshResponse`: hits within the same whole second of age share one
/// rendered response; anything that changes what a hit must say renders anew.
@Suite struct CachedHitResponseTests {
    let clock = ManualClock()
    let key = CacheKey(tenant: "acme", kind: .users, operation: "/v1/tenants/{tenant}/users", parameters: ["tenant": "acme"])
    let renders = RenderCount()

    func cache(ttl: Duration = .seconds(60)) -> ResponseCache {
        ResponseCache(ttls: ["acme": ResourceTTLs(overrides: [.users: ttl])], clock: clock)
    }

    func store(_ text: String, in cache: ResponseCache) {
        let ticket: ResponseCache.FillTicket
        switch cache.lookup(key) {
        case .miss(let t), .stale(_, _, let t): ticket = t
        case .fresh: Issue.record("expected no fresh entry before storing"); return
        }
        #expect(cache.store(CachedResponse(headers: [("Content-Type", "application/json")], body: Array(text.utf8)), for: key, ticket: ticket))
    }

    func hit(_ cache: ResponseCache) -> HTTPResponse? {
        cache.freshResponse(key) { outcome in
            renders.count.withLock { $0 += 1 }
            return outcome.httpResponse
        }
    }

    @Test func hitsWithinASecondShareOneRenderingAndAgeMovesOn() throws {
        let cache = cache()
        store("[1]", in: cache)
        clock.advance(by: .milliseconds(200))
        let first = try #require(hit(cache))
        clock.advance(by: .milliseconds(700))
        let second = try #require(hit(cache))
        #expect(renders.count.withLock { $0 } == 1)
        #expect(first.headers["Age"] == "0" && second.headers["Age"] == "0")
        #expect(second.headers["X-Cache"] == "hit")
        #expect(second.body == Array("[1]".utf8))
        clock.advance(by: .milliseconds(100))   // 1.0 s old
        let later = try #require(hit(cache))
        #expect(renders.count.withLock { $0 } == 2)
        #expect(later.headers["Age"] == "1")
    }

    @Test func aNewAnswerIsRenderedAnew() throws {
        let cache = cache(ttl: .seconds(2))
        store("[1]", in: cache)
        #expect(try #require(hit(cache)).body == Array("[1]".utf8))
        clock.advance(by: .seconds(2))
        #expect(hit(cache) == nil)   // expired: not rendered, not served
        #expect(renders.count.withLock { $0 } == 1)
        store("[2]", in: cache)
        let fresh = try #require(hit(cache))
        #expect(fresh.body == Array("[2]".utf8))
        #expect(fresh.headers["Age"] == "0")
    }

    @Test func invalidationEndsTheSharedRendering() {
        let cache = cache()
        store("[1]", in: cache)
        #expect(hit(cache) != nil)
        cache.invalidate(tenant: "acme", kinds: [.users])
        #expect(hit(cache) == nil)
    }
}

/// How many times a test's render closure ran.
final class RenderCount: Sendable {
    let count = Mutex(0)
}
