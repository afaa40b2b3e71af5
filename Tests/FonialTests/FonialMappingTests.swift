import Foundation
import PBXCore
import Testing
@testable import Fonial

/// Mapping fed by the fonial docs' own response examples (Fixtures/*-response.json).
@Suite struct FonialMappingTests {
    @Test func devicesExampleMapsEveryField() throws {
        let payload = try FonialJSON.decode(FonialDevicesPayload.self, from: FonialFixtures.bytes("devices-response"))
        let devices = (payload.devices ?? []).map(FonialMapping.device)
        #expect(devices.map(\.id) == ["23", "674"])
        #expect(devices.map(\.name) == ["Telefon Martin Mustermann", "Telefon Bettina Beispiel"])
        #expect(devices.allSatisfy { $0.userId == nil && $0.state == nil })
        #expect(devices[0].raw?["name"] == .string("Telefon Martin Mustermann"))
        #expect(devices[0].raw?["id"] == .number(23))
    }

    @Test func numbersExampleMapsEveryField() throws {
        let payload = try FonialJSON.decode(FonialNumbersPayload.self, from: FonialFixtures.bytes("numbers-response"))
        let numbers = (payload.numbers ?? []).map { FonialMapping.number($0, context: FonialFixtures.mapping) }
        #expect(numbers.map(\.id) == ["21", "276"])
        #expect(numbers.map(\.number) == ["+4922166966966", "+4922166966999"])
        #expect(numbers[1].raw?["number"] == .string("+4922166966999"))
    }

