import Foundation
import HTTPServer
import Testing
import Upstream
@testable import Simulators

/// Drives the PBX Cloud simulator over real HTTP with the request shapes of the vendor docs
/// (CATALOGUE §3.2 examples, tenant `ACME`, key `KEY`) and compares the answers' shapes with
/// the fixtures the adapter's mapping tests use.
@Suite struct PBXCloudSimulatorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("PBXCloudTests/Fixtures")

    final class Running: Sendable {
        let host: SimulatorHost
        let client = CurlClient()
        init(_ settings: PBXCloudSimulatorSettings) throws {
            host = SimulatorHost(simulator: PBXCloudSimulator(settings: settings))
            try host.start()
        }
        var simulator: PBXCloudSimulator { host.simulator as! PBXCloudSimulator }

        func get(_ query: String, method: String = "GET", body: String? = nil) async throws -> UpstreamResponse {
            var r = UpstreamRequest(method: method, url: host.baseURL + "?" + query, timeout: .seconds(30))
            if let body {
                r.body = Array(body.utf8)
                r.headers = [("Content-Type", "application/x-www-form-urlencoded")]
            }
            return try await client.send(r)
        }
        func text(_ query: String) async throws -> String { String(decoding: try await get(query).body, as: UTF8.self) }
        func json(_ query: String) async throws -> Any { try JSONSerialization.jsonObject(with: Data(try await get(query).body)) }
    }

    /// Runs `body` against a fresh simulator, then stops it.
    func withSimulator(tenant: String = "ACME", key: String = "KEY", configure: (inout PBXCloudSimulatorSettings) -> Void = { _ in },
                       _ body: (Running) async throws -> Void) async throws {
        var s = PBXCloudSimulatorSettings()
        s.tenant = tenant
        s.apiKey = key
        configure(&s)
        let sim = try Running(s)
        do { try await body(sim) } catch { await sim.host.shutdown(); throw error }
        await sim.host.shutdown()
    }

    static func fixtureRows(_ name: String) throws -> [[String: Any]] {
        let any = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent(name)))
        if let rows = any as? [[String: Any]] { return rows }
        return [try #require(any as? [String: Any])]
    }

    /// Same named field set as the fixture, every value a string (MiRTA rows are text).
    static func expectShape(_ answer: Any, like fixture: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let rows = (answer as? [[String: Any]]) ?? [(answer as? [String: Any]) ?? [:]]
        try #require(!rows.isEmpty, sourceLocation: sourceLocation)
        let expected = Set(try fixtureRows(fixture)[0].keys)
        for row in rows.prefix(3) {
            let difference = Set(row.keys).symmetricDifference(expected).sorted()
            #expect(difference.isEmpty, "\(fixture): \(difference)", sourceLocation: sourceLocation)
            #expect(row.values.allSatisfy { $0 is String || $0 is NSNull }, "\(fixture): non-string values", sourceLocation: sourceLocation)
        }
    }

    @Test func readsAnswerInTheFixtureShapes() async throws {
        try await withSimulator { sim in
            let auth = "tenant=ACME&key=KEY&format=json"
            let now = Date()
            let f = DateFormatter()
            f.dateFormat = "yyyy-MM-dd HH:mm:ss"
            f.timeZone = TimeZone(identifier: "UTC")
            let start = f.string(from: now.addingTimeInterval(-3 * 86400)), end = f.string(from: now)
            let cdrs = try await sim.json("reqtype=INFO&info=cdrs&\(auth)&start=\(start.replacingOccurrences(of: " ", with: "%20"))&end=\(end.replacingOccurrences(of: " ", with: "%20"))")
            try Self.expectShape(cdrs, like: "info-cdrs.json")
            #expect(((cdrs as? [Any])?.count ?? 0) > 40)
            try Self.expectShape(try await sim.json("reqtype=CHANNELS&\(auth)"), like: "channels.json")
            try Self.expectShape(try await sim.json("reqtype=INFO&info=extensions&\(auth)"), like: "info-extensions.json")
            try Self.expectShape(try await sim.json("reqtype=INFO&info=queues&\(auth)"), like: "info-queues.json")
            try Self.expectShape(try await sim.json("reqtype=INFO&info=queue&id=3698&\(auth)"), like: "info-queue.json")
            try Self.expectShape(try await sim.json("reqtype=PHONEBOOK&\(auth)&phonebook=Default&subreqtype=query&field=name&value=%25e%25"), like: "phonebook-query.json")
            try Self.expectShape(try await sim.json("reqtype=VOICEMAIL&\(auth)&action=list"), like: "voicemail-list.json")
            try Self.expectShape(try await sim.json("reqtype=VOICEMAIL&\(auth)&action=messages&mailbox=101"), like: "voicemail-messages.json")
            try Self.expectShape(try await sim.json("reqtype=PEERS&\(auth)"), like: "peers.json")
            try Self.expectShape(try await sim.json("reqtype=INFO&info=dids&\(auth)"), like: "info-dids.json")

            let agents = try #require(try await sim.json("reqtype=INFO&info=agents&queue=3698&\(auth)") as? [String: [String: String]])
            #expect(Set(agents.keys) == ["101-ACME", "102-ACME"])
            #expect(agents.values.allSatisfy { Set($0.keys) == Set(try! Self.fixtureRows("info-agents.json")[0]["402-DEMO"].map { ($0 as! [String: String]).keys }!) })
            #expect(try await sim.text("reqtype=INFO&info=agents&queue=999999&\(auth)") == "null")
        }
    }

    @Test func credentialsAreCheckedTheMiRTAWay() async throws {
        try await withSimulator { sim in
            for query in ["reqtype=PEERS&tenant=ACME&key=WRONG&format=json", "reqtype=PEERS&key=KEY&format=json",
                          "reqtype=PEERS&tenant=OTHER&key=KEY&format=json", "reqtype=PEERS&tenant=ACME&format=json"] {
                let r = try await sim.get(query)
                #expect(r.status == 200)
                #expect(r.body == Array("Too bad... you mistaken the security api key.\n".utf8))
                #expect(r.header("Content-Type") == "application/json", "Content-Type follows format, not the body")
            }
            let plain = try await sim.get("reqtype=PEERS&tenant=ACME&key=WRONG")
            #expect(plain.header("Content-Type")?.hasPrefix("text/html") == true && plain.body.count == 46)
            #expect(try await sim.text("reqtype=PEERS&tenant=acme&key=KEY&format=json").hasPrefix("["), "tenant codes compare case-insensitively")
        }
    }

    @Test func noRowsIsAnEmptyBodyAndPlainIsTheDefault() async throws {
        try await withSimulator { sim in
            let empty = try await sim.get("reqtype=INFO&info=cdrs&tenant=ACME&key=KEY&format=json&start=1990-01-01&end=1990-01-02")
            #expect(empty.status == 200 && empty.body.isEmpty && empty.header("Content-Type") == "application/json")
            #expect(try await sim.get("reqtype=INFO&info=nonsense&tenant=ACME&key=KEY&format=json").body.isEmpty)
            let plain = try await sim.text("reqtype=INFO&info=extensions&tenant=ACME&key=KEY")
            #expect(plain.split(separator: "\n").first == "Number|Name|Tech|State|Username|Password")
            #expect(plain.split(separator: "\n").count == 6)
        }
    }

    @Test func writesChangeState() async throws {
        try await withSimulator { sim in
            let auth = "tenant=ACME&key=KEY"
            let dial = try await sim.text("reqtype=DIAL&\(auth)&format=json&source=101&dest=0049221123456")
            let parts = dial.split(separator: "|", omittingEmptySubsequences: false)
            #expect(parts.count == 4 && parts[0] == "Success" && parts[1] == "Originate successfully queued" && parts[3] == "")
            let id = String(parts[2])
            let channels = try #require(try await sim.json("reqtype=CHANNELS&\(auth)&format=json") as? [[String: String]])
            let leg = try #require(channels.first { $0["originateid"] == id })
            #expect(leg["calleridnum"] == "101" && leg["connectedlinenum"] == "0049221123456")
            let live = try #require(try await sim.json("reqtype=INFO&info=call&id=\(id)&\(auth)&format=json") as? [String: String])
            #expect(live["originateid"] == id && live["end"] == "")

            #expect(try await sim.text("reqtype=HANGUP&\(auth)&channel=\(leg["channel"]!.replacingOccurrences(of: "/", with: "%2F"))").hasPrefix("Success|"))
            let after = try #require(try await sim.json("reqtype=CHANNELS&\(auth)&format=json") as? [[String: String]])
            #expect(!after.contains { $0["originateid"] == id })
            let done = try #require(try await sim.json("reqtype=INFO&info=call&id=\(id)&\(auth)&format=json") as? [String: String])
            #expect(done["disposition"] == "NO ANSWER" && done["end"] != "" && done["originateid"] == id)

            #expect(try await sim.text("reqtype=AGENT&\(auth)&extension=101-ACME&queue=3698&action=pause&pausereason=lunch") == "Success|Agent paused|")
            let agents = try #require(try await sim.json("reqtype=INFO&info=agents&queue=3698&\(auth)&format=json") as? [String: [String: String]])
            #expect(agents["101-ACME"]?["0"] == "1" && agents["101-ACME"]?["4"] == "lunch")
            #expect(try await sim.text("reqtype=AGENT&\(auth)&extension=999-ACME&queue=3698&action=pause").hasPrefix("Error|"))

            let added = try await sim.text("reqtype=PHONEBOOK&\(auth)&phonebook=Default&subreqtype=add&values=%7B%22name%22%3A%22Foo%22%7D")
            let peid = try #require(added.split(separator: "|").dropFirst(2).first.map(String.init))
            let posted = try await sim.get("reqtype=PHONEBOOK&\(auth)&phonebook=default&subreqtype=add", method: "POST",
                                           body: "values=%7B%22NAME%22%3A%22Ross%22%2C%22PHONE1%22%3A%223564732920%22%7D")
            #expect(String(decoding: posted.body, as: UTF8.self).hasPrefix("Success|Record added|"))
            let found = try #require(try await sim.json("reqtype=PHONEBOOK&\(auth)&format=json&phonebook=default&subreqtype=query&field=phone1&value=%25473292%25") as? [[String: String]])
            #expect(found.map { $0["name"] } == ["Ross"])
            #expect(try await sim.text("reqtype=PHONEBOOK&\(auth)&phonebook=default&subreqtype=delete&peid=\(peid)") == "Success|Record deleted|")
            #expect(try await sim.get("reqtype=PHONEBOOK&\(auth)&format=json&phonebook=default&subreqtype=query&field=peid&value=\(peid)").body.isEmpty)

            let messages = try #require(try await sim.json("reqtype=VOICEMAIL&\(auth)&format=json&action=messages&mailbox=101") as? [[String: String]])
            let msgid = try #require(messages.first?["Msgid"])
            let audio = try await sim.get("reqtype=VOICEMAIL&\(auth)&action=message&msgid=\(msgid)")
            #expect(audio.header("Content-Type") == "audio/x-wav")
            #expect(Array(audio.body.prefix(4)) == Array("RIFF".utf8) && Array(audio.body[8..<12]) == Array("WAVE".utf8))
            let riffSize = Int(audio.body[4]) | Int(audio.body[5]) << 8 | Int(audio.body[6]) << 16 | Int(audio.body[7]) << 24
            #expect(riffSize == audio.body.count - 8 && audio.body.count > 1000)
            #expect(try await sim.text("reqtype=VOICEMAIL&\(auth)&action=delete&msgid=\(msgid)") == "Success|Message deleted|")
            #expect(try await sim.get("reqtype=VOICEMAIL&\(auth)&action=message&msgid=\(msgid)").body.isEmpty)
        }
    }

    @Test func phonebookAddWithoutIDIsASetting() async throws {
        try await withSimulator(configure: { $0.phonebookAddReturnsID = false }) { sim in
            let answer = try await sim.text("reqtype=PHONEBOOK&tenant=ACME&key=KEY&phonebook=default&subreqtype=add&values=%7B%22name%22%3A%22Foo%22%7D")
            #expect(answer == "Success|Record added|")
        }
    }

    @Test func faultsCountersAndThePHPErrorShape() async throws {
        try await withSimulator { sim in
            var faults = SimulatorFaults()
            faults.status = 500
            faults.onlyEndpoint = "reqtype=PEERS"
            sim.simulator.control.setFaults(faults)
            let failed = try await sim.get("reqtype=PEERS&tenant=ACME&key=KEY&format=json")
            #expect(failed.status == 500 && failed.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(!String(decoding: failed.body, as: UTF8.self).contains("{"))
            #expect(try await sim.get("reqtype=CHANNELS&tenant=ACME&key=KEY&format=json").status == 200)
            faults = SimulatorFaults()
            faults.loginFailure = true
            sim.simulator.control.setFaults(faults)
            #expect(try await sim.text("reqtype=CHANNELS&tenant=ACME&key=KEY").hasPrefix("Too bad"))
            #expect(sim.simulator.control.count(of: "reqtype=PEERS") == 1)
            #expect(sim.simulator.control.count(of: "reqtype=CHANNELS") == 2)
        }
    }
}
