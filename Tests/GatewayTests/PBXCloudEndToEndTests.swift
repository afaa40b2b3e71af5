import Foundation
import PBXCore
import Testing
@testable import Simulators

/// PBX Cloud through the running gateway: every capability, paging, writes followed by
/// reads, upstream faults mapped per API.md, the bad-key and empty-body cases, and a scan
/// proving the MiRTA key appears in no response and no log line.
@Suite struct PBXCloudEndToEndTests {
    static let base = "/v1/tenants/pbxcloud"
    /// A deadline long enough for a loaded 2-core machine running every suite at once.
    static let patient = ["pbxcloud": ["timeoutSeconds": "60"]]

    func data(_ r: TestResponse) -> [JSONValue] { r.json?["data"]?.arrayValue ?? [] }

    @Test func declaresEveryCapability() async throws {
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: Self.patient) { gw in
            let tenant = try await gw.request("GET", Self.base)
            #expect(tenant.status == 200)
            let declared = Set((tenant.json?["capabilities"]?.arrayValue ?? []).compactMap(\.stringValue))
            #expect(declared == Set(Capability.allCases.map(\.rawValue)), "PBX Cloud lacks no capability, so no 501 applies")
        }
    }

    @Test func callsListPageAndGet() async throws {
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: Self.patient) { gw in
            let all = try await gw.request("GET", "\(Self.base)/calls?limit=1000")
            #expect(all.status == 200)
            let ids = data(all).compactMap { $0["id"]?.stringValue }
            // One call every 70 minutes back from 10 minutes ago: 21 in the last 24 hours, the newest
            // 600 s old. Catches any shift between the PBX's local times and the tenant's zone.
            #expect(ids.count == 21)
            let newest = try #require(data(all).first?["startedAt"]?.stringValue.flatMap { ISO8601DateFormatter().date(from: $0) })
            #expect(abs(Date().timeIntervalSince(newest) - 600) < 120)
            var paged: [String] = [], cursor: String?, pages = 0
            repeat {
                let path = "\(Self.base)/calls?limit=7" + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
                let page = try await gw.request("GET", path)
                #expect(page.status == 200)
                paged += data(page).compactMap { $0["id"]?.stringValue }
                cursor = page.json?["nextCursor"]?.stringValue
                pages += 1
            } while cursor != nil && pages < 50
            #expect(pages >= 3 && paged == ids, "\(paged) vs \(ids)")
            let one = try await gw.request("GET", "\(Self.base)/calls/\(ids[0])")
            #expect(one.status == 200 && one.json?["id"]?.stringValue == ids[0])
            #expect(one.json?["startedAt"]?.stringValue?.hasSuffix("Z") == true)
            let missing = try await gw.request("GET", "\(Self.base)/calls/no-such-call")
            #expect(missing.status == 404)
            let empty = try await gw.request("GET", "\(Self.base)/calls?since=2001-01-01&until=2001-01-02")
            #expect(empty.status == 200 && data(empty).isEmpty, "MiRTA's 0-byte answer is an empty list")
        }
    }

    @Test func clickToDialHangupTransfer() async throws {
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: Self.patient) { gw in
            let dial = try await gw.request("POST", "\(Self.base)/calls", body: #"{"from":"101","to":"004922112345678"}"#)
            #expect(dial.status == 202 && dial.json?["status"]?.stringValue == "queued")
            let callID = try #require(dial.json?["callId"]?.stringValue)
            let call = try await gw.request("GET", "\(Self.base)/calls/\(callID)")
            #expect(call.status == 200 && call.json?["id"]?.stringValue == callID)
            let active = try await gw.request("GET", "\(Self.base)/calls/active?include=raw")
            #expect(active.status == 200)
            let mine = try #require(data(active).first { $0["raw"]?["originateid"]?.stringValue == callID })
            let activeID = try #require(mine["id"]?.stringValue)
            #expect(mine["state"]?.stringValue == "ringing")
            let hangup = try await gw.request("POST", "\(Self.base)/calls/active/\(activeID)/hangup")
            #expect(hangup.status == 202)
            let seeded = try #require(data(active).first { $0["id"]?.stringValue != activeID }?["id"]?.stringValue)
            let transfer = try await gw.request("POST", "\(Self.base)/calls/active/\(seeded)/transfer", body: #"{"to":"104"}"#)
            #expect(transfer.status == 202)
            let gone = try await gw.request("POST", "\(Self.base)/calls/active/\(activeID)/hangup")
            #expect(gone.status == 404)
            let badFrom = try await gw.request("POST", "\(Self.base)/calls", body: #"{"from":"999","to":"0221"}"#)
            #expect(badFrom.status == 400)
        }
    }

    @Test func usersQueuesAgentsAndPause() async throws {
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: Self.patient) { gw in
            let users = try await gw.request("GET", "\(Self.base)/users?include=raw")
            #expect(users.status == 200 && data(users).count == 5)
            #expect(!users.text.contains("sip-101-Zq8v") && !users.text.contains("password"))
            #expect(Set(data(users).compactMap { $0["presence"]?.stringValue }) == ["available", "busy", "offline", "ringing"])
            #expect(try await gw.request("GET", "\(Self.base)/users/3272").json?["name"]?.stringValue == "Tina Sander")
            #expect(data(try await gw.request("GET", "\(Self.base)/queues")).count == 2)
            #expect(try await gw.request("GET", "\(Self.base)/queues/3698").json?["waitingCalls"]?.intValue == 2)
            let pause = try await gw.request("POST", "\(Self.base)/queues/3698/agents/101-DEMO/pause", body: #"{"reason":"coffee"}"#)
            #expect(pause.status == 202)
            let agents = data(try await gw.request("GET", "\(Self.base)/queues/3698/agents"))
            let agent = try #require(agents.first { $0["id"]?.stringValue == "101-DEMO" })
            #expect(agent["paused"]?.boolValue == true && agent["pauseReason"]?.stringValue == "coffee")
            #expect(try await gw.request("POST", "\(Self.base)/queues/3698/agents/101-DEMO/unpause").status == 202)
            #expect(try await gw.request("GET", "\(Self.base)/queues/424242/agents").status == 404)
        }
    }

    @Test func phonebookWritesThenReads() async throws {
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: Self.patient) { gw in
            let body = #"{"name":"Grace Hopper","company":"Navy","numbers":[{"type":"mobile","number":"0170 1234567"}]}"#
            let created = try await gw.request("POST", "\(Self.base)/phonebook", body: body)
            #expect(created.status == 201)
            let id = try #require(created.json?["id"]?.stringValue)
            #expect(created.header("Location")?.hasSuffix("/phonebook/\(id)") == true)
            let list = try await gw.request("GET", "\(Self.base)/phonebook?q=hopper")
            #expect(data(list).compactMap { $0["id"]?.stringValue } == [id])
            let lookup = try await gw.request("GET", "\(Self.base)/phonebook/lookup?number=%2B491701234567")
            #expect(data(lookup).first?["id"]?.stringValue == id)
            let put = try await gw.request("PUT", "\(Self.base)/phonebook/\(id)", body: #"{"name":"Grace M. Hopper","numbers":[]}"#)
            #expect(put.status == 200)
            let newID = try #require(put.json?["id"]?.stringValue)
            #expect(newID != id, "update is delete + add at PBX Cloud")
            #expect(try await gw.request("GET", "\(Self.base)/phonebook/\(newID)").json?["name"]?.stringValue == "Grace M. Hopper")
            #expect(try await gw.request("GET", "\(Self.base)/phonebook/\(id)").status == 404)
            #expect(try await gw.request("DELETE", "\(Self.base)/phonebook/\(newID)").status == 204)
            #expect(try await gw.request("GET", "\(Self.base)/phonebook/\(newID)").status == 404)
        }
    }

    @Test func voicemailDevicesNumbers() async throws {
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: Self.patient) { gw in
            let boxes = data(try await gw.request("GET", "\(Self.base)/voicemail/boxes"))
            #expect(boxes.compactMap { $0["id"]?.stringValue } == ["101", "102", "103"])
            let messages = data(try await gw.request("GET", "\(Self.base)/voicemail/boxes/101/messages"))
            let msg = try #require(messages.first?["id"]?.stringValue)
            #expect(try await gw.request("GET", "\(Self.base)/voicemail/boxes/101/messages/\(msg)").status == 200)
            let audio = try await gw.request("GET", "\(Self.base)/voicemail/boxes/101/messages/\(msg)/audio")
            #expect(audio.status == 200 && audio.body.starts(with: Array("RIFF".utf8)))
            #expect(audio.header("Content-Length") == String(audio.body.count))
            #expect(try await gw.request("DELETE", "\(Self.base)/voicemail/boxes/101/messages/\(msg)").status == 204)
            #expect(try await gw.request("GET", "\(Self.base)/voicemail/boxes/101/messages/\(msg)/audio").status == 404)
            #expect(data(try await gw.request("GET", "\(Self.base)/devices")).count == 4)
            let numbers = try await gw.request("GET", "\(Self.base)/numbers?include=raw")
            #expect(data(numbers).compactMap { $0["number"]?.stringValue }.first == "+4922166966966")
            #expect(!numbers.text.contains("rec-pass-55"))
        }
    }

    @Test func badIDsAreRefusedBeforeTheVendorIsAsked() async throws {
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: Self.patient) { gw in
            let control = gw.simulator("pbxcloud").simulator.control
            control.resetCounters()
            for path in ["/calls/a%2Fb", "/calls/%2E%2E", "/queues/3698%2F..%2F1/agents", "/phonebook/12%0A", "/voicemail/boxes/101/messages/x%2Fy/audio"] {
                let r = try await gw.request("GET", Self.base + path)
                #expect(r.status == 400 || r.status == 404, "\(path) → \(r.status)")
            }
            let reachedVendor = control.counters.filter { $0.key.contains("info=call") || $0.key.contains("info=agents")
                || $0.key.contains("PHONEBOOK") || $0.key.contains("action=message") }
            #expect(reachedVendor.isEmpty, "\(reachedVendor)")
        }
    }

    @Test func badKeyIs502SayingTheKeyWasRefused() async throws {
        let wrong = "wrong-canary-1d7e"
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: ["pbxcloud": ["apiKey": wrong, "timeoutSeconds": "60"]]) { gw in
            let r = try await gw.request("GET", "\(Self.base)/users")
            #expect(r.status == 502 && r.problemType == "/problems/upstream-error")
            let detail = r.json?["detail"]?.stringValue ?? ""
            #expect(detail.contains("refused") && detail.contains("key"))
            #expect(!r.text.contains(wrong) && !gw.logs.all.joined().contains(wrong))
        }
    }

    @Test(arguments: [("status", 502), ("garbage", 502), ("close", 502), ("latency", 504)])
    func upstreamFaultsMapPerAPI(_ fault: String, _ expected: Int) async throws {
        // Only the latency case needs a short deadline; the others must not race one on a busy machine.
        let timeout = fault == "latency" ? "1" : "60"
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: ["pbxcloud": ["timeoutSeconds": timeout]]) { gw in
            let sim = gw.simulator("pbxcloud").simulator as! PBXCloudSimulator
            var f = SimulatorFaults()
            switch fault {
            case "status": f.status = 500
            case "garbage": f.garbageBody = true
            case "close": f.closeMidBody = true
            default: f.latencyMs = 3000
            }
            sim.control.setFaults(f)
            let r = try await gw.request("GET", "\(Self.base)/devices")
            #expect(r.status == expected, "\(fault)")
            #expect(r.header("Content-Type")?.hasPrefix("application/problem+json") == true)
            sim.control.setFaults(SimulatorFaults())
        }
    }

    @Test func stoppedVendorIs502Or503() async throws {
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: Self.patient) { gw in
            let hold = try await gw.stopSimulatorHoldingItsPort("pbxcloud")
            #expect(hold != nil)
            let r = try await gw.request("GET", "\(Self.base)/queues")
            #expect(r.status == 502 || r.status == 503)
            withExtendedLifetime(hold) {}
        }
    }

    @Test func theKeyAppearsInNoResponseAndNoLogLine() async throws {
        try await TestGateway.with(vendors: ["pbxcloud"], tenantOverrides: Self.patient) { gw in
            let key = PBXCloudSimulatorSettings().apiKey
            var bodies: [String] = []
            for path in ["/calls?include=raw", "/calls/active?include=raw", "/users?include=raw", "/queues?include=raw",
                         "/queues/3698/agents?include=raw", "/phonebook?include=raw", "/phonebook/lookup?number=102",
                         "/voicemail/boxes?include=raw", "/voicemail/boxes/101/messages?include=raw", "/devices?include=raw",
                         "/numbers?include=raw", "/calls/nope", "/queues/999/agents"] {
                let r = try await gw.request("GET", Self.base + path)
                bodies.append(r.text + r.headers.map { "\($0.name): \($0.value)" }.joined())
            }
            let sim = gw.simulator("pbxcloud").simulator as! PBXCloudSimulator
            var f = SimulatorFaults()
            f.status = 500
            sim.control.setFaults(f)
            bodies.append(try await gw.request("GET", "\(Self.base)/devices").text)
            bodies.append(try await gw.request("POST", "\(Self.base)/calls", body: #"{"from":"101","to":"0221"}"#).text)
            let logs = gw.logs.all
            #expect(!logs.isEmpty)
            #expect(bodies.allSatisfy { !$0.contains(key) })
            #expect(logs.allSatisfy { !$0.contains(key) })
            for secret in ["sip-101-Zq8v", "imap-101-pw", "rec-pass-55", "JBSWY3DPEHPK3PXP"] {
                #expect(bodies.allSatisfy { !$0.contains(secret) }, "\(secret) leaked")
            }
        }
    }
}
