import Foundation
import HTTPServer
import Testing
import Upstream
@testable import Simulators

/// The shape of a JSON value: member names and scalar kinds, to compare the simulator's
/// answers with the vendor docs' examples.
indirect enum VitalShape: Decodable, Equatable {
    case null, bool, number, string
    case array(VitalShape?)
    case object([String: VitalShape])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if (try? c.decode(Bool.self)) != nil { self = .bool }
        else if (try? c.decode(Double.self)) != nil { self = .number }
        else if (try? c.decode(String.self)) != nil { self = .string }
        else if let a = try? c.decode([VitalShape].self) { self = .array(a.first) }
        else { self = .object(try c.decode([String: VitalShape].self)) }
    }

    static func parse(_ bytes: [UInt8]) throws -> VitalShape { try JSONDecoder().decode(VitalShape.self, from: Data(bytes)) }

    /// Differences between `self` (the simulator) and `doc`; `null` on either side stands for
    /// "nullable" and matches any scalar.
    func differences(from doc: VitalShape, at path: String = "$") -> [String] {
        switch (self, doc) {
        case (.object(let a), .object(let b)):
            var out: [String] = []
            for k in Set(a.keys).union(b.keys).sorted() {
                guard let x = a[k] else { out.append("\(path).\(k) missing"); continue }
                guard let y = b[k] else { out.append("\(path).\(k) not in the docs"); continue }
                out += x.differences(from: y, at: "\(path).\(k)")
            }
            return out
        case (.array(let a), .array(let b)):
            guard let a, let b else { return [] }
            return a.differences(from: b, at: path + "[0]")
        case (.null, .object), (.null, .array), (.object, .null), (.array, .null): return ["\(path): \(self) vs \(doc)"]
        case (.null, _), (_, .null): return []
        default: return self == doc ? [] : ["\(path): \(self) vs \(doc)"]
        }
    }
}

/// The seed document's example answers, verbatim (vitalpbx-api-v2.txt).
enum VitalPBXDocExamples {
    static let extensions = #"{ "status": "success", "data": [ { "extension_id": 1, "extension": "100", "name": "Jhone Doe", "language": "en", "email": null, "class_of_service_id": 1, "dial_profile_id": 1, "call_limit": 0, "internal_cid": "\"Jhone Doe\" <100>", "external_cid": "\"Jhone Doe\" <100>", "emergency_cid": "\"Jhone Doe\" <100>", "ringtime": 0, "nospy": false, "enabled_pa": false, "answermode": "disable", "mailbox": "100@vitalpbx-voicemail", "accountcode": null, "features_password": "*56437", "sendcid": false, "generate_hints": false, "hot_desking": false, "secretary": null, "music_group_id": 2, "rec_on_demand": false, "internal_rec": true, "outgoing_rec": true, "incoming_rec": true, "dictate_enable": false, "dictate_format": "ogg", "dictate_auto_send": false, "fax_enabled": false, "fax_auto_send": false, "absent_secretary": false, "lock": false, "call_waiting": false, "pinless": false, "dynamic_routing": false, "tenant_id": 1, "context": "cos-all", "has_analog_devices": false, "devices": [ { "device_id": "3", "extension_id": "3", "profile_id": "1", "user": "100", "secret": "100", "description": "Jhone Doe", "ring_device": "yes", "technology": "sip", "assigned_exten": "100", "tenant_id": "1", "device_name": "100" } ], "queues_info": { "queues": [ 1 ], "queues_name": [ "Q500" ], "queues_penalty": [ "0" ] } } ] }"#
    static let devices = #"{ "status": "success", "message": null, "data": [ { "device_id": "2", "extension_id": "2", "profile_id": "1", "user": "dev-101", "secret": "QG4nKqN#BQnNzu", "description": "Agent 01", "ring_device": "yes", "technology": "sip", "assigned_exten": null, "tenant_id": "1", "device_name": "dev-101" } ] }"#
    static let queues = #"{ "status": "success", "message": null, "data": { "queues_id": [ 1, 2 ], "queues_name": [ "Q500", "Q501" ], "queues_penalty": [ "0", "0" ] } }"#
    static let cdrSummary = #"{ "status": "success", "data": { "local": "45", "incoming": "29", "outgoing": "4", "transit": "0" } }"#
    static let voicemail = #"{ "status": "success", "data": { "INBOX": { "date": "1565987730", "clid": "Demo<1519>", "priority": "2", "vmorig": "2000", "duration": "9", "recfile": "/static/43b4298b09648469/voicemail/2000/INBOX/msg0000.wav", "filename": "msg0000.txt" }, "Old": { "date": "1513443087", "clid": "X-Lite<7502>", "priority": "2", "vmorig": "2000", "duration": "8", "recfile": "/static/43b4298b09648469/voicemail/2000/Old/msg0000.wav", "filename": "msg0000.txt" } } }"#
}

