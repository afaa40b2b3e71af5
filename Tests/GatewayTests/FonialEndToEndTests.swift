import Foundation
import PBXCore
import Testing
@testable import Simulators

/// fonial through the running gateway (issue 9, Show): session lifecycle as the client sees
/// it, every declared capability, paging, a write then a read, upstream errors, 501s.
@Suite struct FonialEndToEndTests {
    static let tenant = "/v1/tenants/fonial"

    private static func start(_ overrides: [String: String] = [:]) async throws -> TestGateway {
        try await TestGateway.start(vendors: ["fonial"], tenantOverrides: overrides.isEmpty ? [:] : ["fonial": overrides])
    }

    private static func fonial(_ gateway: TestGateway) -> FonialSimulator {
        gateway.simulator("fonial").simulator as! FonialSimulator
    }

    /// A calls query no other request of the test shares, so no cache or coalescing can
    /// answer it: `since` moves back one second per `n`.
    static func callsPath(_ n: Int, hours: Double = 24, extra: String = "") -> String {
        // From one fixed instant, so two `n` never meet in the same second however slow the run.
        let since = base.addingTimeInterval(-hours * 3600 - Double(n))
        return "\(tenant)/calls?since=\(rfc3339(since))\(extra)"
    }

    static let base = Date()

    static func rfc3339(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    private static func ids(_ response: TestResponse) -> [String] {
        response.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test func tenantDeclaresFonialsCapabilities() async throws {
        let gateway = try await Self.start()
        let response = try await gateway.request("GET", Self.tenant)
        #expect(response.status == 200)
        let capabilities = Set(response.json?["capabilities"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(capabilities == ["calls.list", "calls.get", "calls.originate", "devices.list", "numbers.list", "phonebook.lookup"])
        await gateway.stop()
    }

    @Test func firstRequestLogsInOnceAndHundredMoreReuseTheSession() async throws {
        let gateway = try await Self.start()
        let sim = Self.fonial(gateway)
        let first = try await gateway.request("GET", Self.callsPath(0))
        #expect(first.status == 200)
        #expect(sim.control.count(of: "POST /session") == 1)
        for n in 1...100 {
            let r = try await gateway.request("GET", Self.callsPath(n))
            #expect(r.status == 200)
        }
        #expect(sim.control.count(of: "POST /session") == 1)
        #expect(sim.control.count(of: "POST /session/authenticate") == 1)
        #expect(sim.control.count(of: "POST /evn/get") >= 101)
        await gateway.stop()
    }

    @Test func forcedExpiryStillAnswers200WithExactlyOneNewLogin() async throws {
        let gateway = try await Self.start()
        let sim = Self.fonial(gateway)
        #expect(try await gateway.request("GET", Self.callsPath(0)).status == 200)
        sim.expireAllSessions()
        let after = try await gateway.request("GET", Self.callsPath(1))
        #expect(after.status == 200)
        #expect(!Self.ids(after).isEmpty)
        #expect(sim.control.count(of: "POST /session/authenticate") == 2)
        await gateway.stop()
    }

    @Test func failingLoginIs502AndBacksOff() async throws {
        // A long first back-off, so the check does not depend on how fast this machine is.
        let gateway = try await Self.start(["options.loginBackoffSeconds": "30"])
        let sim = Self.fonial(gateway)
        var faults = SimulatorFaults()
        faults.loginFailure = true
        sim.control.setFaults(faults)
        let first = try await gateway.request("GET", Self.callsPath(0))
        #expect(first.status == 502)
        #expect(first.problemType == "/problems/upstream-error")
        #expect(first.json?["detail"]?.stringValue?.contains("username or password") == true)
        for n in 1...3 {
            let r = try await gateway.request("GET", Self.callsPath(n))
            // 502 while backing off; 503 once the tenant's circuit breaker opens.
            #expect(r.status == 502 || r.status == 503)
            if r.status == 502 { #expect(r.json?["detail"]?.stringValue?.contains("next fonial login attempt in") == true) }
        }
        // Back-off: the account saw one login attempt, not four.
        #expect(sim.control.count(of: "POST /session/authenticate") == 1)
        #expect(sim.control.count(of: "POST /evn/get") == 0)
        await gateway.stop()
    }

    @Test func wrongCredentialsAreReportedAsSuchWithoutEchoingThem() async throws {
        let canary = "wrong-pass-canary-7f3a"
        let gateway = try await Self.start(["password": canary])
        let response = try await gateway.request("GET", "\(Self.tenant)/devices")
        #expect(response.status == 502)
        #expect(response.problemType == "/problems/upstream-error")
        #expect(response.json?["detail"]?.stringValue?.contains("username or password") == true)
        #expect(!response.text.contains(canary))
        #expect(!gateway.logs.all.joined(separator: "\n").contains(canary))
        await gateway.stop()
    }

    @Test func mergedCallsAreNewestFirstStableAndFetchableById() async throws {
        let gateway = try await Self.start()
        let path = Self.callsPath(0, hours: 72, extra: "&limit=1000")
        let a = try await gateway.request("GET", path)
        #expect(a.status == 200)
        let calls = a.json?["data"]?.arrayValue ?? []
        #expect(calls.count > 15)
        let starts = calls.compactMap { $0["startedAt"]?.stringValue }
        #expect(starts == starts.sorted(by: >))
        #expect(Set(calls.compactMap { $0["direction"]?.stringValue }) == ["inbound", "outbound"])
        // A different query over the same calls gives the same ids.
        let b = try await gateway.request("GET", Self.callsPath(1, hours: 72, extra: "&limit=1000"))
        #expect(Set(Self.ids(b)).isSubset(of: Set(Self.ids(a))))
        #expect(Self.ids(b) == Self.ids(a).filter(Set(Self.ids(b)).contains))
        for id in Self.ids(a).prefix(5) {
            let one = try await gateway.request("GET", "\(Self.tenant)/calls/\(id)")
            #expect(one.status == 200)
            #expect(one.json?["id"]?.stringValue == id)
        }
        let missing = try await gateway.request("GET", "\(Self.tenant)/calls/evn-20000101000000-0000000000000000")
        #expect(missing.status == 404)
        await gateway.stop()
    }

    @Test func pagingAcrossThreePagesHasNoGapsOrRepeats() async throws {
        let gateway = try await Self.start()
        let base = Self.callsPath(0, hours: 48)
        let whole = Self.ids(try await gateway.request("GET", base + "&limit=1000"))
        var collected: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let path = base + "&limit=4" + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? "")
            let r = try await gateway.request("GET", path)
            #expect(r.status == 200)
            collected += Self.ids(r)
            cursor = r.json?["nextCursor"]?.stringValue
            pages += 1
        } while cursor != nil && pages < 100
        #expect(pages >= 3)
        #expect(collected == whole)
        await gateway.stop()
    }

    @Test func clickToDialThenTheCallShows() async throws {
        let gateway = try await Self.start()
        let sim = Self.fonial(gateway)
        let dial = try await gateway.request("POST", "\(Self.tenant)/calls", body: #"{"from":"Telefon Empfang","to":"+4930555000111"}"#)
        #expect(dial.status == 202)
        #expect(dial.json?["status"]?.stringValue == "queued")
        #expect(dial.json?["callId"]?.isNull == true)
        #expect(sim.callbackCount == 1)
        let calls = try await gateway.request("GET", Self.callsPath(7, hours: 1))
        let booked = calls.json?["data"]?.arrayValue?.first { $0["to"]?["number"]?.stringValue == "+4930555000111" }
        #expect(booked?["direction"]?.stringValue == "outbound")
        #expect(booked?["from"]?["name"]?.stringValue == "Telefon Empfang")
        let unknown = try await gateway.request("POST", "\(Self.tenant)/calls", body: #"{"from":"no such phone","to":"+4930555000111"}"#)
        #expect(unknown.status == 400)
        await gateway.stop()
    }

    @Test func devicesNumbersAndLookup() async throws {
        let gateway = try await Self.start()
        let devices = try await gateway.request("GET", "\(Self.tenant)/devices")
        #expect(devices.status == 200)
        #expect(Self.ids(devices) == ["23", "674", "1234", "1301"])
        let numbers = try await gateway.request("GET", "\(Self.tenant)/numbers")
        #expect(numbers.json?["data"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == ["+4922166966966", "+4922166966999", "+4930555123400"])
        let lookup = try await gateway.request("GET", "\(Self.tenant)/phonebook/lookup?number=%2B4922166966999")
        #expect(lookup.status == 200)
        #expect(lookup.json?["data"]?.arrayValue?.first?["matchedNumber"]?.stringValue == "+4922166966999")
        await gateway.stop()
    }

    @Test(arguments: ["/users", "/queues", "/phonebook", "/voicemail/boxes", "/calls/active"])
    func whatFonialLacksIs501(path: String) async throws {
        let gateway = try await Self.start()
        let r = try await gateway.request("GET", Self.tenant + path)
        #expect(r.status == 501)
        #expect(r.problemType == "/problems/unsupported")
        #expect(Self.fonial(gateway).control.counters.isEmpty)
        await gateway.stop()
    }

    @Test(arguments: [("status", 502), ("garbage", 502), ("close", 502)])
    func upstreamFaultsMapPerAPI(fault: String, expected: Int) async throws {
        let gateway = try await Self.start()
        let sim = Self.fonial(gateway)
        #expect(try await gateway.request("GET", "\(Self.tenant)/numbers").status == 200)
        var faults = SimulatorFaults()
        switch fault {
        case "status": faults.status = 500
        case "garbage": faults.garbageBody = true
        default: faults.closeMidBody = true
        }
        faults.onlyEndpoint = "/devices/get"
        sim.control.setFaults(faults)
        let r = try await gateway.request("GET", "\(Self.tenant)/devices")
        #expect(r.status == expected)
        #expect(r.problemType == "/problems/upstream-error")
        await gateway.stop()
    }

    @Test func slowFonialIs504() async throws {
        let gateway = try await Self.start(["timeoutSeconds": "1"])
        var faults = SimulatorFaults()
        faults.latencyMs = 2500
        faults.onlyEndpoint = "/devices/get"
        Self.fonial(gateway).control.setFaults(faults)
        let r = try await gateway.request("GET", "\(Self.tenant)/devices")
        #expect(r.status == 504)
        await gateway.stop()
    }

    @Test func sessionIdNeverLeavesTheGateway() async throws {
        let gateway = try await Self.start()
        let sim = Self.fonial(gateway)
        var bodies: [String] = []
        bodies.append(try await gateway.request("GET", Self.callsPath(0, extra: "&include=raw")).text)
        bodies.append(try await gateway.request("GET", "\(Self.tenant)/devices?include=raw").text)
        bodies.append(try await gateway.request("GET", "/metrics", key: .some(nil)).text)
        var faults = SimulatorFaults()
        faults.status = 500
        sim.control.setFaults(faults)
        bodies.append(try await gateway.request("GET", "\(Self.tenant)/numbers").text)
        let sids = sim.sessionIDs
        #expect(!sids.isEmpty)
        for sid in sids {
            #expect(!bodies.contains { $0.contains(sid) })
            #expect(!gateway.logs.all.joined(separator: "\n").contains(sid))
        }
        #expect(!bodies.contains { $0.contains(sim.settings.password) })
        await gateway.stop()
    }
}
