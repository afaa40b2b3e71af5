import Foundation
import PBXCore
import Testing
@testable import PBXCloud

/// Each fixture (one per endpoint) mapped to the neutral model, every neutral field checked.
/// Times in the fixtures are Berlin local (January: UTC+1).
@Suite struct PBXCloudMappingTests {
    func mapping() throws -> PBXCloudMapping {
        let extensions = try Fixture.rows("info-extensions.json").rows.map(PBXCloudExtension.init)
        return PBXCloudMapping(timeZone: .berlin, country: "DE", vendorTenant: "DEMO", extensions: extensions)
    }

    @Test func cdrsMapToCalls() throws {
        let calls = try Fixture.rows("info-cdrs.json").rows.map(PBXCloudCDR.init).compactMap(mapping().call)
        try #require(calls.count == 2)
        let out = calls[0]
        #expect(out.id == "srv02-1705312697.48")
        #expect(out.direction == .outbound)
        #expect(out.status == .answered)
        #expect(out.startedAt == date(2024, 1, 15, 8, 58, 17))
        #expect(out.answeredAt == date(2024, 1, 15, 8, 58, 23))
        #expect(out.endedAt == date(2024, 1, 15, 9, 2, 20))
        #expect(out.durationSeconds == 243)
        #expect(out.talkSeconds == 237)
        #expect(out.from == Party(number: "402", rawNumber: "402", name: "Tina Sander", extension: "402", userId: "3272"))
        #expect(out.to == Party(number: "+4922112345678", rawNumber: "004922112345678", name: nil, extension: nil, userId: nil))
        #expect(out.queueId == nil)
        #expect(out.recordingId == nil)
        #expect(out.costs == "0.0474")

        let missed = calls[1]
        #expect(missed.id == "srv02-1705316640.51")
        #expect(missed.direction == .inbound)
        #expect(missed.status == .missed)
        #expect(missed.answeredAt == nil)
        #expect(missed.startedAt == date(2024, 1, 15, 10, 4, 0))
        #expect(missed.endedAt == date(2024, 1, 15, 10, 4, 21))
        #expect(missed.talkSeconds == 0)
        #expect(missed.from == Party(number: "+4930555666", rawNumber: "+4930555666", name: nil, extension: nil, userId: nil))
        #expect(missed.to == Party(number: "403", rawNumber: "403", name: "Max Mustermann", extension: "403", userId: "3273"))
        #expect(missed.costs == nil)
    }

    @Test func directionFromAColumnWhenPresentElseFromTheNumbers() throws {
        let m = try mapping()
        #expect(m.direction("IN", from: "101", to: "102") == .inbound)
        #expect(m.direction("out", from: "0221", to: "0171") == .outbound)
        #expect(m.direction("LOCAL", from: "0221", to: "0171") == .internal)
        #expect(m.direction(nil, from: "101", to: "102") == .internal)
        #expect(m.direction(nil, from: "101", to: "004922112345678") == .outbound)
        #expect(m.direction(nil, from: "+4930555666", to: "403") == .inbound)
    }

    @Test func rawCarriesOnlyAllowListedNamedFields() throws {
        let call = try #require(try Fixture.rows("info-cdrs.json").rows.map(PBXCloudCDR.init).compactMap(mapping().call).last)
        guard case .object(let raw) = try #require(call.raw) else { Issue.record("raw is not an object"); return }
        #expect(raw["uniqueid"] == .string("srv02-1705316640.51"))
        #expect(raw.keys.allSatisfy { Int($0) == nil }, "positional duplicates must not leave")
        #expect(raw["pincode"] == nil && raw["userfield"] == nil && raw["cc_buy"] == nil)
    }

    @Test func originatedCallFromInfoCall() throws {
        let call = try #require(try Fixture.rows("info-call.json").rows.map(PBXCloudCDR.init).compactMap(mapping().call).first)
        #expect(call.id == "srv02-1705320005.60")
        #expect(call.direction == .internal)
        #expect(call.status == .answered)
        #expect(call.durationSeconds == 66 && call.talkSeconds == 60)
        #expect(call.from.userId == "3272" && call.to.userId == "3273")
        #expect(call.raw?["originateid"] == .string("15a4cfe6429054"))
    }

