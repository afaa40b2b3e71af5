import Foundation
import HTTPServer
import Synchronization
import Testing
import Upstream
@testable import Simulators

/// Drives the fonial simulator over real HTTP with the requests printed in the fonial docs
/// and compares the answers' shape (names and JSON types) with the docs' answers, which are
/// the fixtures of Tests/FonialTests (copied verbatim from the docs).
@Suite struct FonialSimulatorTests {
    /// The docs' example credentials, so their authenticate request is sent as printed.
    static func docsSettings() -> FonialSimulatorSettings {
        var s = FonialSimulatorSettings()
        s.username = "info@fonial.de"
        s.password = "xxxxxxxxxxx"
        return s
    }

    @Test func sessionAndAuthenticateAnswerLikeTheDocs() async throws {
        try await FonialSimulatorHarness.with(Self.docsSettings()) { h in
            let created = try await h.post("/session", h.docs("session-request"))
            #expect(created.status == 200)
            #expect(created.contentType == "text/json")
            #expect(created.json.shape == (try h.docsAnswer("session-response")).shape)
            let sid = try #require(created.json["sid"]?.string)
            #expect(sid.count == 36)

            let auth = try await h.post("/session/authenticate", h.docs("authenticate-request", sid: sid))
            #expect(auth.json.shape == (try h.docsAnswer("authenticate-response")).shape)
            #expect(auth.json["authenticated"] == .bool(true))
            #expect(auth.json["sid"]?.string == sid)
            #expect(h.host.simulator.control.count(of: "POST /session") == 1)
            #expect(h.host.simulator.control.count(of: "POST /session/authenticate") == 1)
        }
    }

    @Test func dataMethodsAnswerLikeTheDocs() async throws {
        try await FonialSimulatorHarness.with(Self.docsSettings()) { h in
            let sid = try await h.login()
            let devices = try await h.post("/devices/get", h.docs("devices-request", sid: sid))
            #expect(devices.contentType == "text/json;charset=UTF-8")
            #expect(devices.json.shape == (try h.docsAnswer("devices-response")).shape)
            #expect(devices.json["devices"]?.array?.contains { $0["id"] == .number(23) && $0["name"] == .string("Telefon Martin Mustermann") } == true)

            let numbers = try await h.post("/numbers/get", h.docs("numbers-request", sid: sid))
            #expect(numbers.json.shape == (try h.docsAnswer("numbers-response")).shape)

            // The docs' windows lie in 2016; the same requests over the last two days.
            let (start, end) = h.lastDays(2)
            let evn = try await h.post("/evn/get", h.docs("evn-request", sid: sid, start: start, end: end))
            #expect(evn.json.shape == (try h.docsAnswer("evn-response")).shape)
            #expect((evn.json["evn"]?.array?.count ?? 0) >= 5)

            let journal = try await h.post("/journal/get", h.docs("journal-request", sid: sid, start: start, end: end))
            // The docs' journal example is broken JSON; compared after fixing its two typos.
            let repaired = try h.docs("journal-response").replacingOccurrences(of: "12:00:00\n", with: "12:00:00\",\n")
            #expect(journal.json.shape == (try FonialShapeJSON.parse(repaired)).shape)
            let statuses = Set(journal.json["journal"]?.array?.compactMap { $0["status"]?.string } ?? [])
            #expect(statuses.contains("TAKEN") && statuses.count >= 3)
        }
    }

