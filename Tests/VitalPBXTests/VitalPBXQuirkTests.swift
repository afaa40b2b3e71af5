import Foundation
import PBXCore
import Testing
@testable import VitalPBX

@Suite struct VitalPBXQuirkTests {
    struct Probe: Decodable {
        var s: String?, i: Int?, b: Bool?, list: [String]
        enum CodingKeys: String, CodingKey { case s, i, b, list }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            s = c.lenientString(.s); i = c.lenientInt(.i); b = c.lenientBool(.b); list = c.lenientStrings(.list)
        }
    }

    func probe(_ json: String) throws -> Probe { try JSONDecoder().decode(Probe.self, from: Data(json.utf8)) }

    @Test func stringOrIntAndEmptyMeansNone() throws {
        #expect(try probe(#"{"s": 3, "i": "42", "b": "yes", "list": [1, "0"]}"#).s == "3")
        let p = try probe(#"{"s": 3, "i": "42", "b": "yes", "list": [1, "0"]}"#)
        #expect(p.i == 42 && p.b == true && p.list == ["1", "0"])
        let q = try probe(#"{"s": "", "i": "", "b": "0", "list": []}"#)
        #expect(q.s == nil && q.i == nil && q.b == false && q.list.isEmpty)
        let r = try probe(#"{"s": null, "i": 7.0, "b": true}"#)
        #expect(r.s == nil && r.i == 7 && r.b == true && r.list.isEmpty)
        #expect(try probe(#"{"i": "x"}"#).i == nil)
    }

    @Test func callDatesInTheTenantZone() {
        #expect(VitalPBXTime.parse("2026-07-01 12:00:00", timeZone: berlin) == utc("2026-07-01T10:00:00Z"))   // CEST
        #expect(VitalPBXTime.parse("2026-01-01 12:00:00", timeZone: berlin) == utc("2026-01-01T11:00:00Z"))   // CET
        #expect(VitalPBXTime.parse("2026-01-01", timeZone: .gmt) == utc("2026-01-01T00:00:00Z"))
        #expect(VitalPBXTime.parse("1565987730", timeZone: berlin) == Date(timeIntervalSince1970: 1565987730))
        #expect(VitalPBXTime.parse("1565987730123", timeZone: .gmt) == Date(timeIntervalSince1970: 1565987730.123))
        #expect(VitalPBXTime.parse("2026-13-01 00:00:00", timeZone: .gmt) == nil)
        #expect(VitalPBXTime.parse("2026-02-29 00:00:00", timeZone: .gmt) == nil)
        #expect(VitalPBXTime.parse("2028-02-29 23:59:59", timeZone: .gmt) == utc("2028-02-29T23:59:59Z"))
        #expect(VitalPBXTime.parse("1999-12-31 23:00:00", timeZone: berlin) == utc("1999-12-31T22:00:00Z"))
        // Around the spring-forward and fall-back changes in Berlin.
        #expect(VitalPBXTime.parse("2026-03-29 01:59:59", timeZone: berlin) == utc("2026-03-29T00:59:59Z"))
        #expect(VitalPBXTime.parse("2026-03-29 03:00:00", timeZone: berlin) == utc("2026-03-29T01:00:00Z"))
        #expect(VitalPBXTime.parse("2026-10-25 01:30:00", timeZone: berlin) == utc("2026-10-24T23:30:00Z"))
        #expect(VitalPBXTime.parse("2026-10-25 03:30:00", timeZone: berlin) == utc("2026-10-25T02:30:00Z"))
        #expect(VitalPBXTime.parse("0000-00-00 00:00:00", timeZone: .gmt) == nil)
        #expect(VitalPBXTime.parse("yesterday", timeZone: .gmt) == nil)
        #expect(VitalPBXTime.parse(nil, timeZone: .gmt) == nil)
        #expect(VitalPBXTime.day(utc("2026-01-01T23:30:00Z"), timeZone: berlin) == "2026-01-02")
    }

    @Test func statusEnvelopeAndErrorShape() throws {
        let error = try JSONDecoder().decode(VitalPBXStatus.self, from: Fixture.bytes("error"))
        #expect(!error.isSuccess)
        #expect(error.message == "Invalid app-key")
        let summary = try JSONDecoder().decode(VitalPBXStatus.self, from: Fixture.bytes("extension-cdr-summary"))
        #expect(summary.isSuccess)
        #expect(VitalPBXClient.summary(String(repeating: "x", count: 500)).count == 120)
        #expect(VitalPBXClient.summary("a\u{1}b\nc") == "a b c")
        #expect(VitalPBXClient.summary(nil) == "no message")
    }

    @Test func recordsWithoutAnIDAreRefused() throws {
        for body in [#"{"status":"success","data":[{"extension":"100"}]}"#, #"{"status":"success","data":[{"extension_id":"","extension":"100"}]}"#] {
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode(VitalPBXEnvelope<VitalPBXOneOrMany<VitalPBXExtension>>.self, from: Data(body.utf8))
            }
        }
        let alternate = #"{"status":"success","data":[{"id":5,"name":"Q"}]}"#      // `id` where `queue_id` is usual
        #expect(try JSONDecoder().decode(VitalPBXEnvelope<VitalPBXOneOrMany<VitalPBXQueue>>.self, from: Data(alternate.utf8)).data.items.map(\.id) == ["5"])
    }

    @Test func voicemailMessageNames() throws {
        let r = #"{"recfile": "/static/h/voicemail/100/INBOX/msg0003.wav"}"#
        #expect(try JSONDecoder().decode(VitalPBXVoicemailRecord.self, from: Data(r.utf8)).messageName == "msg0003")
        #expect(VitalPBXMapping.splitMessageID("INBOX-msg0003")! == ("INBOX", "msg0003"))
        #expect(VitalPBXMapping.splitMessageID("INBOX") == nil)
        #expect(VitalPBXMapping.splitMessageID("-msg") == nil)
    }
}
