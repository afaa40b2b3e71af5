import Foundation
import PBXCore
import Testing
@testable import VitalPBX

enum Fixture {
    static func bytes(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    static func data<T: Decodable>(_ name: String, as: T.Type) throws -> T {
        let body = try bytes(name)
        let status = try JSONDecoder().decode(VitalPBXStatus.self, from: body)
        #expect(status.isSuccess)
        return try JSONDecoder().decode(VitalPBXEnvelope<T>.self, from: body).data
    }
}

let berlin = TimeZone(identifier: "Europe/Berlin")!
let de = PhoneNumberNormalizer(country: "DE")

func containsKey(_ value: JSONValue?, _ key: String) -> Bool {
    switch value {
    case .object(let o)?: o.keys.contains(key) || o.values.contains { containsKey($0, key) }
    case .array(let a)?: a.contains { containsKey($0, key) }
    default: false
    }
}

@Suite struct VitalPBXDirectoryMappingTests {
    @Test func extensionsExampleBecomesUsers() throws {
        let list = try Fixture.data("extensions", as: VitalPBXOneOrMany<VitalPBXExtension>.self).items
        #expect(list.count == 1)
        let user = VitalPBXMapping.user(list[0])
        #expect(user.id == "1")
        #expect(user.name == "Jhone Doe")
        #expect(user.username == "100")
        #expect(user.extensions == ["100"])
        #expect(user.email == nil)
        #expect(user.presence == .unknown)
        #expect(list[0].mailboxNumber == "100")
        // The nested device's SIP secret and the feature code password never leave.
        #expect(!containsKey(user.raw, "secret"))
        #expect(!containsKey(user.raw, "features_password"))
        #expect(user.raw?["internal_cid"] == .string("\"Jhone Doe\" <100>"))
        #expect(list[0].devices.map(\.id) == ["3"])
        #expect(list[0].queues?.entries == [.init(queueID: "1", name: "Q500", penalty: "0")])
    }

    @Test func extensionByIDExampleIsAnArrayOfOne() throws {
        let list = try Fixture.data("extension-by-id", as: VitalPBXOneOrMany<VitalPBXExtension>.self).items
        #expect(list.map(\.id) == ["1"])
        // The same record as an object decodes too.
        let object = #"{"status":"success","data":{"extension_id":"7","extension":"107","name":"","email":"a@b.c"}}"#
        let one = try JSONDecoder().decode(VitalPBXEnvelope<VitalPBXOneOrMany<VitalPBXExtension>>.self, from: Data(object.utf8)).data.items
        #expect(one.count == 1)
        let user = VitalPBXMapping.user(one[0])
        #expect(user.id == "7")
        #expect(user.name == nil)          // "" means none
        #expect(user.email == "a@b.c")
        #expect(one[0].devices.isEmpty)
    }

    @Test func extensionDevicesExampleBecomesDevicesWithoutSecret() throws {
        let devices = try Fixture.data("extension-devices", as: VitalPBXOneOrMany<VitalPBXDevice>.self).items
        let device = VitalPBXMapping.device(devices[0])
        #expect(device.id == "2")
        #expect(device.name == "Agent 01")
        #expect(device.userId == "2")
        #expect(device.state == nil)
        #expect(device.raw?["secret"] == nil)
        #expect(device.raw?["device_name"] == .string("dev-101"))
        #expect(devices[0].assignedExtension == nil)
    }

    @Test func devicesListWithIntIdsAndEmptyDescription() throws {
        let devices = try Fixture.data("devices", as: VitalPBXOneOrMany<VitalPBXDevice>.self).items.map { VitalPBXMapping.device($0) }
        #expect(devices.map(\.id) == ["2", "3"])
        #expect(devices.map(\.userId) == ["2", "1"])
        #expect(devices[1].name == "100")       // empty description falls back to device_name
        #expect(devices.allSatisfy { $0.raw?["secret"] == nil })
    }

    @Test func extensionQueuesExampleUsesQueuesIDArrays() throws {
        let membership = try Fixture.data("extension-queues", as: VitalPBXQueueMembership.self)
        #expect(membership.entries == [.init(queueID: "1", name: "Q500", penalty: "0"), .init(queueID: "2", name: "Q501", penalty: "0")])
    }

    @Test func queuesAndAgents() throws {
        let queues = try Fixture.data("queues", as: VitalPBXOneOrMany<VitalPBXQueue>.self).items
        let q = VitalPBXMapping.queue(queues[0], agentCount: 2)
        #expect(q.id == "1")
        #expect(q.name == "Q500")
        #expect(q.extension == "500")
        #expect(q.waitingCalls == nil)
        #expect(q.agentCount == 2)
        #expect(VitalPBXMapping.queue(queues[1], agentCount: nil).name == "Support")   // "" name → description

        let owner = try Fixture.data("extensions", as: VitalPBXOneOrMany<VitalPBXExtension>.self).items[0]
        let states = try Fixture.data("device-queues", as: VitalPBXOneOrMany<VitalPBXDeviceQueue>.self).items
        let paused = VitalPBXMapping.agent(device: owner.devices[0], owner: owner, membership: states[0])
        #expect(paused.id == "3")
        #expect(paused.userId == "1")
        #expect(paused.name == "Jhone Doe")
        #expect(paused.extension == "100")
        #expect(paused.paused)
        #expect(paused.pauseReason == "Lunch")
        #expect(paused.state == .idle)
        #expect(!containsKey(paused.raw, "secret"))
        let loggedOut = VitalPBXMapping.agent(device: owner.devices[0], owner: owner, membership: states[1])
        #expect(!loggedOut.paused)
        #expect(loggedOut.pauseReason == nil)
        #expect(loggedOut.state == .unavailable)
    }

