import Foundation
import Gateway
import PBXCore
import Simulators
import Testing

/// The resilience layer through the running gateway, real sockets, libcurl and the
/// simulated PBXs. The simulators' request counters are the ground truth for "how many
/// vendor calls happened"; time for TTLs, cool-downs and buckets moves only by hand.
@Suite struct ResilienceEndToEndTests {
    static let pascomUsers = "GET /identity/"
    static let pascomPhonebook = "GET /phonebook/"

    func faults(status: Int? = nil, latencyMs: Int = 0, only: String? = nil) -> SimulatorFaults {
        var f = SimulatorFaults()
        f.status = status
        f.latencyMs = latencyMs
        f.onlyEndpoint = only
        return f
    }

    @Test func concurrentColdIdenticalGETsMakeOneVendorCall() async throws {
        try await ResilienceGateway.with(vendors: ["pascom"]) { gw in
            // The vendor is slow, so the requests overlap; any that come later find the entry.
            gw.control("pascom").setFaults(faults(latencyMs: 300, only: Self.pascomUsers))
            let n = 40
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<n { group.addTask { try await gw.get("/v1/tenants/pascom/users?limit=50") } }
                var all: [TestResponse] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(responses.allSatisfy { $0.status == 200 })
            #expect(Set(responses.map(\.body)).count == 1)
            #expect(responses.allSatisfy { ["miss", "hit"].contains($0.header("X-Cache")) })
            #expect(gw.control("pascom").count(of: Self.pascomUsers) == 1)
        }
    }

    /// The brief's load case: 1,000 identical GETs on a cold cache, each on its own
    /// connection, make one vendor call. Requests that arrive while the one call is in
    /// flight share it; any that arrive after it find the entry. Either way: one call.
    @Test func aThousandConcurrentColdIdenticalGETsMakeOneVendorCall() async throws {
        try await ResilienceGateway.with(vendors: ["pascom"]) { gw in
            gw.control("pascom").setFaults(faults(latencyMs: 1500, only: Self.pascomUsers))
            let burst = BurstClient(baseURL: gw.baseURL, key: gw.key)
            let answers = await burst.get(Array(repeating: "/v1/tenants/pascom/users?limit=50", count: 1000))
            #expect(answers.count == 1000)
            #expect(answers.allSatisfy { $0.status == 200 }, "\(Set(answers.map(\.status)))")
            #expect(Set(answers.map(\.body)).count == 1)
            #expect(answers.allSatisfy { ["miss", "hit"].contains($0.header("X-Cache")) })
            #expect(gw.control("pascom").count(of: Self.pascomUsers) == 1)
        }
    }

    @Test func hitsCarryAgeAndExpireWithTheTTL() async throws {
        try await ResilienceGateway.with(vendors: ["pascom"]) { gw in
            let first = try await gw.get("/v1/tenants/pascom/users")
            #expect(first.status == 200)
            #expect(first.header("X-Cache") == "miss")
            #expect(first.header("Cache-Control") == "no-store")
            gw.clock.advance(by: .seconds(59))
            let hit = try await gw.get("/v1/tenants/pascom/users")
            #expect(hit.header("X-Cache") == "hit")
            #expect(hit.header("Age") == "59")
            #expect(hit.header("Cache-Control") == "no-store")
            #expect(hit.body == first.body)
            #expect(gw.control("pascom").count(of: Self.pascomUsers) == 1)
            // Another query is another entry; another tenant's key scope never shares it.
            #expect(try await gw.get("/v1/tenants/pascom/users?q=a").header("X-Cache") == "miss")
            gw.clock.advance(by: .seconds(1))   // users TTL: 60 s
            let expired = try await gw.get("/v1/tenants/pascom/users")
            #expect(expired.header("X-Cache") == "miss")
            #expect(gw.control("pascom").count(of: Self.pascomUsers) == 3)
        }
    }

