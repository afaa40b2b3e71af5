import Foundation
import Gateway
import PBXCore
import Testing
import Upstream
@testable import Fonial
@testable import Simulators

/// fonial sessions under concurrency through the running gateway (issue 9, Show): 1,000
/// requests at once at session expiry make one login, and a request whose deadline passes
/// while it waits for a login gets its 504 then, without stopping that login for the others.
/// Logins are held in flight by the simulator's login gate, so "at once" and "while the
/// login runs" are facts the test waits for, not timings it hopes for.
@Suite struct FonialEndToEndConcurrencyTests {
    static let tenant = FonialEndToEndTests.tenant

    private static func fonial(_ gateway: TestGateway) -> FonialSimulator {
        gateway.simulator("fonial").simulator as! FonialSimulator
    }

    private static func adapter(_ gateway: TestGateway) -> FonialAdapter? {
        gateway.application.directory.tenants.first { $0.id == "fonial" }?.adapter as? FonialAdapter
    }

    @Test func thousandRequestsAtOnceAtExpiryAllSucceedWithOneLogin() async throws {
        // Deadlines far beyond what the burst needs: a loaded machine must not turn into 504s.
        let gateway = try await TestGateway.start(vendors: ["fonial"], tenantOverrides: [
            "fonial": ["timeoutSeconds": "240", "options.loginTimeoutSeconds": "300"],
        ])
        let host = gateway.simulator("fonial")
        let sim = Self.fonial(gateway)
        let bulkhead = gateway.application.resilience.tenant("fonial").bulkhead
        #expect(try await gateway.request("GET", "\(Self.tenant)/numbers").status == 200)
        var sids = Set(sim.sessionIDs)
        let control = "http://127.0.0.1:\(host.port)/_sim"
        let expired = try await gateway.client.send(UpstreamRequest(method: "POST", url: "\(control)/sessions/expire"))
        #expect(expired.status == 204)
        #expect(try await gateway.client.send(UpstreamRequest(method: "POST", url: "\(control)/logins/hold")).status == 204)

        // 1,000 different calls queries (no cache entry or coalesced flight can serve two).
        let paths = (0..<1000).map { FonialEndToEndTests.callsPath($0, hours: 1) }
        let burst = BurstClient(baseURL: gateway.baseURL, key: gateway.key)
        async let answers = burst.get(paths)
        // All 1,000 inside the gateway at the same time: the bulkhead's cap in flight, each
        // waiting for the one login the simulator holds, and the rest queued behind them.
        let allIn = await eventually { bulkhead.current == bulkhead.limit && bulkhead.queued == paths.count - bulkhead.limit }
        #expect(allIn, "in flight \(bulkhead.current), queued \(bulkhead.queued)")
        // The login itself is on its way to the simulator meanwhile (its two steps share the
        // event loop with the burst); it is held there, once.
        let held = await eventually { sim.heldLogins >= 1 }
        #expect(held && sim.heldLogins == 1)
        sim.releaseLogins()
        let responses = await answers

        let statuses = Dictionary(grouping: responses.map(\.status), by: { $0 }).mapValues(\.count)
        #expect(statuses == [200: 1000], "statuses: \(statuses)")
        // Exactly one new login for the whole burst.
        #expect(sim.control.count(of: "POST /session") == 2)
        #expect(sim.control.count(of: "POST /session/authenticate") == 2)
        // Every request asked fonial for its own window (any that used the expired session, twice).
        #expect(sim.control.count(of: "POST /evn/get") >= 1000)
        sids.formUnion(sim.sessionIDs)
        #expect(sids.count == 2)
        let leaked = responses.filter { r in sids.contains { r.text.contains($0) } }
        #expect(leaked.isEmpty)
        let logs = gateway.logs.all.joined(separator: "\n")
        #expect(!sids.contains { logs.contains($0) })
        #expect(bulkhead.current == 0 && bulkhead.queued == 0)
        await gateway.stop()
    }

    @Test func aCallerWhoseDeadlinePassesDuringTheLoginGets504AndTheLoginCarriesOn() async throws {
        let gateway = try await TestGateway.start(vendors: ["fonial"], tenantOverrides: ["fonial": ["timeoutSeconds": "10"]])
        let sim = Self.fonial(gateway)
        let adapter = try #require(Self.adapter(gateway))
        sim.holdLogins()
        // The first request starts the login and waits for it until its deadline.
        let first = try await gateway.request("GET", "\(Self.tenant)/devices")
        #expect(first.status == 504)
        #expect(first.problemType == "/problems/upstream-timeout")
        // It got its answer while the login was still running.
        #expect(sim.heldLogins == 1)
        #expect(sim.authenticatedSessions == 0)
        // A later request joins the same login, which goes on once fonial answers.
        async let second = try? gateway.request("GET", "\(Self.tenant)/numbers")
        let joined = await FonialSessionTests.eventually { await adapter.session.loginWaiters == 1 }
        #expect(joined)
        sim.releaseLogins()
        #expect(await second?.status == 200)
        #expect(sim.control.count(of: "POST /session") == 1)
        #expect(sim.control.count(of: "POST /session/authenticate") == 1)
        #expect(await adapter.loginCount() == 1)
        await gateway.stop()
    }
}