/// One simulator on loopback, talked to with the real libcurl client.
struct VitalPBXSimulatorFixture {
    let simulator: VitalPBXSimulator
    let host: SimulatorHost
    let client = CurlClient()

    init(_ settings: VitalPBXSimulatorSettings = VitalPBXSimulatorSettings()) throws {
        simulator = VitalPBXSimulator(settings: settings)
        host = SimulatorHost(simulator: simulator)
        try host.start()
    }

    var goodHeaders: [(String, String)] { [("app-key", simulator.settings.apiKey), ("tenant", "1")] }

    func send(_ method: String, _ path: String, headers: [(String, String)]? = nil, body: String? = nil) async throws -> UpstreamResponse {
        var h = (headers ?? goodHeaders).map { (name: $0.0, value: $0.1) }
        if body != nil { h.append((name: "Content-Type", value: "application/json")) }
        return try await client.send(UpstreamRequest(method: method, url: "http://127.0.0.1:\(host.port)\(path)", headers: h,
                                                     body: body.map { Array($0.utf8) }, timeout: .seconds(60)))
    }

    func json(_ r: UpstreamResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
    }
}

@Suite struct VitalPBXSimulatorTests {
    @Test func answersHaveTheDocsShapes() async throws {
        let sim = try VitalPBXSimulatorFixture()
        defer { Task { await sim.host.shutdown() } }
        let cases: [(String, String)] = [
            ("/api/v2/extensions", VitalPBXDocExamples.extensions),
            ("/api/v2/extensions/1", VitalPBXDocExamples.extensions),     // the docs repeat the list example
            ("/api/v2/extensions/2/devices", VitalPBXDocExamples.devices),
            ("/api/v2/devices", VitalPBXDocExamples.devices),
            ("/api/v2/extensions/2/queues", VitalPBXDocExamples.queues),
            ("/api/v2/extensions/1/cdr_summary", VitalPBXDocExamples.cdrSummary),
        ]
        for (path, example) in cases {
            let r = try await sim.send("GET", path)
            #expect(r.status == 200, "\(path)")
            #expect(r.header("Content-Type") == "application/json")
            let diff = try VitalShape.parse(r.body).differences(from: VitalShape.parse(Array(example.utf8)))
            #expect(diff.isEmpty, "\(path): \(diff)")
        }
        // Voicemail folders: mailbox 101 has one new message, 103 one old one, as in the example.
        guard case .object(let doc) = try VitalShape.parse(Array(VitalPBXDocExamples.voicemail.utf8)), case .object(let docFolders)? = doc["data"] else {
            Issue.record("docs example unreadable"); return
        }
        for (path, folder) in [("/api/v2/extensions/2/voicemail_records", "INBOX"), ("/api/v2/extensions/4/voicemail_records", "Old")] {
            guard case .object(let answer) = try VitalShape.parse(try await sim.send("GET", path).body),
                  case .object(let folders)? = answer["data"], let got = folders[folder], let want = docFolders[folder] else {
                Issue.record("\(path): no \(folder) folder"); continue
            }
            #expect(got.differences(from: want).isEmpty, "\(path): \(got.differences(from: want))")
            #expect(answer["status"] == .string)
        }
    }

