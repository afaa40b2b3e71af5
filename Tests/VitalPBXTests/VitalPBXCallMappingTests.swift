import Foundation
import PBXCore
import Testing
@testable import VitalPBX

func utc(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

@Suite struct VitalPBXCallMappingTests {
    let directory: [String: VitalPBXExtension]

    init() throws {
        let owner = try Fixture.data("extensions", as: VitalPBXOneOrMany<VitalPBXExtension>.self).items[0]
        directory = ["100": owner]
    }

    @Test func resultAndRowsLayout() throws {
        let page = try Fixture.data("cdr-result-rows", as: VitalPBXCDRPage.self)
        #expect(page.total == 2)
        let calls = page.rows.compactMap { VitalPBXMapping.call($0, timeZone: berlin, normalizer: de, directory: directory) }
        #expect(calls.count == 2)

        let out = calls[0]
        let start = utc("2019-11-29T22:15:43Z")          // calldate is Berlin local time (UTC+1)
        #expect(out.id == "\(Int(start.timeIntervalSince1970))-1041")
        #expect(out.direction == .outbound)
        #expect(out.status == .answered)
        #expect(out.startedAt == start)
        #expect(out.answeredAt == start.addingTimeInterval(12))
        #expect(out.endedAt == start.addingTimeInterval(67))
        #expect(out.durationSeconds == 67)
        #expect(out.talkSeconds == 55)
        #expect(out.from == Party(number: "100", rawNumber: "100", name: "Jhone Doe", extension: "100", userId: "1"))
        #expect(out.to == Party(number: "+4922166966966", rawNumber: "022166966966", name: nil, extension: nil, userId: nil))
        #expect(out.queueId == nil)
        #expect(out.recordingId == nil)
        #expect(out.costs == nil)
        #expect(out.raw?["uniqueid"] == .string("1575069343.12"))

        let missed = calls[1]
        #expect(missed.direction == .inbound)
        #expect(missed.status == .missed)
        #expect(missed.answeredAt == nil)
        #expect(missed.talkSeconds == 0)
        #expect(missed.durationSeconds == 31)
        #expect(missed.from == Party(number: "+4917712345678", rawNumber: "017712345678", name: nil, extension: nil, userId: nil))
        #expect(missed.to == Party(number: "100", rawNumber: "100", name: "Jhone Doe", extension: "100", userId: "1"))
    }

    @Test func bareArrayLayoutWithIntColumns() throws {
        let page = try Fixture.data("cdr-array", as: VitalPBXCDRPage.self)
        #expect(page.total == nil)
        let calls = page.rows.compactMap { VitalPBXMapping.call($0, timeZone: .gmt, normalizer: de, directory: directory) }
        let voicemail = calls[0]
        #expect(voicemail.id == "\(Int(utc("2019-11-30T08:00:05Z").timeIntervalSince1970))-1042")
        #expect(voicemail.status == .voicemail)
        #expect(voicemail.direction == .inbound)
        #expect(voicemail.from == Party(number: "+4922112345", rawNumber: "+4922112345", name: "Tina Sander", extension: nil, userId: nil))
        #expect(voicemail.to.extension == "101")
        #expect(voicemail.to.userId == nil)
        #expect(voicemail.talkSeconds == 20)
        let busy = calls[1]
        #expect(busy.status == .busy)
        #expect(busy.direction == .internal)
        #expect(busy.from.name == "Agent 01")
        #expect(busy.to.userId == "1")
    }

    @Test func callIDsRoundTrip() {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let id = VitalPBXMapping.callID(start: start, cdrID: "77")
        #expect(id == "1700000000-77")
        let parsed = VitalPBXMapping.splitCallID(id)
        #expect(parsed?.start == start)
        #expect(parsed?.cdrID == "77")
        #expect(VitalPBXMapping.splitCallID("77") == nil)
        #expect(VitalPBXMapping.splitCallID("abc-77") == nil)
        #expect(VitalPBXMapping.splitCallID("1700000000-") == nil)
    }

    @Test func statusAndDirectionRules() {
        #expect(VitalPBXMapping.callStatus(disposition: "FAILED", lastapp: "Dial") == .failed)
        #expect(VitalPBXMapping.callStatus(disposition: "CONGESTION", lastapp: nil) == .failed)
        #expect(VitalPBXMapping.callStatus(disposition: "no answer", lastapp: nil) == .missed)
        #expect(VitalPBXMapping.callStatus(disposition: nil, lastapp: nil) == .unknown)
        #expect(VitalPBXMapping.callStatus(disposition: "NO ANSWER", lastapp: "voicemail") == .voicemail)
        let ext = Party(number: "100", extension: "100"), outside = Party(number: "+49221")
        #expect(VitalPBXMapping.direction(nil, from: ext, to: ext) == .internal)
        #expect(VitalPBXMapping.direction(nil, from: ext, to: outside) == .outbound)
        #expect(VitalPBXMapping.direction(nil, from: outside, to: ext) == .inbound)
        #expect(VitalPBXMapping.direction("transit", from: outside, to: outside) == .outbound)
    }

    @Test func rowWithoutCalldateIsSkipped() throws {
        let body = #"{"status":"success","data":[{"cdr_id":"1","calldate":"","src":"100","dst":"101"},{"cdr_id":"2","calldate":"garbage","src":"1"}]}"#
        let page = try JSONDecoder().decode(VitalPBXEnvelope<VitalPBXCDRPage>.self, from: Data(body.utf8)).data
        #expect(page.rows.count == 2)
        #expect(page.rows.compactMap { VitalPBXMapping.call($0, timeZone: .gmt, normalizer: de, directory: [:]) }.isEmpty)
    }
}
