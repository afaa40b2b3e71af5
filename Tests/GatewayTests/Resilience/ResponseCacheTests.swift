import Testing
@testable import Gateway

@Suite struct ResponseCacheTests {
    static let usersRoute = "/v1/tenants/{tenant}/users"

    func key(_ tenant: String = "acme", _ kind: ResourceKind = .users, route: String = usersRoute,
             query: [(String, String)] = []) -> CacheKey {
        CacheKey(tenant: tenant, kind: kind, operation: route, parameters: ["tenant": tenant],
                 query: query.map { (name: $0.0, value: $0.1) })
    }

    func body(_ s: String) -> CachedResponse {
        CachedResponse(headers: [("Content-Type", "application/json")], body: Array(s.utf8))
    }

    func missTicket(_ cache: ResponseCache, _ key: CacheKey) -> ResponseCache.FillTicket {
        switch cache.lookup(key) {
        case .miss(let t), .stale(_, _, let t): return t
        case .fresh: Issue.record("expected no fresh entry for \(key)"); return .init(generation: .max)
        }
    }

    func freshBody(_ cache: ResponseCache, _ key: CacheKey) -> String? {
        if case .fresh(let r, _) = cache.lookup(key) { return String(decoding: r.body, as: UTF8.self) }
        return nil
    }

    @Test func hitReturnsStoredBytesAndAge() {
        let clock = ManualClock()
        let cache = ResponseCache(clock: clock)
        let k = key()
        #expect(cache.store(body("[1]"), for: k, ticket: missTicket(cache, k)))
        clock.advance(by: .seconds(7))
        guard case .fresh(let r, let age) = cache.lookup(k) else { Issue.record("no hit"); return }
        #expect(r.body == Array("[1]".utf8))
        #expect(r.headers.first?.value == "application/json")
        #expect(age == .seconds(7))
    }

    @Test func entriesNeverCrossTenants() {
        let cache = ResponseCache(clock: ManualClock())
        let a = key("acme"), b = key("beta")
        cache.store(body("acme-users"), for: a, ticket: missTicket(cache, a))
        #expect(a != b)
        guard case .miss = cache.lookup(b) else { Issue.record("beta saw acme's entry"); return }
        cache.store(body("beta-users"), for: b, ticket: missTicket(cache, b))
        #expect(freshBody(cache, a) == "acme-users")
        #expect(freshBody(cache, b) == "beta-users")
    }

    @Test func queryIsNormalisedButDistinguishesValues() {
        let k1 = key(query: [("q", "anna"), ("limit", "5")])
        let k2 = key(query: [("limit", "5"), ("q", "anna")])
        #expect(k1 == k2)
        #expect(key(query: [("cursor", "X")]) != key(query: [("cursor", "Y")]))
        // A value containing the separators must not collide with two items.
        #expect(key(query: [("q", "a&limit=5")]) != key(query: [("q", "a"), ("limit", "5")]))
        // Path parameters are part of the identity too.
        let c1 = CacheKey(tenant: "acme", kind: .phonebook, operation: "/v1/tenants/{tenant}/phonebook/{contactId}",
                          parameters: ["tenant": "acme", "contactId": "1"])
        let c2 = CacheKey(tenant: "acme", kind: .phonebook, operation: "/v1/tenants/{tenant}/phonebook/{contactId}",
                          parameters: ["tenant": "acme", "contactId": "2"])
        #expect(c1 != c2)
    }

    @Test func ttlExpiryIsExactThenStaleWindowThenGone() {
        let clock = ManualClock()
        let cache = ResponseCache(configuration: .init(maxStaleAge: .seconds(30)), clock: clock)
        let k = key("acme", .calls, route: "/v1/tenants/{tenant}/calls")   // default 10 s
        cache.store(body("calls"), for: k, ticket: missTicket(cache, k))
        clock.advance(by: .seconds(10) - .nanoseconds(1))
        #expect(freshBody(cache, k) == "calls")
        clock.advance(by: .nanoseconds(1))
        guard case .stale(let r, let age, _) = cache.lookup(k) else { Issue.record("expected stale at TTL"); return }
        #expect(r.body == Array("calls".utf8))
        #expect(age == .seconds(10))
        clock.advance(by: .seconds(30))
        guard case .stale = cache.lookup(k) else { Issue.record("expected stale at the end of the window"); return }
        clock.advance(by: .nanoseconds(1))
        guard case .miss = cache.lookup(k) else { Issue.record("expected miss past the stale window"); return }
        #expect(cache.usage.entries == 0)
    }

