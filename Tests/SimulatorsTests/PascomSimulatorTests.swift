import Foundation
import HTTPServer
import Testing
import Upstream
@testable import Simulators

/// Drives the pascom simulator over real HTTP (libcurl) with the requests of the pascom
/// docs' examples and compares every answer's shape with the docs' example answer.
@Suite("pascom simulator against the docs")
struct PascomSimulatorTests {
    /// One running simulator per test: no shared state between parallel tests.
    struct Running {
        let simulator: PascomSimulator
        let host: SimulatorHost
        let client = CurlClient()

        init(_ settings: PascomSimulatorSettings = PascomSimulatorSettings()) throws {
            simulator = PascomSimulator(settings: settings)
            host = SimulatorHost(simulator: simulator)
            try host.start()
        }

        func send(_ path: String, method: String = "GET", body: String? = nil, auth: (String, String)? = ("moby", "pascom-demo-rest-password"),
                  accept: String = "application/json") async throws -> UpstreamResponse {
            let request = UpstreamRequest(method: method, url: "http://127.0.0.1:\(host.port)\(path)",
                                          headers: body == nil ? [("Accept", accept)] : [("Accept", accept), ("Content-Type", "application/json")],
                                          body: body.map { Array($0.utf8) }, basicAuth: auth, timeout: .seconds(20))
            return try await client.send(request)
        }

        func json(_ path: String) async throws -> PascomProbeJSON {
            let r = try await send(path)
            #expect(r.status == 200, "\(path)")
            #expect(r.header("Content-Type")?.hasPrefix("application/json") == true)
            return try PascomProbeJSON.parse(r.body)
        }
    }

    /// Runs `body` against a fresh simulator and always shuts it down.
    func withSimulator(_ settings: PascomSimulatorSettings = PascomSimulatorSettings(), _ body: (Running) async throws -> Void) async throws {
        let sim = try Running(settings)
        do { try await body(sim) } catch {
            await sim.host.shutdown()
            throw error
        }
        await sim.host.shutdown()
    }

    /// The docs' example answer, from the adapter tests' fixtures.
    static func doc(_ name: String) throws -> PascomProbeJSON {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PascomTests/Fixtures/\(name).json")
        return try PascomProbeJSON.parse([UInt8](Data(contentsOf: url)))
    }

    /// Every member of the doc's example exists in the simulator's answer with the same JSON
    /// type. pascom's own looseness is allowed: `null` where the doc has a value and back,
    /// `""` for an absent id where the doc shows a number.
    static func shapeIssues(doc: PascomProbeJSON, sim: PascomProbeJSON, path: String = "$") -> [String] {
        switch (doc, sim) {
        case (.object(let d), .object(let s)):
            return d.keys.sorted().flatMap { k in s[k].map { shapeIssues(doc: d[k]!, sim: $0, path: "\(path).\(k)") } ?? ["\(path).\(k) missing"] }
        case (.array(let d), .array(let s)):
            guard let first = d.first, let other = s.first else { return [] }
            return shapeIssues(doc: first, sim: other, path: path + "[0]")
        case (.null, _), (_, .null), (.string(""), .number), (.number, .string("")), (.string(""), .object), (.object, .array([])), (.array([]), .object):
            return []
        case (.string, .string), (.number, .number), (.bool, .bool):
            return []
        default:
            return ["\(path): doc \(doc) vs simulator \(sim)"]
        }
    }

    static func first(_ v: PascomProbeJSON) -> PascomProbeJSON {
        if case .array(let a) = v, let f = a.first { return f }
        return v
    }

