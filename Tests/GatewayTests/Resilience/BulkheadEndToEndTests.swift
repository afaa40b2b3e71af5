import Foundation
import Gateway
import Simulators
import Testing

/// The per-tenant bulkhead through the running gateway, over the fonial simulator: a burst
/// over the cap waits in the queue and is served, a burst over the queue is refused at once,
/// a queued request leaves at its deadline. Calls are held in flight by the simulator's login
/// gate or by a transport that overruns its deadline, never by a guessed latency.
@Suite struct BulkheadEndToEndTests {
    static func fonial(_ gw: ResilienceGateway) -> FonialSimulator { gw.simulators["fonial"]!.simulator as! FonialSimulator }

    /// A calls query no other request of the test shares (no cache hit, no coalescing).
    static func path(_ n: Int) -> String { FonialEndToEndTests.callsPath(n, hours: 1) }

    @Test func aBurstOverTheCapQueuesAndIsServedAndOverTheQueueIs503() async throws {
        try await ResilienceGateway.with(vendors: ["fonial"], resilience: .init(maxInFlightPerTenant: 2, maxQueuedPerTenant: 3)) { gw in
            let sim = Self.fonial(gw)
            let bulkhead = gw.application.resilience.tenant("fonial").bulkhead
            // The first login is held: the two calls in flight wait for it, three queue.
            sim.holdLogins()
            let burst = BurstClient(baseURL: gw.baseURL, key: gw.key)
            async let answers = burst.get((0..<5).map(Self.path))
            #expect(await eventually { bulkhead.current == 2 && bulkhead.queued == 3 })
            let refused = try? await gw.get(Self.path(5))
            sim.releaseLogins()
            #expect(refused?.status == 503)
            #expect(refused?.problemType == "/problems/upstream-unavailable")
            #expect(refused?.header("Retry-After") == "1")
            let statuses = await answers.map(\.status)
            #expect(statuses == [200, 200, 200, 200, 200])
            #expect(sim.control.count(of: "POST /session/authenticate") == 1)
            // The refused request never reached fonial.
            #expect(sim.control.count(of: "POST /evn/get") == 5)
            #expect(bulkhead.current == 0 && bulkhead.queued == 0)
        }
    }

    @Test func aQueuedRequestLeavesAtItsDeadlineWith504AndRetryAfter() async throws {
        // The deadline leaves the warm-up room on a loaded machine; the queued request waits all of it.
        let transport = StubbornTransport()
        try await ResilienceGateway.with(vendors: ["fonial"], overrides: ["fonial": ["timeoutSeconds": "10"]],
                                         resilience: .init(maxInFlightPerTenant: 1, maxQueuedPerTenant: 4),
                                         transport: transport) { gw in
            let sim = Self.fonial(gw)
            let bulkhead = gw.application.resilience.tenant("fonial").bulkhead
            // The first request logs in within the tight 3 s deadline; a loaded machine can
            // overrun it, so it may take a second try.
            var warm = try await gw.get(Self.path(0))
            for _ in 0..<3 where warm.status != 200 { warm = try await gw.get(Self.path(0)) }
            #expect(warm.status == 200)
            let callsBefore = sim.control.count(of: "POST /evn/get")
            // The one slot goes to a call that overruns its deadline.
            transport.hold("/evn/get")
            async let overrunning = try? gw.get(Self.path(1))
            #expect(await eventually { transport.held == 1 })
            let queued = try? await gw.get(Self.path(2))
            #expect(queued?.status == 504)
            #expect(queued?.problemType == "/problems/upstream-timeout")
            #expect(queued?.header("Retry-After") == "1")
            #expect(queued?.json?["detail"]?.stringValue?.contains("waited") == true)
            // It left the queue; the slot is still held by the call it waited for.
            #expect(bulkhead.queued == 0 && bulkhead.current == 1)
            transport.release()
            #expect(await overrunning?.status == 504)
            #expect(await eventually { bulkhead.current == 0 })
            let after = try await gw.get(Self.path(3))
            #expect(after.status == 200)
            // Neither the overrunning call (cancelled when let go) nor the queued one reached /evn/get.
            #expect(sim.control.count(of: "POST /evn/get") == callsBefore + 1)
        }
    }
}