    @Test func aContactCreateInvalidatesListsAndLookups() async throws {
        try await ResilienceGateway.with(vendors: ["pascom"]) { gw in
            let number = "+4922199887766"
            let list = try await gw.get("/v1/tenants/pascom/phonebook?limit=1000")
            let lookup = try await gw.get("/v1/tenants/pascom/phonebook/lookup?number=%2B4922199887766")
            #expect(list.status == 200 && lookup.status == 200)
            #expect(lookup.json?["data"]?.arrayValue?.isEmpty == true)
            #expect(try await gw.get("/v1/tenants/pascom/phonebook/lookup?number=%2B4922199887766").header("X-Cache") == "hit")
            let created = try await gw.request("POST", "/v1/tenants/pascom/phonebook",
                                               body: #"{"name": "Cache Test", "numbers": [{"type": "work", "number": "\#(number)"}]}"#)
            #expect(created.status == 201, "\(created.text)")
            let listAfter = try await gw.get("/v1/tenants/pascom/phonebook?limit=1000")
            #expect(listAfter.header("X-Cache") == "miss")
            #expect(listAfter.text.contains("Cache Test"))
            let lookupAfter = try await gw.get("/v1/tenants/pascom/phonebook/lookup?number=%2B4922199887766")
            #expect(lookupAfter.header("X-Cache") == "miss")
            #expect(lookupAfter.json?["data"]?.arrayValue?.count == 1, "\(lookupAfter.text)")
        }
    }

    @Test func staleIsServedWhileTheSimulatorFails() async throws {
        try await ResilienceGateway.with(vendors: ["pascom"],
                                         resilience: .init(cache: .init(maxStaleAge: .seconds(120)))) { gw in
            let fresh = try await gw.get("/v1/tenants/pascom/users")
            gw.control("pascom").setFaults(faults(status: 500))
            gw.clock.advance(by: .seconds(61))
            let stale = try await gw.get("/v1/tenants/pascom/users")
            #expect(stale.status == 200)
            #expect(stale.header("X-Cache") == "stale")
            #expect(stale.header("Age") == "61")
            #expect(stale.body == fresh.body)
            gw.clock.advance(by: .seconds(120))   // past the stale window
            let gone = try await gw.get("/v1/tenants/pascom/users")
            #expect(gone.status == 502)
            #expect(gone.problemType == "/problems/upstream-error")
        }
    }

    @Test func breakerOpensShortCircuitsAndRecovers() async throws {
        try await ResilienceGateway.with(vendors: ["pascom", "vitalpbx"],
                                         resilience: .init(breaker: .init(failureThreshold: 3, coolDown: .seconds(30)))) { gw in
            let control = gw.control("pascom")
            control.setFaults(faults(status: 500))
            for _ in 0..<3 { #expect(try await gw.get("/v1/tenants/pascom/users").status == 502) }
            #expect(control.count(of: Self.pascomUsers) == 3)
            let refused = try await gw.get("/v1/tenants/pascom/queues")
            #expect(refused.status == 503)
            #expect(refused.problemType == "/problems/upstream-unavailable")
            #expect(refused.header("Retry-After") == "30")
            #expect(control.counters.values.reduce(0, +) == 3)   // the vendor was not called
            let ready = try await gw.get("/readyz", key: .some(nil))
            let states = Dictionary(uniqueKeysWithValues: (ready.json?["tenants"]?.arrayValue ?? []).compactMap { t in
                t["id"]?.stringValue.map { ($0, t["state"]?.stringValue ?? "") }
            })
            #expect(ready.status == 200)
            #expect(states == ["pascom": "open", "vitalpbx": "ok"])
            #expect(try await gw.get("/v1/tenants/vitalpbx/users").status == 200)
            control.setFaults(SimulatorFaults())
            gw.clock.advance(by: .seconds(30))
            let probe = try await gw.get("/v1/tenants/pascom/users")
            #expect(probe.status == 200)
            #expect(control.count(of: Self.pascomUsers) == 4)
            let after = try await gw.get("/readyz", key: .some(nil))
            #expect(after.text.contains(#""id":"pascom","vendor":"pascom","state":"ok""#))
        }
    }

    @Test func aReadIsRetriedOnceAndAWriteNever() async throws {
        try await ResilienceGateway.with(vendors: ["pascom"]) { gw in
            let control = gw.control("pascom")
            control.setFaults(faults(status: 503))
            let read = try await gw.get("/v1/tenants/pascom/users")
            #expect(read.status == 502)
            #expect(control.count(of: Self.pascomUsers) == 2)
            let write = try await gw.request("POST", "/v1/tenants/pascom/phonebook", body: #"{"name": "Never Twice"}"#)
            #expect(write.status == 502)
            #expect(control.count(of: "POST /phonebook/") == 1)
            let metrics = try await gw.get("/metrics", key: .some(nil)).text
            #expect(metrics.contains(#"switchboard_upstream_retries_total{vendor="pascom",tenant="pascom"} 1"#))
        }
    }

    /// Hits are answered on the event loop without a task; they must be counted, logged
    /// and stamped exactly like answers of the ordinary path, and exactly once.
    @Test func cacheHitsAreCountedLoggedAndStampedOnce() async throws {
        try await ResilienceGateway.with(vendors: ["vitalpbx"]) { gw in
            let miss = try await gw.get("/v1/tenants/vitalpbx/users?limit=2")
            #expect(miss.header("X-Cache") == "miss")
            for _ in 0..<3 {
                let hit = try await gw.get("/v1/tenants/vitalpbx/users?limit=2")
                #expect(hit.status == 200)
                #expect(hit.header("X-Cache") == "hit")
                #expect(hit.header("Cache-Control") == "no-store")
                #expect(hit.header("Content-Type") == "application/json")
                #expect(hit.header("X-Request-Id") != nil)
                #expect(hit.body == miss.body)
            }
            // Hits still pass auth, scope and tenant checks, answered the ordinary way.
            #expect(try await gw.get("/v1/tenants/vitalpbx/users?limit=2", key: .some(nil)).status == 401)
            #expect(try await gw.get("/v1/tenants/vitalpbx/users?limit=2", key: "not-a-key").status == 401)
            #expect(try await gw.get("/v1/tenants/nobody/users?limit=2").status == 404)
            let metrics = try await gw.get("/metrics", key: .some(nil)).text
            #expect(metrics.contains(#"switchboard_http_requests_total{route="/v1/tenants/{tenant}/users",status="200",tenant="vitalpbx"} 4"#),
                    "\(metrics)")
            #expect(metrics.contains(#"switchboard_cache_lookups_total{tenant="vitalpbx",kind="users",result="hit"} 3"#))
            #expect(metrics.contains(#"switchboard_cache_lookups_total{tenant="vitalpbx",kind="users",result="miss"} 1"#))
            let lines = gw.logs.all.filter { $0.contains("route=/v1/tenants/{tenant}/users ") && $0.contains("status=200") }
            #expect(lines.count == 4, "\(gw.logs.all)")
            #expect(lines.filter { $0.contains("cache=hit") }.count == 3)
        }
    }

    @Test func theRateLimitAnswers429AfterTheBucketEmpties() async throws {
        try await ResilienceGateway.with(vendors: ["vitalpbx"], rateLimit: RateLimitRule(requestsPerSecond: 1, burst: 3)) { gw in
            for _ in 0..<3 { #expect(try await gw.get("/v1/tenants/vitalpbx/users", key: gw.limitedKey).status == 200) }
            let limited = try await gw.get("/v1/tenants/vitalpbx/users", key: gw.limitedKey)
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "1")
            #expect(limited.problemType == "/problems/rate-limited")
            // Other keys have their own bucket (the full key is not limited at all).
            #expect(try await gw.get("/v1/tenants/vitalpbx/users").status == 200)
            gw.clock.advance(by: .seconds(1))
            #expect(try await gw.get("/v1/tenants/vitalpbx/users", key: gw.limitedKey).status == 200)
        }
    }

    /// Uncached, every request misses in the immediate attempt and is answered the ordinary
    /// way: the token the attempt took goes with it, so each still costs exactly one.
    @Test func aRequestThatMissesTheCacheCostsOneToken() async throws {
        try await ResilienceGateway.with(vendors: ["vitalpbx"], overrides: ["vitalpbx": ["cacheTTLSeconds.users": "0"]],
                                         rateLimit: RateLimitRule(requestsPerSecond: 1, burst: 3)) { gw in
            for _ in 0..<3 {
                let response = try await gw.get("/v1/tenants/vitalpbx/users", key: gw.limitedKey)
                #expect(response.status == 200)
                #expect(response.header("X-Cache") == "miss")
            }
            #expect(try await gw.get("/v1/tenants/vitalpbx/users", key: gw.limitedKey).status == 429)
            gw.clock.advance(by: .seconds(1))
            #expect(try await gw.get("/v1/tenants/vitalpbx/users", key: gw.limitedKey).status == 200)
        }
    }

    /// A latency comparison means nothing while 140 other tests share the two cores, so this
    /// one runs alone (scripts/tests.d/resilience-isolation.sh sets the variable).
    static let isolated = ProcessInfo.processInfo.environment["SWITCHBOARD_ISOLATION_TEST"] == "1"

    @Test(.enabled(if: isolated, "runs alone from scripts/tests.d/resilience-isolation.sh"))
    func aHangingVendorDoesNotSlowAnotherTenant() async throws {
        // pascom hangs past its 2 s deadline; vitalpbx is healthy and uncached, so every
        // one of its requests really goes to its simulator while pascom's are stuck.
        try await ResilienceGateway.with(vendors: ["pascom", "vitalpbx"],
                                         overrides: ["pascom": ["timeoutSeconds": "2"], "vitalpbx": ["cacheTTLSeconds.users": "0"]]) { gw in
            func healthyLatencies(_ n: Int) async throws -> [Duration] {
                var out: [Duration] = []
                for _ in 0..<n {
                    let t0 = ContinuousClock.now
                    let r = try await gw.get("/v1/tenants/vitalpbx/users")
                    out.append(.now - t0)
                    #expect(r.status == 200)
                }
                return out.sorted()
            }
            func p99(_ sorted: [Duration]) -> Duration { sorted[Int(Double(sorted.count - 1) * 0.99)] }
            let baseline = try await healthyLatencies(30)

            gw.control("pascom").setFaults(faults(latencyMs: 4_000))
            let started = ContinuousClock.now
            async let hanging: [(TestResponse, Duration)] = withThrowingTaskGroup(of: (TestResponse, Duration).self) { group in
                for i in 0..<20 {
                    group.addTask {
                        let t0 = ContinuousClock.now
                        let r = try await gw.get("/v1/tenants/pascom/users?q=\(i)")
                        return (r, .now - t0)
                    }
                }
                var all: [(TestResponse, Duration)] = []
                for try await r in group { all.append(r) }
                return all
            }
            let underHang = try await healthyLatencies(60)
            let healthyDone = ContinuousClock.now - started
            let stuck = try await hanging
            #expect(stuck.allSatisfy { $0.0.status == 504 && $0.0.problemType == "/problems/upstream-timeout" })
            // Cut at the 2 s deadline, not at the vendor's 4 s.
            let slowest = stuck.map(\.1).max() ?? .zero
            #expect(stuck.allSatisfy { $0.1 >= .seconds(2) } && slowest < .milliseconds(3_500), "slowest hanging request: \(slowest)")
            #expect(p99(underHang) < max(.milliseconds(250), p99(baseline) * 3),
                    "healthy p99 \(p99(underHang)) under the hang vs \(p99(baseline)) before; 60 requests in \(healthyDone)")
            #expect(gw.control("vitalpbx").count(of: "GET /extensions") == 90)
        }
    }

    @Test func metricsAndAccessLogShowCacheResultsWithoutClientStrings() async throws {
        try await ResilienceGateway.with(vendors: ["pascom"]) { gw in
            _ = try await gw.get("/v1/tenants/pascom/users?q=SECRET-QUERY-VALUE")
            _ = try await gw.get("/v1/tenants/pascom/users?q=SECRET-QUERY-VALUE")
            _ = try await gw.get("/v1/tenants/no-such-tenant-XYZ/users")
            let metrics = try await gw.get("/metrics", key: .some(nil)).text
            #expect(metrics.contains(#"switchboard_cache_lookups_total{tenant="pascom",kind="users",result="hit"} 1"#))
            #expect(metrics.contains(#"switchboard_cache_lookups_total{tenant="pascom",kind="users",result="miss"} 1"#))
            #expect(metrics.contains(#"switchboard_http_requests_total{route="/v1/tenants/{tenant}/users",status="200",tenant="pascom"} 2"#))
            #expect(metrics.contains(#"switchboard_circuit_state{tenant="pascom"} 0"#))
            #expect(metrics.contains(#"switchboard_bulkhead_in_flight{tenant="pascom"} 0"#))
            #expect(metrics.contains(#"switchboard_bulkhead_queued{tenant="pascom"} 0"#))
            #expect(!metrics.contains("SECRET-QUERY-VALUE") && !metrics.contains("no-such-tenant-XYZ"))
            let lines = gw.logs.all.filter { $0.contains("requestId=") && $0.contains("route=/v1/tenants/{tenant}/users") }
            #expect(lines.contains { $0.contains("cache=hit") && $0.contains("tenant=pascom") && $0.contains("upstreamCalls=0") })
            #expect(lines.contains { $0.contains("cache=miss") && $0.contains("upstreamCalls=1") })
            #expect(!gw.logs.all.contains { $0.contains(gw.key) })
        }
    }
}
