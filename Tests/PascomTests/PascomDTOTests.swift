import Foundation
import PBXCore
import Testing
@testable import Pascom

@Suite("pascom DTO quirks")
struct PascomDTOTests {
    @Test func lenientScalars() throws {
        let o = try PascomBody.object(Array(#"{"a": 3, "b": "9", "c": "", "d": null, "e": "x", "f": 1, "g": "256", "h": "512", "i": false, "j": 2.5}"#.utf8), what: "t")
        #expect(o.int("a") == 3)
        #expect(o.int("b") == 9)
        #expect(o.int("c") == nil)
        #expect(o.int("d") == nil)
        #expect(o.int("e") == nil)
        #expect(o.int("j") == nil)
        #expect(o.string("a") == "3")
        #expect(o.string("c") == nil)                 // "" means "none" in CDR records
        #expect(o.string("e") == "x")
        #expect(o.bool("f") == true)
        #expect(o.bool("g") == true)                  // 036que_joinempty: 256 = true
        #expect(o.bool("h") == false)                 // 512 = false
        #expect(o.bool("i") == false)
        #expect(o.bool("e") == nil)
    }

    @Test func listsAcceptArraysSingleObjectsAndNothing() throws {
        #expect(try PascomBody.list(Array("[{\"a\":1},{\"a\":2}]".utf8)).count == 2)
        #expect(try PascomBody.list(Array("{\"a\":1}".utf8)).count == 1)       // as the docs print lists
        #expect(try PascomBody.list([]).isEmpty)                                // 204 No Content
        #expect(try PascomBody.list(Array("[]".utf8)).isEmpty)
        #expect(throws: PascomDecodingError.self) { try PascomBody.list(Array("<html>".utf8)) }
        #expect(throws: PascomDecodingError.self) { try PascomBody.list(Array("\"text\"".utf8)) }
    }

    @Test func dataIsObjectOrEmptyArray() throws {
        var o = try #require(Fixture.list("cdr").first).fields
        o["data"] = .array([])                         // /monitor's PHP empty array
        let r = try PascomCallRecord(PascomObject(o))
        #expect(r.queueName == nil)
    }

    @Test func bothTimeFormats() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        #expect(PascomTime.parse("2020-09-24T08:47:47 +0000", zone: berlin) == Date(timeIntervalSince1970: 1600937267))
        #expect(PascomTime.parse("2020-09-24T10:47:47 +0200", zone: .gmt) == Date(timeIntervalSince1970: 1600937267))
        // The older layout has no offset: it is the PBX's local time.
        #expect(PascomTime.parse("2019-07-05 09:58:17", zone: berlin) == Date(timeIntervalSince1970: 1562313497))
        #expect(PascomTime.parse("2019-07-05 09:58:17", zone: .gmt) == Date(timeIntervalSince1970: 1562320697))
        #expect(PascomTime.parse("yesterday", zone: .gmt) == nil)
    }

    @Test func timeIsUsedWhenTimestampIsMissing() throws {
        var o = try #require(Fixture.list("cdr").first).fields
        o["timestamp"] = .string("")
        let call = try PascomMapping.germany.call(PascomCallRecord(PascomObject(o)))
        #expect(call.startedAt == Date(timeIntervalSince1970: 1600937267))
        o["time"] = nil
        #expect(throws: PascomDecodingError.self) { try PascomMapping.germany.call(PascomCallRecord(PascomObject(o))) }
    }

    @Test func recordsNeedTheirKeys() {
        #expect(throws: PascomDecodingError.self) { try PascomCallRecord(PascomObject(["timestamp": .number(1)])) }
        #expect(throws: PascomDecodingError.self) { try PascomIdentity(PascomObject(["003use_bez": .string("x")])) }
        #expect(throws: PascomDecodingError.self) { try PascomVoicemailMessage(PascomObject(["id": .string("msg0000")])) }
    }

    @Test func decodableConformanceReadsTheSameRecords() throws {
        let records = try JSONDecoder().decode([PascomCallRecord].self, from: Data(Fixture.bytes("cdr-legacy")))
        #expect(records.first?.id == "1")
        let entry = try JSONDecoder().decode(PascomPhonebookEntry.self, from: Data(Fixture.bytes("phonebook-entry")))
        #expect(entry.id == "23")
    }

    @Test func secretsNeverReachRaw() throws {
        let raw = try PascomObject(["013pee_password": .string("p"), "013pee_password_md5": .string("m"),
                                    "071ipp_authpass_md5": .string("a"), "md5pass": .string("h"),
                                    "nested": .object(["011acc_pin": .string("1234")]), "003use_name": .string("u")]).redacted
        #expect(raw == .object(["nested": .object([:]), "003use_name": .string("u")]))
    }
}