    @Test func credentialsAreChecked() async throws {
        let sim = try VitalPBXSimulatorFixture()
        defer { Task { await sim.host.shutdown() } }
        for headers in [[("tenant", "1")], [("app-key", "wrong"), ("tenant", "1")]] {
            let r = try await sim.send("GET", "/api/v2/extensions", headers: headers)
            #expect(r.status == 401)
            #expect(try sim.json(r)["status"] as? String == "error")
            #expect(try sim.json(r)["message"] is String)
        }
        let unknownTenant = try await sim.send("GET", "/api/v2/extensions", headers: [("app-key", sim.simulator.settings.apiKey), ("tenant", "99")])
        #expect(unknownTenant.status == 403)
        #expect(try await sim.send("GET", "/api/v2/extensions", headers: [("app-key", sim.simulator.settings.apiKey), ("tenant", "vitalpbx")]).status == 200)
        var faults = SimulatorFaults()
        faults.loginFailure = true
        sim.simulator.control.faults = faults
        #expect(try await sim.send("GET", "/api/v2/extensions").status == 401)
        #expect(sim.simulator.control.count(of: "GET /extensions") == 5)
    }

    @Test func faultModes() async throws {
        let sim = try VitalPBXSimulatorFixture()
        defer { Task { await sim.host.shutdown() } }
        var faults = SimulatorFaults()
        faults.status = 503
        faults.onlyEndpoint = "/cdr"
        sim.simulator.control.faults = faults
        let failed = try await sim.send("GET", "/api/v2/cdr")
        #expect(failed.status == 503)
        #expect(try sim.json(failed)["status"] as? String == "error")
        #expect(try await sim.send("GET", "/api/v2/queues").status == 200)      // other endpoints unaffected
        faults = SimulatorFaults()
        faults.garbageBody = true
        sim.simulator.control.faults = faults
        let garbage = try await sim.send("GET", "/api/v2/queues")
        #expect((try? JSONSerialization.jsonObject(with: Data(garbage.body))) == nil)
        faults = SimulatorFaults()
        faults.closeMidBody = true
        sim.simulator.control.faults = faults
        await #expect(throws: UpstreamError.self) { try await sim.send("GET", "/api/v2/extensions") }
        #expect(sim.simulator.control.count(of: "GET /cdr") == 1)
        #expect(sim.simulator.control.count(of: "GET /queues") == 2)
    }

    @Test func cdrWindowLimitSortAndLayouts() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var settings = VitalPBXSimulatorSettings()
        settings.now = now
        let sim = try VitalPBXSimulatorFixture(settings)
        defer { Task { await sim.host.shutdown() } }
        let since = 1_800_000_000 - 86_400, until = 1_800_000_000
        let r = try await sim.send("GET", "/api/v2/cdr?start_date=\(since)&end_date=\(until)&limit=5&order_by=calldate&order_type=desc")
        let data = try #require(try sim.json(r)["data"] as? [String: Any])
        let rows = try #require(data["result"] as? [[String: Any]])
        #expect(rows.count == 5)
        #expect((data["rows"] as? Int ?? 0) > 5)
        let dates = rows.compactMap { $0["calldate"] as? String }
        #expect(dates == dates.sorted(by: >))
        #expect(dates.allSatisfy { $0.count == 19 })
        #expect(Set(rows.flatMap(\.keys)).isSuperset(of: ["cdr_id", "calldate", "clid", "src", "dst", "duration", "billsec", "disposition", "calltype", "uniqueid"]))
        #expect(try await sim.send("GET", "/api/v2/cdr?start_date=yesterday").status == 400)