    @Test func callbackFromTheDocsIsBookedIntoTheEVN() async throws {
        try await FonialSimulatorHarness.with(Self.docsSettings()) { h in
            let sid = try await h.login()
            let answer = try await h.post("/call/callback", h.docs("callback-request", sid: sid))
            #expect(answer.json.shape == (try h.docsAnswer("callback-response")).shape)
            #expect(answer.json["status"]?.string == "ok")
            let (start, end) = h.lastDays(1, ahead: 60)
            let evn = try await h.post("/evn/get", h.docs("evn-request", sid: sid, start: start, end: end))
            let booked = evn.json["evn"]?.array?.filter { $0["to"]?.string == "+4922166966966" && $0["target"]?.string == "Telefon Empfang" }
            #expect(booked?.count == 1)

            let unknown = try await h.post("/call/callback", #"{"sid":"\#(sid)","device":999999,"target":"+4922166966966"}"#)
            #expect(unknown.json["status"]?.string == "error")
            #expect(unknown.json["error"]?.string?.contains("device") == true)
            let national = try await h.post("/call/callback", #"{"sid":"\#(sid)","device":1234,"target":"022166966966"}"#)
            #expect(national.json["status"]?.string == "error")
            #expect(h.simulator.callbackCount == 1)
        }
    }

    @Test func sessionsAreCheckedAsFonialDoes() async throws {
        try await FonialSimulatorHarness.with(Self.docsSettings()) { h in
            let created = try await h.post("/session", "{}")
            let sid = try #require(created.json["sid"]?.string)
            // Not yet authenticated.
            let early = try await h.post("/devices/get", #"{"sid":"\#(sid)"}"#)
            #expect(early.status == 200)
            #expect(early.json["status"]?.string == "error")
            #expect(early.json["error"]?.string == "session invalid")
            #expect(early.json["sid"] == .null)
            // Wrong password.
            let wrong = try await h.post("/session/authenticate", #"{"sid":"\#(sid)","username":"info@fonial.de","password":"nope"}"#)
            #expect(wrong.json["authenticated"] == .bool(false))
            // Unknown sid, missing sid, not JSON.
            for body in [#"{"sid":"00000000-0000-0000-0000-000000000000"}"#, "{}", "sid=1"] {
                let answer = try await h.post("/numbers/get", body)
                #expect(answer.json["status"]?.string == "error")
            }
            // A window is mandatory.
            let good = try await h.login()
            let noWindow = try await h.post("/evn/get", #"{"sid":"\#(good)"}"#)
            #expect(noWindow.json["status"]?.string == "error")
        }
    }

    @Test func authenticatedAsStringAndReasonFieldAreSettings() async throws {
        var settings = Self.docsSettings()
        settings.authenticatedStyle = .stringOne
        settings.errorField = "reason"
        try await FonialSimulatorHarness.with(settings) { h in
            let sid = try #require(try await h.post("/session", "{}").json["sid"]?.string)
            let auth = try await h.post("/session/authenticate", h.docs("authenticate-request", sid: sid))
            #expect(auth.json["authenticated"] == .string("1"))
            let bad = try await h.post("/devices/get", #"{"sid":"nope"}"#)
            #expect(bad.json["reason"]?.string == "session invalid")
            #expect(bad.json["error"] == nil)
        }
    }

    @Test func faultStatusUsesFonialsErrorShape() async throws {
        try await FonialSimulatorHarness.with(Self.docsSettings()) { h in
            var faults = SimulatorFaults()
            faults.status = 503
            faults.onlyEndpoint = "/numbers/get"
            h.simulator.control.setFaults(faults)
            let sid = try await h.login()
            let answer = try await h.post("/numbers/get", #"{"sid":"\#(sid)"}"#)
            #expect(answer.status == 503)
            #expect(answer.json["status"]?.string == "error")
            #expect(answer.json["error"]?.string != nil)
            #expect(h.simulator.control.count(of: "POST /numbers/get") == 1)
        }
    }

    @Test func sessionExpiresAfterRequests() async throws {
        try await FonialSimulatorHarness.with(Self.docsSettings()) { h in
            var faults = SimulatorFaults()
            faults.sessionExpiryAfterRequests = 2
            h.simulator.control.setFaults(faults)
            let sid = try await h.login()
            for _ in 0..<2 { #expect(try await h.post("/devices/get", #"{"sid":"\#(sid)"}"#).json["status"]?.string == "ok") }
            let third = try await h.post("/devices/get", #"{"sid":"\#(sid)"}"#)
            #expect(third.json["error"]?.string == "session invalid")
            let fresh = try await h.login()
            #expect(try await h.post("/devices/get", #"{"sid":"\#(fresh)"}"#).json["status"]?.string == "ok")
        }
    }

    @Test func sessionExpiresAfterSecondsOnTheSimulatorClock() async throws {
        let clock = FonialManualDate(Date())
        var settings = Self.docsSettings()
        settings.now = { clock.now }
        try await FonialSimulatorHarness.with(settings) { h in
            var faults = SimulatorFaults()
            faults.sessionExpiryAfterSeconds = 30
            h.simulator.control.setFaults(faults)
            let sid = try await h.login()
            clock.advance(29)
            #expect(try await h.post("/numbers/get", #"{"sid":"\#(sid)"}"#).json["status"]?.string == "ok")
            clock.advance(1)
            #expect(try await h.post("/numbers/get", #"{"sid":"\#(sid)"}"#).json["status"]?.string == "error")
        }
    }

    @Test func loginFailureAndForcedExpiry() async throws {
        try await FonialSimulatorHarness.with(Self.docsSettings()) { h in
            let sid = try await h.login()
            h.simulator.expireAllSessions()
            #expect(try await h.post("/numbers/get", #"{"sid":"\#(sid)"}"#).json["status"]?.string == "error")
            var faults = SimulatorFaults()
            faults.loginFailure = true
            h.simulator.control.setFaults(faults)
            let next = try #require(try await h.post("/session", "{}").json["sid"]?.string)
            let auth = try await h.post("/session/authenticate", h.docs("authenticate-request", sid: next))
            #expect(auth.json["authenticated"] == .bool(false))
            #expect(h.simulator.openSessions == 1)
        }
    }
}

/// A settable clock for the simulator.
final class FonialManualDate: Sendable {
    private let value: Mutex<Date>
    init(_ start: Date) { value = Mutex(start) }
    var now: Date { value.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { value.withLock { $0.addTimeInterval(seconds) } }
}
