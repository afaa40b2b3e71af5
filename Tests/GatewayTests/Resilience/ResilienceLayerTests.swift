import HTTPServer
import PBXCore
import Prometheus
import Testing
@testable import Gateway

@Suite struct ResilienceLayerTests {
    static let route = "/v1/tenants/{tenant}/users"
    let clock = ManualClock()

    func layer(threshold: Int = 5, metrics: GatewayMetrics? = nil) -> ResilienceLayer {
        ResilienceLayer(tenants: ["acme": .defaults, "beta": .defaults],
                        configuration: .init(breaker: .init(failureThreshold: threshold, coolDown: .seconds(30)),
                                             retry: RetryPolicy(jitter: { 0 })),
                        metrics: metrics, clock: clock)
    }

    func key(_ tenant: String = "acme", _ kind: ResourceKind = .users) -> CacheKey {
        CacheKey(tenant: tenant, kind: kind, operation: Self.route, parameters: ["tenant": tenant])
    }

    /// Generous: on a saturated machine the test process can stall for many seconds.
    func context(_ timeout: Duration = .seconds(600)) -> PBXContext {
        PBXContext(deadline: .now + timeout, requestID: "r")
    }

    func answer(_ s: String) -> CachedResponse {
        CachedResponse(headers: [("Content-Type", "application/json")], body: Array(s.utf8))
    }

    @Test func missThenHitWithoutCallingTheVendor() async throws {
        let layer = layer(), calls = CallCounter()
        let first = try await layer.read(key(), context: context()) { _ in calls.increment(); return answer("[\"anna\"]") }
        #expect(first.result == .miss)
        clock.advance(by: .seconds(3))
        let second = try await layer.read(key(), context: context()) { _ in calls.increment(); return answer("other") }
        #expect(second.result == .hit)
        #expect(calls.value == 1)
        #expect(second.response.body == Array("[\"anna\"]".utf8))
        let http = second.httpResponse
        #expect(http.headers["X-Cache"] == "hit")
        #expect(http.headers["Age"] == "3")
        #expect(http.headers["Content-Type"] == "application/json")
        #expect(layer.cachedAnswer(key())?.result == .hit)
        #expect(layer.cachedAnswer(key("beta")) == nil)
    }

    @Test func concurrentColdReadsShareOneVendorCall() async throws {
        let metrics = GatewayMetrics(registry: PrometheusCollectorRegistry(), tenants: ["acme": "pascom"])
        let layer = layer(metrics: metrics), calls = CallCounter()
        let gate = RequestCoalescerTests.Gate()
        let n = 300
        let results = try await withThrowingTaskGroup(of: CacheOutcome.self) { group in
            for _ in 0..<n {
                group.addTask {
                    try await layer.read(key(), context: context()) { _ in
                        calls.increment()
                        await gate.wait()
                        return answer("[1]")
                    }
                }
            }
            // Everyone is either waiting on the one flight or will find the entry.
            _ = await eventually { calls.value == 1 }
            gate.open()
            var all: [CacheOutcome] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(calls.value == 1)
        #expect(results.allSatisfy { $0.response.body == Array("[1]".utf8) })
        let text = String(decoding: metrics.render(), as: UTF8.self)
        let coalesced = results.filter { $0.result == .miss }.count - 1
        if coalesced > 0 { #expect(text.contains("switchboard_coalesced_requests_total{tenant=\"acme\"} \(coalesced)")) }
    }

    @Test func staleIsServedWhileTheVendorFailsAndOnlyThen() async throws {
        let layer = layer()
        _ = try await layer.read(key(), context: context()) { _ in answer("old") }
        clock.advance(by: .seconds(61))
        let stale = try await layer.read(key(), context: context()) { _ in throw PBXError.unavailable("refused") }
        #expect(stale.result == .stale)
        #expect(stale.response.body == Array("old".utf8))
        #expect(stale.httpResponse.headers["Age"] == "61")
        // A 404 from the vendor is an answer, not an outage: no stale cover.
        await #expect(throws: PBXError.notFound("users")) {
            try await layer.read(key(), context: context()) { _ in throw PBXError.notFound("users") }
        }
        // Recovered: the fresh answer replaces the stale one.
        let fresh = try await layer.read(key(), context: context()) { _ in answer("new") }
        #expect(fresh.result == .miss && fresh.response.body == Array("new".utf8))
    }

    @Test func staleCoversARequestTheBulkheadTurnsAway() async throws {
        let layer = ResilienceLayer(tenants: ["acme": .defaults],
                                    configuration: .init(maxInFlightPerTenant: 1, maxQueuedPerTenant: 0), clock: clock)
        _ = try await layer.read(key(), context: context()) { _ in answer("old") }
        clock.advance(by: .seconds(61))
        // The tenant's one slot is taken by another read that waits on the gate.
        let gate = RequestCoalescerTests.Gate()
        let busy = Task {
            try await layer.read(key("acme", .queues), context: context()) { _ in await gate.wait(); return answer("q") }
        }
        #expect(await eventually { layer.tenant("acme").bulkhead.current == 1 })
        let served = try await layer.read(key(), context: context()) { _ in answer("never") }
        #expect(served.result == .stale)
        #expect(served.response.body == Array("old".utf8))
        // Without a stale entry the refusal goes through.
        await #expect(throws: BulkheadFull.self) {
            try await layer.read(key("acme", .devices), context: context()) { _ in answer("never") }
        }
        gate.open()
        _ = try await busy.value
    }

