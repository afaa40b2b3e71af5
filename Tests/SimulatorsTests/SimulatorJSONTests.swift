import Foundation
import Testing
@testable import Simulators

/// The VitalPBX simulator writes its answers with `SimulatorJSON(sortingKeysOf:)` instead of
/// `JSONSerialization`; its answers must stay the bytes `JSONSerialization` wrote.
@Suite struct SimulatorJSONTests {
    private func foundationBytes(_ object: Any) throws -> [UInt8] {
        [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    private func ours(_ object: Any) throws -> [UInt8] {
        try #require(SimulatorJSON(sortingKeysOf: object)).bytes
    }

    @Test func everyVitalPBXRecordIsWrittenAsJSONSerializationWritesIt() throws {
        let settings = VitalPBXSimulatorSettings()
        let data = VitalPBXDataSet.demo(now: Date(timeIntervalSince1970: 1_760_000_000))
        let r = VitalPBXRecords(data: data, settings: settings)
        var answers: [Any] = [
            ["status": "success", "data": data.extensions.map(r.extensionRecord)] as [String: Any],
            ["status": "success", "message": NSNull(), "data": data.devices.map(r.deviceRecord)] as [String: Any],
            data.queues.map(r.queueRecord), data.memberships.map(r.membershipRecord),
            data.phonebooks.map(r.phonebookRecord), data.contacts.map(r.contactRecord),
            data.cdrs.map(r.cdrRecord), ["rows": data.cdrs.count, "result": data.cdrs.prefix(3).map(r.cdrRecord)] as [String: Any],
        ]
        for e in data.extensions {
            answers += [r.extensionQueues(e), r.cdrSummary(e), r.voicemailFolders(mailbox: data.mailbox(of: e))]
        }
        for answer in answers {
            let got = try ours(answer)
            #expect(got == (try foundationBytes(answer)), "\(String(decoding: got, as: UTF8.self).prefix(200))")
        }
    }

    @Test func keysAndStringsFollowJSONSerialization() throws {
        let keys = ["b", "a", "B_x", "a_b", "ab", "a1", "a10", "a2", "queues", "queues_name", "q-1", "Z", "z_", "_z", "0", "9a", "a.b"]
        var object: [String: Any] = [:]
        for (i, k) in keys.enumerated() { object[k] = i }
        object["text"] = "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{7} bs \u{8} ff \u{C} unit \u{1F} ü €"
        object["list"] = [1, -2, true, false, NSNull(), "x", [String: Any](), [Any]()] as [Any]
        let got = try ours(object)
        #expect(got == (try foundationBytes(object)), "\(String(decoding: got, as: UTF8.self))")
    }

    @Test func valuesOutsideTheSimulatorsVocabularyAreRefused() {
        #expect(SimulatorJSON(sortingKeysOf: 1.5) == nil)
        #expect(SimulatorJSON(sortingKeysOf: ["a": Date()] as [String: Any]) == nil)
    }
}
