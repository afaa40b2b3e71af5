import Foundation
import PBXCore
import Simulators
import Testing

/// VitalPBX through the running gateway: client → gateway → adapter → libcurl → simulator.
@Suite struct VitalPBXEndToEndTests {
    static let base = "/v1/tenants/vitalpbx"
    /// No caching, so a write is visible to the next read; a generous deadline, as the whole
    /// suite runs in parallel on two cores.
    static let uncached = ["timeoutSeconds": "45", "cacheTTLSeconds.calls": "0", "cacheTTLSeconds.queues": "0", "cacheTTLSeconds.voicemail": "0",
                           "cacheTTLSeconds.users": "0", "cacheTTLSeconds.phonebook": "0", "cacheTTLSeconds.devices": "0"]

    static func start(_ overrides: [String: String] = uncached) async throws -> TestGateway {
        try await TestGateway.start(vendors: ["vitalpbx"], tenantOverrides: ["vitalpbx": overrides])
    }

    static func simulator(_ gw: TestGateway) -> VitalPBXSimulator { gw.simulator("vitalpbx").simulator as! VitalPBXSimulator }

    static func rfc3339(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }

    static func list(_ r: TestResponse) -> [JSONValue] { r.json?["data"]?.arrayValue ?? [] }

    @Test func tenantDeclaresWhatVitalPBXOffers() async throws {
        let gw = try await Self.start()
        defer { Task { await gw.stop() } }
        let r = try await gw.request("GET", Self.base)
        #expect(r.status == 200)
        let declared = Set(r.json?["capabilities"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(declared == ["calls.list", "calls.get", "calls.originate", "users.list", "users.get", "queues.list", "queues.get",
                             "queues.agents", "queues.pause", "phonebook.list", "phonebook.get", "phonebook.lookup",
                             "voicemail.boxes", "voicemail.messages", "voicemail.audio", "voicemail.delete", "devices.list"])
        #expect(r.json?["vendor"]?.stringValue == "vitalpbx")
    }

    @Test func everyDeclaredReadAnswersAndKeepsSecretsIn() async throws {
        let gw = try await Self.start()
        defer { Task { await gw.stop() } }
        let users = try await gw.request("GET", "\(Self.base)/users?include=raw")
        #expect(users.status == 200)
        #expect(Self.list(users).count == 5)
        #expect(users.json?["nextCursor"] == .null)
        let user = try await gw.request("GET", "\(Self.base)/users/1?include=raw")
        #expect(user.json?["name"]?.stringValue == "Jhone Doe")
        #expect(user.json?["extensions"]?.arrayValue == [.string("100")])
        let devices = try await gw.request("GET", "\(Self.base)/devices?include=raw")
        #expect(Self.list(devices).count == 5)
        for body in [users.text, user.text, devices.text] {
            #expect(!body.contains("\"secret\"") && !body.contains("features_password") && !body.contains("S100#"))
        }
        let queues = try await gw.request("GET", "\(Self.base)/queues")
        #expect(Self.list(queues).compactMap { $0["id"]?.stringValue } == ["1", "2", "3"])
        #expect(try await gw.request("GET", "\(Self.base)/queues/2").json?["agentCount"]?.intValue == 3)
        let agents = try await gw.request("GET", "\(Self.base)/queues/2/agents?include=raw")
        #expect(Self.list(agents).compactMap { $0["state"]?.stringValue } == ["busy", "ringing", "unavailable"])
        #expect(!agents.text.contains("\"secret\""))

        let contacts = try await gw.request("GET", "\(Self.base)/phonebook?q=acme")
        #expect(Self.list(contacts).compactMap { $0["id"]?.stringValue } == ["1-7"])
        #expect(try await gw.request("GET", "\(Self.base)/phonebook/2-1").json?["lastName"]?.stringValue == "Klein")
        let lookup = try await gw.request("GET", "\(Self.base)/phonebook/lookup?number=%2B4922166966966")
        #expect(Self.list(lookup).first?["kind"]?.stringValue == "contact")
        #expect(Self.list(try await gw.request("GET", "\(Self.base)/phonebook/lookup?number=102")).first?["kind"]?.stringValue == "user")

        let boxes = try await gw.request("GET", "\(Self.base)/voicemail/boxes")
        #expect(Self.list(boxes).first?["newMessages"]?.intValue == 2)
        let messages = try await gw.request("GET", "\(Self.base)/voicemail/boxes/1/messages")
        let ids = Self.list(messages).compactMap { $0["id"]?.stringValue }
        #expect(ids == ["INBOX-msg0001", "INBOX-msg0000", "Old-msg0000"])
        #expect(try await gw.request("GET", "\(Self.base)/voicemail/boxes/1/messages/Old-msg0000").json?["folder"]?.stringValue == "old")
        let audio = try await gw.request("GET", "\(Self.base)/voicemail/boxes/1/messages/INBOX-msg0000/audio")
        #expect(audio.status == 200)
        #expect(audio.header("Content-Type")?.hasPrefix("audio/") == true)
        #expect(Array(audio.body.prefix(4)) == Array("RIFF".utf8))

        let since = Self.rfc3339(Date().addingTimeInterval(-2 * 86_400))
        let calls = try await gw.request("GET", "\(Self.base)/calls?since=\(since)&limit=1000")
        #expect(calls.status == 200)
        let first = try #require(Self.list(calls).first)
        let id = try #require(first["id"]?.stringValue)
        let one = try await gw.request("GET", "\(Self.base)/calls/\(id)")
        #expect(one.status == 200)
        #expect(one.json?["startedAt"] == first["startedAt"])
        #expect(try await gw.request("GET", "\(Self.base)/calls/1-1").status == 404)
        #expect(try await gw.request("GET", "\(Self.base)/users/99").status == 404)
    }

    /// Without `include=raw` the adapter skips building `raw`; everything else must be the
    /// same answer as with it.
    @Test func rawIsTheOnlyDifferenceIncludeRawMakes() async throws {
        let gw = try await Self.start()
        defer { Task { await gw.stop() } }
        for path in ["/users", "/users/1", "/devices", "/queues", "/queues/2"] {
            let plain = try await gw.request("GET", Self.base + path)
            let raw = try await gw.request("GET", Self.base + path + "?include=raw")
            #expect(plain.status == 200 && raw.status == 200, "\(path)")
            let plainItems = plain.json?["data"]?.arrayValue ?? [plain.json ?? .null]
            let rawItems = raw.json?["data"]?.arrayValue ?? [raw.json ?? .null]
            #expect(!rawItems.isEmpty && rawItems.allSatisfy { $0["raw"]?.objectValue != nil }, "\(path)")
            #expect(plainItems.allSatisfy { $0["raw"] == nil }, "\(path)")
            let stripped = rawItems.map { item -> JSONValue in
                guard case .object(var o) = item else { return item }
                o["raw"] = nil
                return .object(o)
            }
            #expect(plainItems == stripped, "\(path)")
        }
    }

    @Test func callsPageAcrossThreePages() async throws {
        let gw = try await Self.start()
        defer { Task { await gw.stop() } }
        let since = Self.rfc3339(Date().addingTimeInterval(-5 * 86_400))
        let whole = try await gw.request("GET", "\(Self.base)/calls?since=\(since)&limit=1000")
        let all = Self.list(whole).compactMap { $0["id"]?.stringValue }
        #expect(all.count > 30)
        var seen: [String] = [], cursor: String?, pages = 0
        repeat {
            let path = "\(Self.base)/calls?since=\(since)&limit=10" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try await gw.request("GET", path)
            #expect(page.status == 200)
            seen += Self.list(page).compactMap { $0["id"]?.stringValue }
            cursor = page.json?["nextCursor"]?.stringValue
            pages += 1
        } while cursor != nil && pages < 20
        #expect(pages >= 3)
        #expect(seen == all)
    }

    @Test func writesShowInTheNextRead() async throws {
        let gw = try await Self.start()
        defer { Task { await gw.stop() } }
        let sim = Self.simulator(gw)
        let dial = try await gw.request("POST", "\(Self.base)/calls", body: #"{"from":"1","to":"+4922199999"}"#)
        #expect(dial.status == 202)
        #expect(dial.json?["status"]?.stringValue == "queued")
        #expect(dial.json?["callId"] == .null)
        #expect(sim.activeCallCount == 1)
        let placed = try await gw.request("GET", "\(Self.base)/calls?number=%2B4922199999")
        let call = try #require(Self.list(placed).first)
        #expect(call["from"]?["extension"]?.stringValue == "100")
        #expect(call["to"]?["number"]?.stringValue == "+4922199999")
        #expect(try await gw.request("POST", "\(Self.base)/calls", body: #"{"from":"77","to":"1"}"#).status == 404)

        #expect(try await gw.request("POST", "\(Self.base)/queues/2/agents/5/pause", body: #"{"reason":"Coffee"}"#).status == 202)
        var agent = Self.list(try await gw.request("GET", "\(Self.base)/queues/2/agents")).first { $0["id"]?.stringValue == "5" }
        #expect(agent?["paused"]?.boolValue == true)
        #expect(agent?["pauseReason"]?.stringValue == "Coffee")
        #expect(try await gw.request("POST", "\(Self.base)/queues/2/agents/5/unpause").status == 202)
        agent = Self.list(try await gw.request("GET", "\(Self.base)/queues/2/agents")).first { $0["id"]?.stringValue == "5" }
        #expect(agent?["paused"]?.boolValue == false)

        let path = "\(Self.base)/voicemail/boxes/1/messages/INBOX-msg0000"
        #expect(try await gw.request("DELETE", path).status == 204)
        #expect(try await gw.request("GET", path).status == 404)
        #expect(sim.voicemailCount(mailbox: "100") == 2)
    }

    /// `cosId` from the tenant config travels as `cos_id`; the PBX refuses an unknown class of
    /// service with a 400 whose message is summarised, never echoed raw.
    @Test func clickToCallUsesTheConfiguredClassOfService() async throws {
        let gw = try await Self.start(Self.uncached.merging(["cosId": "9"]) { $1 })
        defer { Task { await gw.stop() } }
        let r = try await gw.request("POST", "\(Self.base)/calls", body: #"{"from":"100","to":"+4922199999"}"#)
        #expect(r.status == 400)
        #expect(r.problemType == "/problems/invalid-request")
        #expect(r.json?["detail"]?.stringValue?.contains("Invalid class of service") == true)
        #expect(Self.simulator(gw).activeCallCount == 0)
        let ok = try await Self.start(Self.uncached.merging(["cosId": "3"]) { $1 })
        defer { Task { await ok.stop() } }
        #expect(try await ok.request("POST", "\(Self.base)/calls", body: #"{"from":"100","to":"+4922199999"}"#).status == 202)
        #expect(Self.simulator(ok).activeCallCount == 1)
    }

    @Test func rawVoicemailKeepsTheRecordingPathInside() async throws {
        let gw = try await Self.start()
        defer { Task { await gw.stop() } }
        let r = try await gw.request("GET", "\(Self.base)/voicemail/boxes/1/messages?include=raw")
        #expect(r.status == 200)
        #expect(Self.list(r).first?["raw"]?["vmorig"]?.stringValue == "100")
        #expect(!r.text.contains("recfile") && !r.text.contains("/static/"))
    }

    @Test func operationsVitalPBXLacksAre501WithoutUpstreamCalls() async throws {
        let gw = try await Self.start()
        defer { Task { await gw.stop() } }
        let sim = Self.simulator(gw)
        let cases: [(String, String, String?, String)] = [
            ("POST", "/phonebook", #"{"name":"X","numbers":[{"type":"work","number":"+4930123"}]}"#, "phonebook.create"),
            ("PUT", "/phonebook/1-7", #"{"name":"X","numbers":[]}"#, "phonebook.update"),
            ("DELETE", "/phonebook/1-7", nil, "phonebook.delete"),
            ("GET", "/calls/active", nil, "calls.active"),
            ("POST", "/calls/active/abc/hangup", nil, "calls.hangup"),
            ("POST", "/calls/active/abc/transfer", #"{"to":"+4930123"}"#, "calls.transfer"),
            ("GET", "/numbers", nil, "numbers.list"),
        ]
        for (method, path, body, capability) in cases {
            let r = try await gw.request(method, Self.base + path, body: body)
            #expect(r.status == 501, "\(method) \(path)")
            #expect(r.problemType == "/problems/unsupported")
            #expect(r.json?["capability"]?.stringValue == capability)
        }
        #expect(sim.control.counters.isEmpty)
    }

    /// Each upstream failure through its own gateway, so caches and breakers start clean.
    @Test(arguments: [("status500", 502), ("status401", 502), ("garbage", 502), ("closeMidBody", 502), ("latency", 504)])
    func upstreamFailuresMapPerAPI(_ fault: String, _ expected: Int) async throws {
        let gw = try await Self.start(fault == "latency" ? Self.uncached.merging(["timeoutSeconds": "1"]) { $1 } : Self.uncached)
        defer { Task { await gw.stop() } }
        var faults = SimulatorFaults()
        switch fault {
        case "status500": faults.status = 500
        case "status401": faults.status = 401
        case "garbage": faults.garbageBody = true
        case "closeMidBody": faults.closeMidBody = true
        default: faults.latencyMs = 3_000
        }
        Self.simulator(gw).control.faults = faults
        let r = try await gw.request("GET", "\(Self.base)/users")
        #expect(r.status == expected, "\(fault): \(r.text)")
        #expect(r.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        #expect(!r.text.contains(Self.simulator(gw).settings.apiKey))
        #expect(!r.text.contains("Simulated failure") || fault != "status401")
    }

    @Test func stoppedVendorIsUnavailable() async throws {
        let gw = try await Self.start()
        defer { Task { await gw.stop() } }
        let hold = try await gw.stopSimulatorHoldingItsPort("vitalpbx")
        #expect(hold != nil)
        let r = try await gw.request("GET", "\(Self.base)/devices")
        #expect([502, 503].contains(r.status))
        withExtendedLifetime(hold) {}
    }
}