    @Test func phonebookContacts() throws {
        #expect(try Fixture.data("phonebooks", as: VitalPBXOneOrMany<VitalPBXPhonebook>.self).items.map(\.id) == ["1"])
        let contacts = try Fixture.data("phonebook-contacts", as: VitalPBXOneOrMany<VitalPBXContact>.self).items
            .map { VitalPBXMapping.contact($0, book: "1", normalizer: de) }
        let tina = contacts[0]
        #expect(tina.id == "1-7")
        #expect(tina.name == "Tina Sander")
        #expect(tina.firstName == "Tina")
        #expect(tina.lastName == "Sander")
        #expect(tina.company == "Acme GmbH")
        #expect(tina.email == "tina@acme.example")
        #expect(tina.numbers == [ContactNumber(type: .work, number: "+4922166966966", rawNumber: "0221 66966966"),
                                 ContactNumber(type: .mobile, number: "+491711234567", rawNumber: "+49 171 1234567")])
        let pizza = contacts[1]
        #expect(pizza.id == "1-8")
        #expect(pizza.name == "Pizza Roma")       // no person name: the company
        #expect(pizza.firstName == nil && pizza.lastName == nil && pizza.email == nil)
        #expect(pizza.numbers.map(\.type) == [.work, .fax])
        #expect(VitalPBXMapping.splitContactID("1-8")! == ("1", "8"))
        #expect(VitalPBXMapping.splitContactID("18") == nil)
    }
}

@Suite struct VitalPBXVoicemailMappingTests {
    @Test func voicemailRecordsExample() throws {
        let folders = try Fixture.data("extension-voicemail-records", as: VitalPBXVoicemailFolders.self)
        let messages = VitalPBXMapping.voicemailMessages(boxID: "1", folders: folders, normalizer: de)
        #expect(messages.map(\.id) == ["INBOX-msg0000", "Old-msg0000"])      // newest first
        let new = messages[0]
        #expect(new.boxId == "1")
        #expect(new.folder == .new)
        #expect(new.from.name == "Demo")
        #expect(new.from.rawNumber == "1519")
        #expect(new.from.number == "1519")
        #expect(new.from.extension == "1519")
        #expect(new.receivedAt == Date(timeIntervalSince1970: 1565987730))
        #expect(new.durationSeconds == 9)
        #expect(new.raw?["recfile"] == nil)          // a credential-free download path stays inside
        #expect(new.raw?["vmorig"] == .string("2000"))
        #expect(folders.folders.first?.records.first?.recfile == "/static/43b4298b09648469/voicemail/2000/INBOX/msg0000.wav")
        #expect(messages[1].folder == .old)
        #expect(messages[1].from.name == "X-Lite")
        #expect(messages[1].receivedAt == Date(timeIntervalSince1970: 1513443087))
        #expect(messages[1].durationSeconds == 8)

        let owner = try Fixture.data("extensions", as: VitalPBXOneOrMany<VitalPBXExtension>.self).items[0]
        let box = VitalPBXMapping.voicemailBox(owner, folders: folders)
        #expect(box.id == "1")
        #expect(box.name == "Jhone Doe")
        #expect(box.extension == "100")
        #expect(box.newMessages == 1)
        #expect(box.oldMessages == 1)
    }

    @Test func foldersAcceptListsAndPHPEmptyArray() throws {
        let list = #"{"status":"success","data":{"INBOX":[{"date":"1700000000","clid":"\"A B\" <0221123456>","duration":"3","recfile":"/static/x/voicemail/100/INBOX/msg0000.wav","filename":"msg0000.txt"},{"date":1700000100,"clid":"","duration":4,"recfile":"/static/x/voicemail/100/INBOX/msg0001.wav","filename":""}],"Urgent":{"date":"1700000200","clid":"C<7>","duration":"1","recfile":"/static/x/voicemail/100/Urgent/msg0000.wav"}}}"#
        let folders = try JSONDecoder().decode(VitalPBXEnvelope<VitalPBXVoicemailFolders>.self, from: Data(list.utf8)).data
        let messages = VitalPBXMapping.voicemailMessages(boxID: "1", folders: folders, normalizer: de)
        #expect(messages.map(\.id) == ["Urgent-msg0000", "INBOX-msg0001", "INBOX-msg0000"])
        #expect(messages[0].folder == .other)
        #expect(messages[1].from == Party())      // empty clid: nobody
        #expect(messages[2].from.number == "+49221123456")
        #expect(messages[2].from.extension == nil)
        let empty = #"{"status":"success","data":[]}"#
        #expect(try JSONDecoder().decode(VitalPBXEnvelope<VitalPBXVoicemailFolders>.self, from: Data(empty.utf8)).data.folders.isEmpty)
    }
}