    @Test func everyReadEndpointHasTheDocumentedShape() async throws {
        try await withSimulator { sim in
            let queueCall = try #require(try await sim.json("/demo/services/cdr/?via=queue&limit=1").firstElement)
            let cases: [(String, PascomProbeJSON)] = [
                ("cdr", queueCall),
                ("cdr-live", Self.first(try await sim.json("/demo/services/cdr/live"))),
                ("identities", Self.first(try await sim.json("/demo/services/identity/"))),
                ("identity", try await sim.json("/demo/services/identity/tsander")),
                ("identity-states", try await sim.json("/demo/services/identity/states?keys=tsander")),
                ("queues", try await sim.json("/demo/services/queue/")),
                ("queue", try await sim.json("/demo/services/queue/Zentrale")),
                ("phonebook", try await sim.json("/demo/services/phonebook/?search=Tina")),
                ("phonebook-entry", try await sim.json("/demo/services/phonebook/40")),
                ("voicemailboxes", Self.first(try await sim.json("/demo/services/voicemailbox/"))),
                ("voicemailbox", try await sim.json("/demo/services/voicemailbox/101")),
                ("voicemail-messages", try await sim.json("/demo/services/voicemailbox/101/INBOX")),
                ("devices", try await sim.json("/demo/services/device/")),
                ("device", try await sim.json("/demo/services/device/pascom%20Softphone%20%5BTina%20Sander%5D")),
            ]
            for (name, answer) in cases {
                var doc = try Self.doc(name)
                if name == "cdr-live" || name == "voicemailboxes" { doc = Self.first(doc) }
                #expect(Self.shapeIssues(doc: doc, sim: answer).isEmpty, "\(name): \(Self.shapeIssues(doc: doc, sim: answer))")
            }
            // Keyed answers: compare one member with the doc's member.
            let states = try await sim.json("/demo/services/ipdevice/states?keys=pascom%20Softphone%20%5BTina%20Sander%5D")
            let docState = try #require(try Self.doc("ipdevice-states")["mobile 2 [Veronika Mendes]"])
            let simState = try #require(states["pascom Softphone [Tina Sander]"])
            #expect(Self.shapeIssues(doc: docState, sim: simState).isEmpty)
            // Trunk status is keyed by trunk name, then by number: `{trunk: {peer: {number: state}, register: {...}}}`.
            let trunks = try await sim.json("/demo/services/trunk/status")
            let docTrunk = try #require(try Self.doc("trunk-status")["mnet2"])
            guard case .object(let all) = trunks, let trunk = all.values.first else { Issue.record("trunk status is not keyed"); return }
            #expect(Self.shapeIssues(doc: docTrunk.removingKeys(), sim: trunk.removingKeys()).isEmpty)
            guard case .object(let register)? = trunk["register"], !register.isEmpty else { Issue.record("no registered numbers"); return }
            #expect(register.values.allSatisfy { if case .string = $0 { true } else { false } })
        }
    }

    @Test func quirksOfTheReference() async throws {
        try await withSimulator { sim in
            let record = try #require(try await sim.json("/demo/services/cdr/?limit=1").firstElement)
            guard case .string(let time)? = record["time"] else { Issue.record("time is not a string"); return }
            #expect(time.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d \+0000$"#, options: .regularExpression) != nil)
            guard case .number(let ms)? = record["timestamp"] else { Issue.record("timestamp is not a number"); return }
            #expect(ms > 1_600_000_000_000)                                  // milliseconds
            let external = try #require(try await sim.json("/demo/services/cdr/?srcinternal=false&limit=1").firstElement)
            #expect(external["srcUserId"] == .string(""))                    // "" for an empty id
            #expect(external["srcInternal"] == .bool(false))
            // 204 "No data found" for an inactive call, no body.
            let none = try await sim.send("/demo/services/cdr/live/99999")
            #expect(none.status == 204 && none.body.isEmpty)
        }
    }

    @Test func olderCDRLayoutIsASetting() async throws {
        var settings = PascomSimulatorSettings()
        settings.cdrLayout = .legacy
        settings.timeZone = TimeZone(identifier: "UTC")!
        try await withSimulator(settings) { sim in
            let record = try #require(try await sim.json("/demo/services/cdr/?limit=1").firstElement)
            #expect(Self.shapeIssues(doc: Self.first(try Self.doc("cdr-legacy")), sim: record).isEmpty)
            guard case .string(let time)? = record["time"], case .number(let ms)? = record["timestamp"] else { Issue.record("no time"); return }
            #expect(time.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"#, options: .regularExpression) != nil)
            let f = DateFormatter()
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd HH:mm:ss"
            #expect(f.string(from: Date(timeIntervalSince1970: (ms / 1000).rounded(.down))) == time)
            #expect(record["srcInternal"] == nil)
        }
    }

    @Test func basicAuthIsChecked() async throws {
        try await withSimulator { sim in
            for auth in [nil, ("moby", "wrong"), ("admin", "pascom-demo-rest-password")] as [(String, String)?] {
                let r = try await sim.send("/demo/services/cdr/", auth: auth)
                #expect(r.status == 401)
                #expect(r.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
                #expect(r.body.isEmpty)
            }
            var faults = SimulatorFaults()
            faults.loginFailure = true
            sim.simulator.control.setFaults(faults)
            #expect(try await sim.send("/demo/services/identity/").status == 401)
            #expect(sim.simulator.control.count(of: "GET /identity/") == 1)
        }
    }

