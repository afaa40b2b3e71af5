import Foundation
import PBXCore
import Simulators
import Testing

/// Every pascom capability through the running gateway, the pascom simulator and libcurl.
@Suite("pascom end to end")
struct PascomEndToEndTests {
    static let base = "/v1/tenants/pascom"
    /// Four days back, so the window holds the simulator's whole history. Fixed per suite
    /// instance: a cursor is bound to the filters, `since` included.
    let since = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-4 * 86_400))

    func withGateway(_ overrides: [String: String] = [:], _ body: (TestGateway) async throws -> Void) async throws {
        let gateway = try await TestGateway.start(vendors: ["pascom"], tenantOverrides: ["pascom": overrides.merging(["country": "DE", "timeoutSeconds": "30"]) { a, _ in a }])
        do { try await body(gateway) } catch {
            await gateway.stop()
            throw error
        }
        await gateway.stop()
    }

    /// The list of a 200 answer; anything else is recorded with the problem the gateway sent.
    func data(_ r: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) -> [JSONValue] {
        #expect(r.status == 200, "\(r.status): \(r.text)", sourceLocation: sourceLocation)
        return r.json?["data"]?.arrayValue ?? []
    }

    @Test func declaresEveryCapability() async throws {
        try await withGateway { gw in
            let tenant = try await gw.request("GET", Self.base)
            #expect(tenant.status == 200)
            let caps = Set(tenant.json?["capabilities"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            #expect(caps == Set(Capability.allCases.map(\.rawValue)))
        }
    }

    @Test func callsListGetAndPagingAcrossThreePages() async throws {
        try await withGateway { gw in
            let everything = try await gw.request("GET", "\(Self.base)/calls?since=\(since)&limit=1000")
            #expect(everything.status == 200, "\(everything.text)")
            let all = data(everything)
            #expect(all.count > 60)
            #expect(Set(all.compactMap { $0["direction"]?.stringValue }) == ["inbound", "outbound", "internal"])
            let statuses = Set(all.compactMap { $0["status"]?.stringValue })
            #expect(statuses.isSuperset(of: ["answered", "missed", "voicemail"]))
            #expect(all.contains { $0["queueId"]?.stringValue == "Support [2nd level]" })
            #expect(all.contains { $0["from"]?["number"]?.stringValue == "+4922166966966" })

            var paged: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let q = cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? ""
                let r = try await gw.request("GET", "\(Self.base)/calls?since=\(since)&limit=7\(q)")
                #expect(r.status == 200, "\(r.text)")
                paged += data(r).compactMap { $0["id"]?.stringValue }
                cursor = r.json?["nextCursor"]?.stringValue
                pages += 1
            } while cursor != nil && pages < 50
            #expect(pages >= 3)
            #expect(paged == all.compactMap { $0["id"]?.stringValue })   // no gaps, no repeats, same order

            let first = try #require(all.first)
            let id = try #require(first["id"]?.stringValue)
            let one = try await gw.request("GET", "\(Self.base)/calls/\(id)")
            #expect(one.status == 200)
            #expect(one.json == first)
            #expect(try await gw.request("GET", "\(Self.base)/calls/999999").status == 404)

            let inbound = data(try await gw.request("GET", "\(Self.base)/calls?since=\(since)&direction=inbound&limit=1000"))
            #expect(!inbound.isEmpty && inbound.allSatisfy { $0["direction"]?.stringValue == "inbound" })
            let byNumber = data(try await gw.request("GET", "\(Self.base)/calls?since=\(since)&number=%2B4922166966966&limit=1000"))
            #expect(!byNumber.isEmpty && byNumber.allSatisfy { c in
                c["from"]?["number"]?.stringValue == "+4922166966966" || c["to"]?["number"]?.stringValue == "+4922166966966"
            })
        }
    }

    @Test func dialShowsUpAsActiveCallThenTransferAndHangup() async throws {
        try await withGateway { gw in
            let dial = try await gw.request("POST", "\(Self.base)/calls", body: #"{"from": "101", "to": "+4930123456"}"#)
            #expect(dial.status == 202)
            #expect(dial.json?["status"]?.stringValue == "queued")
            let callId = try #require(dial.json?["callId"]?.stringValue)
            let active = data(try await gw.request("GET", "\(Self.base)/calls/active"))
            let call = try #require(active.first { $0["id"]?.stringValue == callId })
            #expect(call["state"]?.stringValue == "ringing")
            #expect(call["userId"]?.stringValue == "agrassl")
            #expect(call["to"]?["number"]?.stringValue == "+4930123456")

            let transfer = try await gw.request("POST", "\(Self.base)/calls/active/\(callId)/transfer", body: #"{"to": "102"}"#)
            #expect(transfer.status == 202)
            let moved = data(try await gw.request("GET", "\(Self.base)/calls/active")).first { $0["id"]?.stringValue == callId }
            #expect(moved?["from"]?["extension"]?.stringValue == "102")

            let hangup = try await gw.request("POST", "\(Self.base)/calls/active/\(callId)/hangup")
            #expect(hangup.status == 202)
            let after = data(try await gw.request("GET", "\(Self.base)/calls/active"))
            #expect(!after.contains { $0["id"]?.stringValue == callId })
            #expect(try await gw.request("POST", "\(Self.base)/calls/active/424242/hangup").status == 404)
            // Click-to-dial from a named device (spaces and brackets in the path).
            let device = try await gw.request("POST", "\(Self.base)/calls",
                                              body: #"{"from": "tsander", "to": "101", "device": "Snom 000413a301e5 [Tina Sander]"}"#)
            #expect(device.status == 202)
            #expect(gw.simulator("pascom").simulator.control.count(of: "POST /identity/{user}/device/{device}/action") == 3)
        }
    }

    @Test func usersWithPresence() async throws {
        try await withGateway { gw in
            let users = data(try await gw.request("GET", "\(Self.base)/users"))
            #expect(users.compactMap { $0["id"]?.stringValue }.sorted() == ["agrassl", "jgeissler", "lmeier", "mweber", "tsander"])
            let presence = Dictionary(uniqueKeysWithValues: users.map { ($0["id"]?.stringValue ?? "", $0["presence"]?.stringValue ?? "") })
            #expect(presence == ["agrassl": "available", "tsander": "offline", "lmeier": "away", "jgeissler": "busy", "mweber": "available"])
            let tina = try await gw.request("GET", "\(Self.base)/users/tsander")
            #expect(tina.json?["extensions"] == .array([.string("221")]))
            #expect(tina.json?["name"]?.stringValue == "Tina Sander")
            #expect(data(try await gw.request("GET", "\(Self.base)/users?q=grassl")).count == 1)
            #expect(try await gw.request("GET", "\(Self.base)/users/nobody").status == 404)
        }
    }

    @Test func queuesAgentsAndPause() async throws {
        try await withGateway { gw in
            let queues = data(try await gw.request("GET", "\(Self.base)/queues"))
            #expect(Set(queues.compactMap { $0["id"]?.stringValue }) == ["Zentrale", "Support [2nd level]"])
            let path = "\(Self.base)/queues/Support%20%5B2nd%20level%5D"
            let q = try await gw.request("GET", path)
            #expect(q.status == 200)
            #expect(q.json?["extension"]?.stringValue == "300")
            #expect(q.json?["agentCount"]?.intValue == 3)
            let pause = try await gw.request("POST", "\(path)/agents/lmeier/pause", body: #"{"reason": "lunch"}"#)
            #expect(pause.status == 202)
            let agent = data(try await gw.request("GET", "\(path)/agents")).first { $0["id"]?.stringValue == "lmeier" }
            #expect(agent?["paused"]?.boolValue == true)
            #expect(agent?["pauseReason"]?.stringValue == "lunch")
            #expect(try await gw.request("POST", "\(path)/agents/lmeier/unpause").status == 202)
            let back = data(try await gw.request("GET", "\(path)/agents")).first { $0["id"]?.stringValue == "lmeier" }
            #expect(back?["paused"]?.boolValue == false)
            #expect(try await gw.request("POST", "\(Self.base)/queues/Zentrale/agents/lmeier/pause", body: "{}").status == 404)
        }
    }

    @Test func phonebookCrudAndLookup() async throws {
        try await withGateway { gw in
            let list = data(try await gw.request("GET", "\(Self.base)/phonebook"))
            #expect(list.count == 6)                                          // users are not contacts
            let created = try await gw.request("POST", "\(Self.base)/phonebook", body:
                #"{"firstName": "Max", "lastName": "Muster", "company": "ACME", "numbers": [{"type": "work", "number": "+49 221 4711"}]}"#)
            #expect(created.status == 201)
            let id = try #require(created.json?["id"]?.stringValue)
            #expect(created.header("Location")?.hasSuffix("/phonebook/\(id)") == true)
            #expect(created.json?["name"]?.stringValue == "Max Muster")
            let updated = try await gw.request("PUT", "\(Self.base)/phonebook/\(id)", body:
                #"{"name": "Max Muster (ACME)", "numbers": [{"type": "mobile", "number": "0170 1234567"}]}"#)
            #expect(updated.status == 200)
            let read = try await gw.request("GET", "\(Self.base)/phonebook/\(id)")
            #expect(read.json?["name"]?.stringValue == "Max Muster (ACME)")
            #expect(read.json?["numbers"]?.arrayValue?.first?["number"]?.stringValue == "+491701234567")
            let found = data(try await gw.request("GET", "\(Self.base)/phonebook/lookup?number=%2B491701234567"))
            #expect(found.first?["id"]?.stringValue == id)
            #expect(try await gw.request("DELETE", "\(Self.base)/phonebook/\(id)").status == 204)
            #expect(try await gw.request("GET", "\(Self.base)/phonebook/\(id)").status == 404)

            let tobias = data(try await gw.request("GET", "\(Self.base)/phonebook/lookup?number=%2B49991123455677"))
            #expect(tobias.map { $0["name"]?.stringValue } == ["Chaos Computer - Tobias Mustermann"])
            let user = data(try await gw.request("GET", "\(Self.base)/phonebook/lookup?number=221"))
            #expect(user.first?["kind"]?.stringValue == "user" && user.first?["id"]?.stringValue == "tsander")
        }
    }

    @Test func voicemailDevicesNumbers() async throws {
        try await withGateway { gw in
            let boxes = data(try await gw.request("GET", "\(Self.base)/voicemail/boxes"))
            #expect(boxes.count == 6)
            let box = try #require(boxes.first { $0["id"]?.stringValue == "101" })
            let messages = data(try await gw.request("GET", "\(Self.base)/voicemail/boxes/101/messages"))
            #expect(messages.count == (box["newMessages"]?.intValue ?? 0) + (box["oldMessages"]?.intValue ?? 0))
            let id = try #require(messages.first?["id"]?.stringValue)
            #expect(try await gw.request("GET", "\(Self.base)/voicemail/boxes/101/messages/\(id)").json?["id"]?.stringValue == id)
            let audio = try await gw.request("GET", "\(Self.base)/voicemail/boxes/101/messages/\(id)/audio")
            #expect(audio.status == 200)
            #expect(audio.header("Content-Type") == "audio/x-wav")
            #expect(Array(audio.body.prefix(4)) == Array("RIFF".utf8))
            #expect(try await gw.request("DELETE", "\(Self.base)/voicemail/boxes/101/messages/\(id)").status == 204)
            #expect(try await gw.request("GET", "\(Self.base)/voicemail/boxes/101/messages/\(id)").status == 404)

            let devices = try await gw.request("GET", "\(Self.base)/devices?include=raw")
            let tina = try #require(data(devices).first { $0["id"]?.stringValue == "pascom Softphone [Tina Sander]" })
            #expect(tina["userId"]?.stringValue == "tsander")
            #expect(tina["state"]?.stringValue == "Unavailable")
            #expect(tina["raw"]?["013pee_password"] == nil && tina["raw"]?["010dev_id"] != nil)
            #expect(!devices.text.contains("9A81BFDB04909C7149D7BF467ACB2CC9"))   // the desk phone's SIP secret
            let numbers = data(try await gw.request("GET", "\(Self.base)/numbers"))
            #expect(Set(numbers.compactMap { $0["number"]?.stringValue }) == ["+4989123456780", "+4989123456789"])
        }
    }

    @Test func dangerousIdsAreRefusedBeforeThePBXSeesThem() async throws {
        try await withGateway { gw in
            for id in ["a%2Fb", "a..b", "x%01y", "x%7Fy"] {
                let r = try await gw.request("GET", "\(Self.base)/users/\(id)")
                #expect(r.status == 400, "\(id)")
                #expect(r.problemType == "/problems/invalid-request")
            }
            #expect(gw.simulator("pascom").simulator.control.count(of: "GET /identity/{user}") == 0)
        }
    }

    @Test(arguments: [(500, 502, "upstream-error"), (503, 502, "upstream-error"), (401, 502, "upstream-error"),
                      (404, 404, "not-found"), (409, 409, "conflict")])
    func vendorStatusesMapPerAPI(vendor: Int, expected: Int, slug: String) async throws {
        try await withGateway { gw in
            var faults = SimulatorFaults()
            faults.status = vendor
            gw.simulator("pascom").simulator.control.setFaults(faults)
            let r = try await gw.request("GET", "\(Self.base)/queues")
            #expect(r.status == expected)
            #expect(r.problemType == "/problems/\(slug)")
            #expect(r.header("Content-Type")?.hasPrefix("application/problem+json") == true)
            #expect(!r.text.contains("pascom-demo-rest-password"))
        }
    }

    @Test func transportFaultsMapPerAPI() async throws {
        try await withGateway { gw in
            let control = gw.simulator("pascom").simulator.control
            var faults = SimulatorFaults()
            faults.garbageBody = true
            control.setFaults(faults)
            let garbage = try await gw.request("GET", "\(Self.base)/users")
            #expect(garbage.status == 502, "\(garbage.text)")
            faults = SimulatorFaults()
            faults.closeMidBody = true
            control.setFaults(faults)
            #expect(try await gw.request("GET", "\(Self.base)/devices").status == 502)
        }
    }

    @Test func aSlowPBXIsATimeout() async throws {
        try await withGateway(["timeoutSeconds": "1"]) { gw in
            var faults = SimulatorFaults()
            faults.latencyMs = 3_000
            gw.simulator("pascom").simulator.control.setFaults(faults)
            let slow = try await gw.request("GET", "\(Self.base)/numbers")
            #expect(slow.status == 504)
            #expect(slow.problemType == "/problems/upstream-timeout")
        }
    }

    @Test func everyLogLineIsFreeOfTheRESTPassword() async throws {
        try await withGateway { gw in
            _ = try await gw.request("GET", "\(Self.base)/users?include=raw")
            var faults = SimulatorFaults()
            faults.loginFailure = true
            gw.simulator("pascom").simulator.control.setFaults(faults)
            let refused = try await gw.request("GET", "\(Self.base)/queues")
            #expect(refused.status == 502)
            #expect(!refused.text.contains("pascom-demo-rest-password"))
            #expect(!gw.logs.all.joined().contains("pascom-demo-rest-password"))
        }
    }
}
