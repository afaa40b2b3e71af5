import Foundation
import PBXCore
import Testing
@testable import Pascom

@Suite("pascom call mapping from the docs' examples")
struct PascomCallMappingTests {
    let mapping = PascomMapping.germany

    @Test func currentLayoutRecord() throws {
        let record = try PascomCallRecord(try #require(Fixture.list("cdr").first))
        #expect(record.layout == .current)
        let call = try mapping.call(record)
        #expect(call.id == "284")
        #expect(call.direction == .internal)          // srcInternal and dstInternal true
        #expect(call.status == .missed)               // transfer, connected 0
        #expect(call.startedAt == date(ms: 1600937267828))
        #expect(call.endedAt == date(ms: 1600937277828))
        #expect(call.answeredAt == nil)
        #expect(call.durationSeconds == 10)
        #expect(call.talkSeconds == 0)
        #expect(call.from == Party(number: "101", rawNumber: "101", name: "Andreas Grassl", extension: "101", userId: "agrassl"))
        #expect(call.to == Party(number: "300", rawNumber: "300", name: "Support", extension: "300", userId: nil))
        #expect(call.queueId == "Support")
        #expect(call.recordingId == nil)              // "" in the record
        #expect(call.costs == nil)
        #expect(call.raw?["chain"] == .string("1600937255312_3"))
    }

    @Test func legacyLayoutRecord() throws {
        let record = try PascomCallRecord(try #require(Fixture.list("cdr-legacy").first))
        #expect(record.layout == .legacy)
        let call = try mapping.call(record)
        #expect(call.id == "1")
        #expect(call.direction == .internal)          // internal: 1
        #expect(call.status == .voicemail)            // resultDetails voicemail
        #expect(call.startedAt == date(ms: 1562313497113))
        #expect(call.endedAt == date(ms: 1562313502113))
        #expect(call.answeredAt == date(ms: 1562313498113))   // ended − 4 s connected
        #expect(call.durationSeconds == 5)
        #expect(call.talkSeconds == 4)
        #expect(call.from == Party(number: nil, rawNumber: nil, name: nil, extension: nil, userId: "mpasquay"))
        #expect(call.to == Party(number: "*104", rawNumber: "*104", name: "System call", extension: nil, userId: nil))
        #expect(call.queueId == nil)
        #expect(call.recordingId == nil)
        #expect(call.costs == nil)
    }

    @Test func legacyInboundPutsTheUserOnTheCalledSide() throws {
        var o = try #require(Fixture.list("cdr-legacy").first).fields
        o["inbound"] = .number(1)
        o["internal"] = .number(0)
        o["extension"] = .string("101")
        o["number"] = .string("0221123456")
        o["resultDetails"] = .string("")
        let call = try mapping.call(PascomCallRecord(PascomObject(o)))
        #expect(call.direction == .inbound)
        #expect(call.status == .answered)
        #expect(call.from.number == "+49221123456")
        #expect(call.to.userId == "mpasquay")
        #expect(call.to.extension == "101")
    }

    @Test func liveCall() throws {
        let live = try PascomLiveCall(try #require(Fixture.list("cdr-live").first))
        let call = mapping.activeCall(live)
        #expect(call.id == "62")
        #expect(call.state == .connected)             // "BUSY"
        #expect(call.startedAt == date(ms: 1607331710930))
        #expect(call.from == Party(number: "101", rawNumber: "101", name: "Andreas Grassl", extension: "101", userId: "agrassl"))
        #expect(call.to == Party(number: "*101", rawNumber: "*101", name: "System call", extension: nil, userId: nil))
        #expect(call.userId == "agrassl")
    }

    @Test(arguments: [
        (true, true, CallDirection.internal), (false, true, .inbound), (true, false, .outbound), (false, false, .outbound),
    ])
    func direction(src: Bool, dst: Bool, expected: CallDirection) {
        #expect(PascomMapping.direction(src: src, dst: dst) == expected)
    }

    @Test func status() {
        #expect(PascomMapping.status(result: "hangup", details: "voicemail", connected: 12, voicemailId: nil) == .voicemail)
        #expect(PascomMapping.status(result: "hangup", details: "", connected: 12, voicemailId: nil) == .answered)
        #expect(PascomMapping.status(result: "noanswer", details: "timeout", connected: 0, voicemailId: nil) == .missed)
        #expect(PascomMapping.status(result: "hangup", details: "abondon", connected: 0, voicemailId: nil) == .missed)
        #expect(PascomMapping.status(result: "busy", details: nil, connected: 0, voicemailId: nil) == .busy)
        #expect(PascomMapping.status(result: "failed", details: nil, connected: 0, voicemailId: nil) == .failed)
        #expect(PascomMapping.status(result: nil, details: nil, connected: nil, voicemailId: nil) == .unknown)
    }

    @Test func acknowledgements() throws {
        #expect(PascomAck(try Fixture.object("defaultdevice-action")).succeeded)
        #expect(PascomAck(try Fixture.object("queue-action")).succeeded)
        #expect(!PascomAck(PascomObject(["Response": .string("Error")])).succeeded)
    }
}