    @Test func faultsUseTheVendorsErrorShape() async throws {
        try await withSimulator { sim in
            var faults = SimulatorFaults()
            faults.status = 503
            faults.onlyEndpoint = "/queue/"
            sim.simulator.control.setFaults(faults)
            let failed = try await sim.send("/demo/services/queue/")
            #expect(failed.status == 503 && failed.body.isEmpty)
            #expect(try await sim.send("/demo/services/identity/").status == 200)
            faults = SimulatorFaults()
            faults.garbageBody = true
            sim.simulator.control.setFaults(faults)
            #expect((try? PascomProbeJSON.parse(try await sim.send("/demo/services/queue/").body)) == nil)
            faults = SimulatorFaults()
            faults.closeMidBody = true
            sim.simulator.control.setFaults(faults)
            await #expect(throws: UpstreamError.self) { try await sim.send("/demo/services/cdr/") }
            #expect(sim.simulator.control.count(of: "GET /queue/") == 2)
            #expect(sim.simulator.control.count(of: "GET /cdr/") == 1)
        }
    }

    @Test func timeWindowLimitAndOrder() async throws {
        try await withSimulator { sim in
            let all = try await sim.json("/demo/services/cdr/?limit=1000").elements
            #expect(all.count == sim.simulator.cdrCount)
            let stamps = all.compactMap { if case .number(let n)? = $0["timestamp"] { Int64(n) } else { nil } }
            #expect(stamps == stamps.sorted(by: >))                          // descending by default
            #expect(Set(stamps).count < stamps.count)                        // transfer legs share a millisecond
            let upper = stamps[10]
            let window = try await sim.json("/demo/services/cdr/?timeto=\(upper)&limit=5").elements
            #expect(window.count == 5)
            #expect(window.allSatisfy { if case .number(let n)? = $0["timestamp"] { Int64(n) <= upper } else { false } })
            #expect(window.first?["timestamp"] == .number(Double(upper)))   // inclusive
            let asc = try await sim.json("/demo/services/cdr/?order=asc&limit=3").elements
            #expect(asc.first?["timestamp"] == .number(Double(stamps.last!)))
            #expect(try await sim.send("/demo/services/cdr/?limit=zero").status == 400)
            let filtered = try await sim.json("/demo/services/cdr/?dstnumber=%2549%25&limit=1000").elements
            #expect(!filtered.isEmpty && filtered.allSatisfy { if case .string(let s)? = $0["dstNumber"] { s.contains("49") } else { false } })
        }
    }