    @Test func defaultTTLsFollowTheContract() {
        let d = ResourceTTLs.defaults
        for kind in [ResourceKind.users, .queues, .devices, .numbers, .phonebook] { #expect(d[kind] == .seconds(60)) }
        #expect(d[.calls] == .seconds(10))
        #expect(d[.activeCalls] == .seconds(1))
        #expect(d[.voicemail] == .seconds(15))
    }

    @Test func perTenantTTLAndZeroDisablesCaching() {
        let clock = ManualClock()
        let cache = ResponseCache(ttls: ["acme": ResourceTTLs(overrides: [.users: .seconds(5), .queues: .zero])], clock: clock)
        let users = key("acme"), queues = key("acme", .queues, route: "/v1/tenants/{tenant}/queues")
        let betaUsers = key("beta")
        cache.store(body("u"), for: users, ticket: missTicket(cache, users))
        cache.store(body("b"), for: betaUsers, ticket: missTicket(cache, betaUsers))
        #expect(!cache.store(body("q"), for: queues, ticket: missTicket(cache, queues)))
        clock.advance(by: .seconds(5))
        #expect(freshBody(cache, users) == nil)        // acme: 5 s
        #expect(freshBody(cache, betaUsers) == "b")   // beta: default 60 s
        #expect(cache.ttl(for: "acme", kind: .calls) == .seconds(10))
    }

    @Test func leastRecentlyUsedIsEvictedWithinTheByteBound() {
        let entry = body(String(repeating: "x", count: 1000))
        let sample = key(query: [("i", "0")])
        let perEntry = entry.chargedBytes + sample.operation.utf8.count + sample.arguments.utf8.count + sample.tenant.utf8.count
        let cache = ResponseCache(configuration: .init(maxBytes: perEntry * 3, maxEntryBytes: perEntry * 3), clock: ManualClock())
        let keys = (0..<4).map { key(query: [("i", String($0))]) }
        for k in keys[0..<3] { cache.store(entry, for: k, ticket: missTicket(cache, k)) }
        #expect(cache.usage.entries == 3)
        _ = cache.lookup(keys[0])   // now keys[1] is the least recently used
        cache.store(entry, for: keys[3], ticket: missTicket(cache, keys[3]))
        #expect(cache.usage.entries == 3)
        #expect(cache.usage.bytes <= perEntry * 3)
        #expect(freshBody(cache, keys[1]) == nil)
        #expect(freshBody(cache, keys[0]) != nil)
        #expect(freshBody(cache, keys[2]) != nil)
        #expect(freshBody(cache, keys[3]) != nil)
    }

    @Test func onlySuccessesAreCached() {
        let cache = ResponseCache(clock: ManualClock())
        let k = key()
        #expect(!cache.store(CachedResponse(status: 404, body: Array("{}".utf8)), for: k, ticket: missTicket(cache, k)))
        #expect(!cache.store(CachedResponse(status: 502, body: Array("{}".utf8)), for: k, ticket: missTicket(cache, k)))
        #expect(cache.store(CachedResponse(status: 200, body: Array("{}".utf8)), for: k, ticket: missTicket(cache, k)))
    }

    @Test func oversizedAnswersAreNotCached() {
        let cache = ResponseCache(configuration: .init(maxBytes: 10_000), clock: ManualClock())
        let k = key()
        #expect(!cache.store(body(String(repeating: "y", count: 2_000)), for: k, ticket: missTicket(cache, k)))
        #expect(cache.usage.entries == 0)
    }

    @Test func invalidationDropsOnlyThatTenantsKinds() {
        let clock = ManualClock()
        let cache = ResponseCache(clock: clock)
        let list = key("acme", .phonebook, route: "/v1/tenants/{tenant}/phonebook")
        let lookup = key("acme", .phonebook, route: "/v1/tenants/{tenant}/phonebook/lookup", query: [("number", "+49221")])
        let users = key("acme")
        let other = key("beta", .phonebook, route: "/v1/tenants/{tenant}/phonebook")
        for k in [list, lookup, users, other] { cache.store(body(k.description), for: k, ticket: missTicket(cache, k)) }
        cache.invalidate(tenant: "acme", kinds: ResourceKind.invalidated(by: .phonebookCreate))
        guard case .miss = cache.lookup(list), case .miss = cache.lookup(lookup) else {
            Issue.record("phonebook entries survived a contact create"); return
        }
        #expect(freshBody(cache, users) != nil)
        #expect(freshBody(cache, other) != nil)
    }

    @Test func invalidationAlsoRemovesStaleEntries() {
        let clock = ManualClock()
        let cache = ResponseCache(clock: clock)
        let k = key("acme", .phonebook, route: "/v1/tenants/{tenant}/phonebook")
        cache.store(body("old"), for: k, ticket: missTicket(cache, k))
        clock.advance(by: .seconds(61))
        guard case .stale = cache.lookup(k) else { Issue.record("expected stale"); return }
        cache.invalidate(tenant: "acme", kinds: [.phonebook])
        guard case .miss = cache.lookup(k) else { Issue.record("stale entry survived invalidation"); return }
    }

    @Test func aFillThatStartedBeforeAWriteIsNotStored() {
        let cache = ResponseCache(clock: ManualClock())
        let k = key("acme", .phonebook, route: "/v1/tenants/{tenant}/phonebook")
        let before = missTicket(cache, k)
        cache.invalidate(tenant: "acme", kinds: [.phonebook])
        #expect(!cache.store(body("pre-write answer"), for: k, ticket: before))
        #expect(cache.store(body("post-write answer"), for: k, ticket: missTicket(cache, k)))
        #expect(freshBody(cache, k) == "post-write answer")
    }

    @Test func concurrentUseKeepsTheBoundAndTheTenants() async {
        let cache = ResponseCache(configuration: .init(maxBytes: 64 * 1024), clock: ManualClock())
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    let tenant = "t\(t)"
                    for i in 0..<500 {
                        let k = CacheKey(tenant: tenant, kind: .users, operation: Self.usersRoute, query: [(name: "i", value: String(i % 50))])
                        if case .fresh(let r, _) = cache.lookup(k) {
                            #expect(r.body == Array("\(tenant)-\(i % 50)".utf8))
                        } else if case .miss(let ticket) = cache.lookup(k) {
                            cache.store(CachedResponse(body: Array("\(tenant)-\(i % 50)".utf8)), for: k, ticket: ticket)
                        }
                    }
                }
            }
        }
        #expect(cache.usage.bytes <= 64 * 1024)
        #expect(cache.usage.entries > 0)
    }
}
