import Foundation
import PBXCore
import Testing
@testable import Fonial

/// The vendor's quirks, each tolerated in FonialDTO.swift and nowhere else.
@Suite struct FonialDTOTests {
    private func envelope(_ json: String) throws -> FonialEnvelope {
        try FonialJSON.decode(FonialEnvelope.self, from: Array(json.utf8))
    }

    @Test(arguments: [
        (#"{"status":"ok","authenticated":true}"#, true),
        (#"{"status":"ok","authenticated":"1"}"#, true),
        (#"{"status":"ok","authenticated":1}"#, true),
        (#"{"status":"ok","authenticated":"true"}"#, true),
        (#"{"status":"ok","authenticated":false}"#, false),
        (#"{"status":"ok","authenticated":"0"}"#, false),
        (#"{"status":"ok","authenticated":0}"#, false),
    ])
    func authenticatedAcceptsBoolStringAndNumber(json: String, expected: Bool) throws {
        #expect(try envelope(json).authenticated == expected)
    }

    @Test func errorTextComesFromErrorOrReason() throws {
        #expect(try envelope(#"{"sid":null,"status":"error","error":"session invalid"}"#).error == "session invalid")
        #expect(try envelope(#"{"sid":null,"status":"error","reason":"session invalid"}"#).error == "session invalid")
        #expect(try envelope(#"{"status":"error","error":{"code":7}}"#).error == "(structured error)")
        let e = try envelope(#"{"sid":null,"status":"error"}"#)
        #expect(e.sid == nil && e.error == nil && !e.isOK)
    }

    @Test func idsMayBeIntegersStringsOrFloats() throws {
        let json = #"{"devices":[{"id":23,"name":"A"},{"id":"674","name":"B"},{"id":12.0,"name":""}]}"#
        let devices = try #require(try FonialJSON.decode(FonialDevicesPayload.self, from: Array(json.utf8)).devices)
        #expect(devices.map(\.id) == ["23", "674", "12"])
        #expect(devices[2].name == nil)
    }

    @Test func recordWithoutIdIsRefused() {
        let json = #"{"numbers":[{"number":"+4922166966966","id":""}]}"#
        #expect(throws: (any Error).self) { try FonialJSON.decode(FonialNumbersPayload.self, from: Array(json.utf8)) }
    }

    @Test func emptyStringsAndNullsAreAbsent() throws {
        let json = #"{"evn":[{"from":"","to":null,"dateStart":"2024-01-02 03:04:05","dateEnd":"","duration":"42","costs":0.25,"sipuser":"","target":null}]}"#
        let r = try #require(try FonialJSON.decode(FonialEVNPayload.self, from: Array(json.utf8)).evn?.first)
        #expect(r.from == nil && r.to == nil && r.dateEnd == nil && r.sipuser == nil && r.target == nil)
        #expect(r.duration == 42)
        #expect(r.costs == "0.25")
        #expect(r.dateStart == FonialLocalTime(year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5))
    }

    @Test func trailingCommasAreAcceptedAndStringsKeptIntact() throws {
        let json = "{\"a\": [1, 2, ], \"b\": \"x, ]\", \"c\": {\"d\": \",}\",\r\n\t},}"
        let value = try FonialJSON.parse(Array(json.utf8))
        #expect(value == .object(["a": .array([.number(1), .number(2)]), "b": .string("x, ]"), "c": .object(["d": .string(",}")])]))
    }

    @Test(arguments: ["{\"a\": 1,,}", "[,]", "{\"a\" 1}", "{\"a\": \"x\ny\"}", "{\"a\": tru}", "{\"a\": 1} x",
                      "{\"a\": \"\\q\"}", "", "{\"a\": 01e}", "{\"a\": [1, 2}"])
    func notJSONIsRefused(text: String) {
        #expect(throws: FonialJSON.SyntaxError.self) { try FonialJSON.parse(Array(text.utf8)) }
    }

    @Test func escapesAndUnicode() throws {
        let json = #"{"s": "a\"b\\c\/d\n\u00e4\ud83d\ude00"}"#
        #expect(try FonialJSON.parse(Array(json.utf8))["s"] == .string("a\"b\\c/d\nä😀"))
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: FonialJSON.SyntaxError.self) { try FonialJSON.parse(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(throws: Never.self) { try FonialJSON.parse(Array(fine.utf8)) }
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let body: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"status":"ok","sid":"s"}"#.utf8)
        #expect(try FonialJSON.decode(FonialEnvelope.self, from: body).sid == "s")
    }

    @Test func missingListInOkAnswerIsEmpty() throws {
        let payload = try FonialJSON.decode(FonialJournalPayload.self, from: Array(#"{"sid":"s","status":"ok"}"#.utf8))
        #expect(payload.journal == nil)
    }

    @Test(arguments: ["2016-08-01 10:15:16", "2016-08-01T10:15:16", " 2016-08-01 10:15:16 "])
    func localTimesParse(text: String) {
        #expect(FonialLocalTime(parsing: text)?.description == "2016-08-01 10:15:16")
    }

    @Test(arguments: ["", "0000-00-00 00:00:00", "2016-13-01 10:15:16", "2016-08-01", "1470039316", "2016-08-01 25:00:00", "2016/08/01 10:15:16"])
    func oddLocalTimesAreRejected(text: String) {
        #expect(FonialLocalTime(parsing: text) == nil)
    }

    @Test func localTimesRoundTripThroughTheTenantZone() throws {
        let zone = FonialFixtures.berlin
        let summer = try #require(FonialLocalTime(parsing: "2024-07-01 12:00:00")?.date(in: zone))
        #expect(summer == FonialFixtures.utc(2024, 7, 1, 10, 0, 0))
        let winter = try #require(FonialLocalTime(parsing: "2024-01-01 12:00:00")?.date(in: zone))
        #expect(winter == FonialFixtures.utc(2024, 1, 1, 11, 0, 0))
        #expect(FonialLocalTime(summer, in: zone).description == "2024-07-01 12:00:00")
        #expect(FonialLocalTime(summer, in: TimeZone(identifier: "UTC")!).description == "2024-07-01 10:00:00")
    }
}