    @Test func dialPauseAndNamesWithBrackets() async throws {
        try await withSimulator { sim in
            let before = sim.simulator.activeCallCount
            let dial = try await sim.send("/demo/services/identity/agrassl/defaultdevice/action", method: "POST",
                                          body: #"{"action":"dial","destination":"101","prefix":"auto"}"#)
            #expect(dial.status == 200)
            #expect(try PascomProbeJSON.parse(dial.body) == Self.doc("defaultdevice-action"))   // {"response":"dial commited"}
            #expect(sim.simulator.activeCallCount == before + 1)
            let onDevice = try await sim.send("/demo/services/identity/tsander/device/Snom%20000413a301e5%20%5BTina%20Sander%5D/action", method: "POST",
                                              body: #"{"action":"dial","destination":"0221123"}"#)
            #expect(onDevice.status == 200)
            let notHers = try await sim.send("/demo/services/identity/tsander/device/pascom%20Softphone%20%5BAndreas%20Grassl%5D/action", method: "POST",
                                             body: #"{"action":"dial","destination":"0221123"}"#)
            #expect(notHers.status == 404)

            let pause = try await sim.send("/demo/services/queue/Support%20%5B2nd%20level%5D/action", method: "POST",
                                           body: #"{ "action": "pause", "identity": "lmeier", "reason": "lunch" }"#)
            #expect(pause.status == 200)
            #expect(Self.shapeIssues(doc: try Self.doc("queue-action"), sim: try PascomProbeJSON.parse(pause.body)).isEmpty)
            #expect(sim.simulator.isPaused(agent: "lmeier", queue: "Support [2nd level]") == true)
            let q = try await sim.json("/demo/services/queue/Support%20%5B2nd%20level%5D")
            #expect(q["members"]?.elements.first { $0["agent"] == .string("lmeier") }?["pausereason"] == .string("lunch"))
            #expect(try await sim.send("/demo/services/queue/Zentrale/action", method: "POST", body: #"{"action":"pause","identity":"lmeier"}"#).status == 404)
        }
    }

    @Test func phonebookWritesAndVoicemail() async throws {
        try await withSimulator { sim in
            let created = try await sim.send("/demo/services/phonebook/", method: "POST", body: #"{ "type": "028phonebook", "displayname": "Chaos Computer - Michael Mustermann", "firstname": "Michael", "surname": "Mustermann", "phone": "0991123455677", "email": "mmustermann@cc.de", "fax": "0991123455671", "mobile": "017712345678", "homephone": "0991123455677", "organisation": "Chaos Computer", "notes": "Some Notes about the contact", "labelList": [] }"#)
            #expect(created.status == 200)
            let entry = try PascomProbeJSON.parse(created.body)
            #expect(Self.shapeIssues(doc: try Self.doc("phonebook-entry"), sim: entry).isEmpty)
            guard case .number(let id)? = entry["id"] else { Issue.record("no id"); return }
            let path = "/demo/services/phonebook/\(Int(id))"
            #expect(try await sim.send(path, method: "POST", body: #"{"type":"028phonebook","displayname":"Renamed","phone":"1"}"#).status == 200)
            #expect(try await sim.json(path)["displayname"] == .string("Renamed"))
            #expect(try await sim.send(path, method: "POST", body: #"{"displayname": 5}"#).status == 400)
            #expect(try await sim.send(path, method: "DELETE").status == 200)
            #expect(try await sim.send(path).status == 404)
            #expect(try await sim.send("/demo/services/phonebook/3", method: "DELETE").status == 403)   // a PBX user

            let messages = try await sim.json("/demo/services/voicemailbox/101/*").elements
            let first = try #require(messages.first)
            guard case .string(let msgId)? = first["msg_id"], case .string(let file)? = first["id"], case .string(let folder)? = first["folder"] else {
                Issue.record("message without ids"); return
            }
            for url in ["/demo/services/voicemailbox/101/*/\(msgId)", "/demo/asset/voicemailbox/101/\(folder)/\(file)"] {
                let audio = try await sim.send(url, accept: "audio/x-wav")
                #expect(audio.status == 200)
                #expect(audio.header("Content-Type") == "audio/x-wav")
                #expect(Array(audio.body.prefix(4)) == Array("RIFF".utf8) && Array(audio.body[8..<12]) == Array("WAVE".utf8))
            }
            let count = sim.simulator.voicemailCount(mailbox: "101")
            #expect(try await sim.send("/demo/services/voicemailbox/101/*/\(msgId)", method: "DELETE").status == 200)
            #expect(sim.simulator.voicemailCount(mailbox: "101") == count - 1)
            #expect(try await sim.send("/demo/services/voicemailbox/101/*/\(msgId)").status == 404)
        }
    }
}

extension PascomProbeJSON {
    static func parse(_ bytes: [UInt8]) throws -> PascomProbeJSON { try JSONDecoder().decode(PascomProbeJSON.self, from: Data(bytes)) }
    var elements: [PascomProbeJSON] { if case .array(let a) = self { a } else { [] } }
    var firstElement: PascomProbeJSON? { elements.first }
}

/// The simulators target does not see PBXCore; a tiny JSON value for comparisons.
enum PascomProbeJSON: Equatable, Decodable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([PascomProbeJSON]), object([String: PascomProbeJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([PascomProbeJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: PascomProbeJSON].self)) }
    }

    /// The object's values without their (data) keys, for maps keyed by names.
    func removingKeys() -> PascomProbeJSON {
        guard case .object(let o) = self else { return self }
        return .object(o.mapValues { v in if case .object(let inner) = v, !inner.isEmpty, inner.values.allSatisfy({ if case .string = $0 { true } else { false } }) { .string("map") } else { v.removingKeys() } })
    }

    subscript(key: String) -> PascomProbeJSON? { if case .object(let o) = self { o[key] } else { nil } }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let n): "\(n)"
        case .string(let s): "\"\(s)\""
        case .array: "[...]"
        case .object: "{...}"
        }
    }
}