    @Test func channelsMapToOneActiveCallPerBridge() throws {
        let channels = try Fixture.rows("channels.json").rows.map(PBXCloudChannel.init)
        let now = date(2024, 1, 15, 11, 3, 15)
        let active = PBXCloudAdapter.bridges(channels).compactMap { try? mapping().activeCall($0, now: now) }
        try #require(active.count == 1)
        let a = active[0]
        #expect(a.id == "srv02-1705320100.70")
        #expect(a.state == .connected)
        #expect(a.startedAt == now.addingTimeInterval(-95))
        #expect(a.from == Party(number: "+492215551234", rawNumber: "02215551234", name: "Klaus Kunde", extension: nil, userId: nil))
        #expect(a.to == Party(number: "402", rawNumber: "402", name: "Tina Sander", extension: "402", userId: "3272"))
        #expect(a.userId == nil, "the trunk leg belongs to no user")
    }

    @Test func theLeadingLegStandsForTheBridgeWhateverTheOrder() throws {
        let channels = try Fixture.rows("channels.json").rows.map(PBXCloudChannel.init)
        for order in [channels, channels.reversed()] {
            #expect(PBXCloudAdapter.bridges(Array(order)).map { $0.record["channel"] } == ["PJSIP/trunk-DEMO-0000002a"])
        }
    }