    @Test func evnExampleMapsEveryField() throws {
        let envelope = try FonialJSON.decode(FonialEnvelope.self, from: FonialFixtures.bytes("evn-response"))
        #expect(envelope.isOK)
        let payload = try FonialJSON.decode(FonialEVNPayload.self, from: FonialFixtures.bytes("evn-response"))
        let calls = try FonialMapping.calls(evn: payload.evn ?? [], context: FonialFixtures.mapping)
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call.direction == .outbound)
        #expect(call.status == .answered)
        // 10:15:16 in Berlin summer time (UTC+2).
        #expect(call.startedAt == FonialFixtures.utc(2016, 8, 1, 8, 15, 16))
        #expect(call.answeredAt == call.startedAt)
        #expect(call.endedAt == FonialFixtures.utc(2016, 8, 1, 8, 25, 23))
        // The docs' example says 667 s although the dates are 607 s apart: `duration` wins.
        #expect(call.durationSeconds == 667)
        #expect(call.talkSeconds == 667)
        #expect(call.from == Party(number: "+4922166966966", rawNumber: "+4922166966966", name: "Telefon Empfang"))
        #expect(call.to == Party(number: "+4922111223344", rawNumber: "+4922111223344"))
        #expect(call.costs == "0.1000")
        #expect(call.queueId == nil && call.recordingId == nil)
        #expect(call.raw?["destination"] == .string("Deutschland (Festnetz)"))
        #expect(call.raw?["sipuser"] == .string("fo212345ip12345_00"))
        let id = try #require(FonialCallID(parsing: call.id))
        #expect(id.kind == .evn)
        #expect(id.time.description == "2016-08-01 10:15:16")
    }

    /// Decision (CATALOGUE §8.54): trailing commas are tolerated, but the journal example's
    /// unterminated `date` string is not JSON any parser could trust, so it is refused.
    @Test func journalExampleAsPrintedIsRefused() throws {
        let body = try FonialFixtures.bytes("journal-response")
        #expect(throws: (any Error).self) { try FonialJSON.decode(FonialJournalPayload.self, from: body) }
        #expect(throws: (any Error).self) { try FonialJSON.decode(FonialEnvelope.self, from: body) }
    }

    /// The same example with only its two typos fixed (closing quote, comma) maps fully.
    @Test func journalExampleRepairedMapsEveryField() throws {
        let text = try FonialFixtures.text("journal-response")
            .replacingOccurrences(of: "\"2017-01-01 12:00:00\n", with: "\"2017-01-01 12:00:00\",\n")
        let payload = try FonialJSON.decode(FonialJournalPayload.self, from: Array(text.utf8))
        let calls = try FonialMapping.calls(journal: payload.journal ?? [], context: FonialFixtures.mapping)
        let call = try #require(calls.first)
        #expect(calls.count == 1)
        #expect(call.direction == .inbound)
        #expect(call.status == .answered)
        // 12:00 in Berlin winter time (UTC+1).
        #expect(call.startedAt == FonialFixtures.utc(2017, 1, 1, 11, 0, 0))
        #expect(call.answeredAt == nil && call.endedAt == nil)
        #expect(call.durationSeconds == nil && call.talkSeconds == nil)
        #expect(call.from == Party(number: "+4922166966966", rawNumber: "+4922166966966"))
        #expect(call.to == Party(number: "+4922111223344", rawNumber: "+4922111223344"))
        #expect(call.costs == nil)
        #expect(call.raw?["status"] == .string("TAKEN"))
        #expect(call.id.hasPrefix("jrn-20170101120000-"))
    }

    @Test func sessionAndAuthenticateExamplesDecode() throws {
        let session = try FonialJSON.decode(FonialEnvelope.self, from: FonialFixtures.bytes("session-response"))
        #expect(session.isOK && session.sid == "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
        let auth = try FonialJSON.decode(FonialEnvelope.self, from: FonialFixtures.bytes("authenticate-response"))
        #expect(auth.isOK && auth.authenticated == true)
        let callback = try FonialJSON.decode(FonialEnvelope.self, from: FonialFixtures.bytes("callback-response"))
        #expect(callback.isOK && callback.authenticated == nil)
    }

    @Test func mergeIsNewestFirstWithStableTies() throws {
        let evn = [record(evnAt: "2024-03-01 10:00:00", to: "+491"), record(evnAt: "2024-03-01 12:00:00", to: "+492")]
        let journal = [record(journalAt: "2024-03-01 11:00:00", from: "+493"), record(journalAt: "2024-03-01 12:00:00", from: "+494")]
        let merged = FonialMapping.merged(try FonialMapping.calls(evn: evn, context: FonialFixtures.mapping),
                                          try FonialMapping.calls(journal: journal, context: FonialFixtures.mapping))
        #expect(merged.map(\.startedAt) == merged.map(\.startedAt).sorted(by: >))
        // Same second: the id decides, and `jrn-` sorts after `evn-`, so the incoming call is first.
        #expect(merged.map(\.direction) == [.inbound, .outbound, .inbound, .outbound])
        let again = FonialMapping.merged(try FonialMapping.calls(evn: evn.reversed(), context: FonialFixtures.mapping),
                                         try FonialMapping.calls(journal: journal.reversed(), context: FonialFixtures.mapping))
        #expect(again.map(\.id) == merged.map(\.id))
    }

    @Test func identicalRecordsGetNumberedTwins() throws {
        let twin = record(evnAt: "2024-03-01 10:00:00", to: "+491")
        let calls = try FonialMapping.calls(evn: [twin, twin, twin], context: FonialFixtures.mapping)
        #expect(Set(calls.map(\.id)).count == 3)
        #expect(calls[1].id == calls[0].id + "-2")
        #expect(calls[2].id == calls[0].id + "-3")
        #expect(FonialCallID(parsing: calls[2].id)?.occurrence == 3)
    }

    @Test func journalStatusesMapByMeaning() {
        #expect(FonialMapping.callStatus(journalStatus: "TAKEN") == .answered)
        #expect(FonialMapping.callStatus(journalStatus: "BUSY") == .busy)
        #expect(FonialMapping.callStatus(journalStatus: "VOICEMAIL") == .voicemail)
        #expect(FonialMapping.callStatus(journalStatus: "MISSED") == .missed)
        #expect(FonialMapping.callStatus(journalStatus: "NOT_TAKEN") == .missed)
        #expect(FonialMapping.callStatus(journalStatus: nil) == .missed)
    }

    @Test func unansweredOutgoingCallHasZeroTalkTime() throws {
        let json = #"{"evn":[{"from":"+4922166966966","to":"+4930123456","dateStart":"2024-03-01 10:00:00","dateEnd":"2024-03-01 10:00:20","duration":0,"costs":"0.0000"}]}"#
        let payload = try FonialJSON.decode(FonialEVNPayload.self, from: Array(json.utf8))
        let call = try #require(try FonialMapping.calls(evn: payload.evn ?? [], context: FonialFixtures.mapping).first)
        #expect(call.status == .missed)
        #expect(call.answeredAt == nil)
        #expect(call.talkSeconds == 0)
        #expect(call.durationSeconds == 0)
    }

    @Test func recordWithoutDateIsAnUpstreamError() throws {
        let json = #"{"journal":[{"date":"0000-00-00 00:00:00","from":"+491","to":"+492","status":"TAKEN"}]}"#
        let payload = try FonialJSON.decode(FonialJournalPayload.self, from: Array(json.utf8))
        #expect(throws: PBXError.self) { try FonialMapping.calls(journal: payload.journal ?? [], context: FonialFixtures.mapping) }
    }

    private func record(evnAt date: String, to: String) -> FonialEVNRecord {
        let json = #"{"from":"+4922166966966","to":"\#(to)","dateStart":"\#(date)","duration":5,"costs":"0.0100","sipuser":"fo1"}"#
        return try! FonialEVNRecord(json: FonialJSON.parse(Array(json.utf8)))
    }

    private func record(journalAt date: String, from: String) -> FonialJournalRecord {
        let json = #"{"date":"\#(date)","from":"\#(from)","to":"+4922166966966","status":"TAKEN"}"#
        return try! FonialJournalRecord(json: FonialJSON.parse(Array(json.utf8)))
    }
}