        var other = VitalPBXSimulatorSettings()
        other.cdrLayout = .array
        other.cdrDateFormat = .date
        other.now = now
        let arraySim = try VitalPBXSimulatorFixture(other)
        defer { Task { await arraySim.host.shutdown() } }
        let a = try await arraySim.send("GET", "/api/v2/cdr?start_date=2027-01-14&end_date=2027-01-15")
        let list = try #require(try arraySim.json(a)["data"] as? [[String: Any]])
        #expect(!list.isEmpty)
        #expect(list.allSatisfy { ($0["calldate"] as? String)?.hasPrefix("2027-01-1") == true })
    }

    @Test func writesChangeState() async throws {
        let sim = try VitalPBXSimulatorFixture()
        defer { Task { await sim.host.shutdown() } }
        let calls = sim.simulator.cdrCount
        let dial = try await sim.send("POST", "/api/v2/core/click_to_call", body: #"{"caller":"100","callee":"+4922166966966","cos_id":1}"#)
        #expect(dial.status == 200)
        #expect(try sim.json(dial)["status"] as? String == "success")
        #expect(sim.simulator.activeCallCount == 1)
        #expect(sim.simulator.cdrCount == calls + 1)
        #expect(try await sim.send("POST", "/api/v2/core/click_to_call", body: #"{"caller":"999","callee":"1"}"#).status == 400)

        #expect(sim.simulator.isPaused(device: 3, queue: 1) == false)
        #expect(try await sim.send("POST", "/api/v2/devices/3/queues-pause", body: #"{"queue_id":1,"reason":"Break"}"#).status == 200)
        #expect(sim.simulator.isPaused(device: 3, queue: 1) == true)
        let state = try await sim.send("GET", "/api/v2/devices/3/queues")
        let memberships = try #require(try sim.json(state)["data"] as? [[String: Any]])
        #expect(memberships.first?["paused"] as? String == "1")
        #expect(memberships.first?["pause_reason"] as? String == "Break")
        #expect(try await sim.send("POST", "/api/v2/devices/3/queues-unpause", body: #"{"queue_id":"1"}"#).status == 200)
        #expect(sim.simulator.isPaused(device: 3, queue: 1) == false)
        #expect(try await sim.send("POST", "/api/v2/devices/3/queues-pause", body: #"{"queue_id":3}"#).status == 404)

        let audio = try await sim.send("GET", "/static/43b4298b09648469/voicemail/100/INBOX/msg0000.wav", headers: [])
        #expect(audio.status == 200)
        #expect(audio.header("Content-Type") == "audio/x-wav")
        #expect(Array(audio.body.prefix(4)) == Array("RIFF".utf8))
        #expect(Array(audio.body[8..<12]) == Array("WAVE".utf8))
        #expect(audio.body.count == 44 + 16_000)

        #expect(sim.simulator.voicemailCount(mailbox: "100") == 3)
        #expect(try await sim.send("DELETE", "/api/v2/voicemail/100/INBOX/msg0000").status == 200)
        #expect(sim.simulator.voicemailCount(mailbox: "100") == 2)
        #expect(try await sim.send("DELETE", "/api/v2/voicemail/100@vitalpbx-voicemail/INBOX/msg0000").status == 404)
        // Listening moves the message to Old under the next free name.
        #expect(try await sim.send("POST", "/api/v2/voicemail/100/INBOX/msg0001").status == 200)
        let folders = try #require(try sim.json(try await sim.send("GET", "/api/v2/extensions/1/voicemail_records"))["data"] as? [String: Any])
        #expect(folders["INBOX"] == nil)
        #expect((folders["Old"] as? [[String: Any]])?.compactMap { $0["filename"] as? String } == ["msg0000.txt", "msg0001.txt"])
        // An empty box is PHP's empty array.
        let empty = try sim.json(try await sim.send("GET", "/api/v2/extensions/3/voicemail_records"))
        #expect((empty["data"] as? [Any])?.isEmpty == true)
    }
}