    @Test func withoutAStaleEntryTheErrorGoesThrough() async {
        let layer = layer()
        await #expect(throws: PBXError.timeout("slow")) {
            try await layer.read(key(), context: context()) { _ in throw PBXError.timeout("slow") }
        }
    }

    @Test func breakerOpensShortCircuitsAndRecovers() async throws {
        let layer = layer(threshold: 3), calls = CallCounter()
        for _ in 0..<3 {
            _ = try? await layer.read(key(), context: context()) { _ in calls.increment(); throw PBXError.upstream(status: 500, detail: "x") }
        }
        #expect(calls.value == 3)
        #expect(layer.circuitStatuses["acme"] == .open)
        #expect(layer.circuitStatuses["beta"] == .ok)
        await #expect(throws: CircuitOpenError.self) {
            try await layer.read(key(), context: context()) { _ in calls.increment(); return answer("x") }
        }
        #expect(calls.value == 3)
        // Another tenant is unaffected.
        _ = try await layer.read(key("beta"), context: context()) { _ in answer("beta") }
        clock.advance(by: .seconds(30))
        let probe = try await layer.read(key(), context: context()) { _ in calls.increment(); return answer("back") }
        #expect(probe.result == .miss)
        #expect(calls.value == 4)
        #expect(layer.circuitStatuses["acme"] == .ok)
    }

    @Test func anOpenCircuitIsCoveredByAStaleEntry() async throws {
        let layer = layer(threshold: 1)
        _ = try await layer.read(key(), context: context()) { _ in answer("cached") }
        clock.advance(by: .seconds(61))
        _ = try await layer.read(key(), context: context()) { _ in throw PBXError.unavailable("down") }   // stale, opens
        #expect(layer.circuitStatuses["acme"] == .open)
        let served = try await layer.read(key(), context: context()) { _ in Issue.record("vendor called"); return answer("x") }
        #expect(served.result == .stale)
    }

    @Test func readsRetryOnceAndWritesNever() async throws {
        let layer = layer(), reads = CallCounter(), writes = CallCounter()
        let r = try await layer.read(key(), context: context()) { _ in
            if reads.increment() == 1 { throw PBXError.upstream(status: 503, detail: "busy") }
            return answer("ok")
        }
        #expect(r.result == .miss && reads.value == 2)
        await #expect(throws: PBXError.self) {
            try await layer.write(tenant: "acme", capability: .phonebookCreate, context: context()) { _ in
                writes.increment()
                throw PBXError.unavailable("refused")
            }
        }
        #expect(writes.value == 1)
    }

    @Test func writesInvalidateWhatTheyChange() async throws {
        let layer = layer()
        let phonebook = CacheKey(tenant: "acme", kind: .phonebook, operation: "/v1/tenants/{tenant}/phonebook")
        let lookup = CacheKey(tenant: "acme", kind: .phonebook, operation: "/v1/tenants/{tenant}/phonebook/lookup",
                              query: [(name: "number", value: "+4922166966966")])
        for k in [phonebook, lookup, key()] { _ = try await layer.read(k, context: context()) { _ in answer("before") } }
        let id = try await layer.write(tenant: "acme", capability: .phonebookCreate, context: context()) { _ in "c-1" }
        #expect(id == "c-1")
        #expect(layer.cachedAnswer(phonebook) == nil)
        #expect(layer.cachedAnswer(lookup) == nil)
        #expect(layer.cachedAnswer(key()) != nil)   // users untouched
        let after = try await layer.read(phonebook, context: context()) { _ in answer("after") }
        #expect(after.result == .miss && after.response.body == Array("after".utf8))
    }

    @Test func aHangingVendorIsCutAtTheDeadline() async {
        let layer = layer()
        let started = ContinuousClock.now
        await #expect(throws: DeadlineExceeded(tenant: "acme")) {
            try await layer.read(key(), context: context(.milliseconds(200))) { _ in
                try await Task.sleep(for: .seconds(3600))
                return answer("late")
            }
        }
        // Cut at the deadline, long before the vendor would have answered.
        #expect(ContinuousClock.now - started < .seconds(300))
    }

    @Test func problemsCarryStatusAndRetryAfter() {
        let open = ResilienceProblems.httpError(for: CircuitOpenError(tenant: "acme", retryAfter: .milliseconds(2500)))
        #expect(open?.status.code == 503 && open?.slug == "upstream-unavailable" && open?.headers["Retry-After"] == "3")
        #expect(open?.extensions["retryAfter"] == .int(3))
        #expect(ResilienceProblems.httpError(for: DeadlineExceeded(tenant: "acme"))?.status.code == 504)
        #expect(ResilienceProblems.httpError(for: RateLimitExceeded(keyName: "k", retryAfter: .seconds(2)))?.status.code == 429)
        #expect(ResilienceProblems.httpError(for: PBXError.timeout("x")) == nil)
    }
}