    @Test func extensionsMapToUsersWithoutSecrets() throws {
        let users = try Fixture.rows("info-extensions.json").rows.map(PBXCloudExtension.init).compactMap(mapping().user)
        #expect(users == [
            User(id: "3272", name: "Tina Sander", username: "402-DEMO", extensions: ["402"], email: "tina.sander@example.com",
                 presence: .available, raw: users.first?.raw),
            User(id: "3273", name: "Max Mustermann", username: "403-DEMO", extensions: ["403"], email: nil,
                 presence: .offline, raw: users.last?.raw),
        ])
        for user in users {
            guard case .object(let raw) = try #require(user.raw) else { continue }
            #expect(Set(raw.keys).isSubset(of: PBXCloudExtension.fields))
            #expect(raw["password"] == nil && raw["ex_webpassword"] == nil && raw["ex_lockpin"] == nil && raw["ex_2fa_param1"] == nil)
        }
    }

    @Test func extensionsKeyedByIdAreReadToo() throws {
        let users = try Fixture.rows("info-extensions-keyed.json").rows.map(PBXCloudExtension.init).compactMap(mapping().user)
        #expect(users.map(\.id) == ["3272", "155450", "169430"])
        #expect(users.map(\.extensions) == [["201"], ["300"], ["301"]])
        #expect(users.allSatisfy { $0.presence == .unknown })
    }

    @Test func queuesAndQueueDetail() throws {
        let list = try Fixture.rows("info-queues.json").rows.map(PBXCloudQueue.init).compactMap(mapping().queue)
        #expect(list.map { [$0.id, $0.name, $0.extension] } == [["3698", "Support", "600"]])
        #expect(list[0].waitingCalls == nil && list[0].agentCount == nil)
        let detail = try #require(try Fixture.rows("info-queue.json").rows.map(PBXCloudQueue.init).compactMap(mapping().queue).first)
        #expect(detail.id == "3698" && detail.name == "Support" && detail.extension == "600")
        #expect(detail.waitingCalls == 2 && detail.agentCount == 2)
    }

    @Test func positionalAgents() throws {
        let rows = try Fixture.rows("info-agents.json")
        let agents = zip(rows.keys, rows.rows).map { PBXCloudAgent(key: $0, $1) }.compactMap { try? mapping().agent($0) }
        try #require(agents.count == 2)
        #expect(agents[0].id == "402-DEMO" && agents[0].userId == "3272" && agents[0].name == "Tina Sander")
        #expect(agents[0].extension == "402" && !agents[0].paused && agents[0].pauseReason == nil && agents[0].state == .unavailable)
        #expect(agents[1].id == "403-DEMO" && agents[1].userId == "3273" && agents[1].name == "Max Mustermann")
        #expect(agents[1].extension == "403" && agents[1].paused && agents[1].pauseReason == "lunch" && agents[1].state == .busy)
    }

    @Test func unknownQueueAgentsAnswerNull() throws {
        #expect(try Fixture.rows("info-agents-unknown-queue.json").isNull)
    }

    @Test func phonebookEntriesMapToContacts() throws {
        let contacts = try Fixture.rows("phonebook-query.json").rows.map(PBXCloudPhonebookEntry.init).compactMap(mapping().contact)
        try #require(contacts.count == 2)
        #expect(contacts[0].id == "12" && contacts[0].name == "Ross" && contacts[0].firstName == nil && contacts[0].company == nil)
        #expect(contacts[0].numbers == [ContactNumber(type: .work, number: "3564732920", rawNumber: "3564732920")])
        let hans = contacts[1]
        #expect(hans.id == "13" && hans.name == "Hans Meier" && hans.firstName == "Hans" && hans.lastName == "Meier")
        #expect(hans.company == "Meier GmbH" && hans.email == "hans@meier.example")
        #expect(hans.numbers == [
            ContactNumber(type: .work, number: "+492211234567", rawNumber: "0221 1234567"),
            ContactNumber(type: .mobile, number: "+491712345678", rawNumber: "0171 2345678"),
            ContactNumber(type: .fax, number: "+492211234568", rawNumber: "0221 1234568"),
        ])
    }

    @Test func contactInputBecomesAddValues() {
        let input = ContactInput(name: nil, firstName: "Ada", lastName: "Lovelace", company: "Engines", email: "ada@example.com",
                                 numbers: [(.mobile, "+491701234567"), (.work, "0221 42"), (.mobile, "0171 9")])
        #expect(PBXCloudMapping.phonebookValues(input) == [
            "NAME": "Ada Lovelace", "FIRSTNAME": "Ada", "LASTNAME": "Lovelace", "COMPANY": "Engines", "EMAIL": "ada@example.com",
            "MOBILE": "+491701234567", "PHONE1": "0221 42", "PHONE2": "0171 9",
        ])
    }

    @Test func mailboxesAndMessages() throws {
        let m = try mapping()
        let boxes = try Fixture.rows("voicemail-list.json").rows.map(PBXCloudMailbox.init).compactMap { m.box($0, newMessages: 1, oldMessages: 1) }
        #expect(boxes.map { [$0.id, $0.name, $0.extension] } == [["102", "Tina Sander", "102"]])
        #expect(boxes[0].newMessages == 1 && boxes[0].oldMessages == 1)
        #expect(boxes[0].raw?["imappassword"] == nil && boxes[0].raw?["password"] == nil)

        let messages = try Fixture.rows("voicemail-messages.json").rows.map(PBXCloudVoicemailMessage.init).compactMap { m.message($0, boxID: "102") }
        try #require(messages.count == 2)
        #expect(messages[0].id == "1475685709-00000004" && messages[0].boxId == "102" && messages[0].folder == .new)
        #expect(messages[0].from == Party(number: "+492211234567", rawNumber: "02211234567", name: "Hans Meier", extension: nil, userId: nil))
        #expect(messages[0].receivedAt == date(2016, 10, 5, 16, 41, 49))
        #expect(messages[0].durationSeconds == 12)
        #expect(messages[1].folder == .old && messages[1].from.name == nil && messages[1].durationSeconds == 7)
    }

    @Test func peersMapToDevices() throws {
        let devices = try Fixture.rows("peers.json").rows.map(PBXCloudPeer.init).compactMap(mapping().device)
        #expect(devices.map { [$0.id, $0.name, $0.userId, $0.state] } == [
            ["402-DEMO", "Yealink SIP-T46U 108.86.0.20", "3272", "registered"],
            ["403-DEMO", "403-DEMO", "3273", "unreachable"],
        ])
    }

    @Test func didsMapToNumbersWithoutTheTenantRow() throws {
        let numbers = try Fixture.rows("info-dids.json").rows.map(PBXCloudDID.init).compactMap(mapping().number)
        #expect(numbers.map { [$0.id, $0.number] } == [["51", "+4922166966966"]])
        guard case .object(let raw) = try #require(numbers.first?.raw) else { return }
        #expect(Set(raw.keys) == ["di_id", "di_number", "di_description"])
    }
}
