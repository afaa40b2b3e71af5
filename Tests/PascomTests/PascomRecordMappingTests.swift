import Foundation
import PBXCore
import Testing
@testable import Pascom

@Suite("pascom phonebook and voicemail from the docs' examples")
struct PascomRecordMappingTests {
    let mapping = PascomMapping.germany

    @Test func phonebookEntry() throws {
        let c = mapping.contact(try PascomPhonebookEntry(Fixture.object("phonebook-entry")))
        #expect(c.id == "23")
        #expect(c.name == "Chaos Computer - Tobias Mustermann")
        #expect(c.firstName == "Tobias")
        #expect(c.lastName == "Mustermann")
        #expect(c.company == "Chaos Computer")
        #expect(c.email == "tmustermann@cc.de")
        #expect(c.numbers == [
            ContactNumber(type: .work, number: "+49991123455677", rawNumber: "0991123455677"),
            ContactNumber(type: .mobile, number: "+4917712345678", rawNumber: "017712345678"),
            ContactNumber(type: .home, number: "+49991123455677", rawNumber: "0991123455677"),
            ContactNumber(type: .fax, number: "+49991123455671", rawNumber: "0991123455671"),
        ])
    }

    @Test func phonebookPageMarksUsers() throws {
        let page = try PascomPhonebookPage(Fixture.object("phonebook"))
        #expect(page.total == 1)
        let entry = try #require(page.entries.first)
        #expect(entry.isUser)                         // "011account"
        let c = mapping.contact(entry)
        #expect(c.id == "2")
        #expect(c.name == "Tina Sander")
        #expect(c.firstName == nil && c.lastName == nil && c.company == nil)
        #expect(c.email == "emailaddress")
        #expect(c.numbers.map(\.type) == [.work, .fax])
    }

    @Test func lookupComparesInE164() throws {
        let contact = try PascomPhonebookEntry(Fixture.object("phonebook-entry"))
        let user = try PascomPhonebookPage(Fixture.object("phonebook")).entries[0]
        let identity = try PascomIdentity(try #require(Fixture.list("identities").first))
        let hits = mapping.lookupMatches(contacts: [contact, user], users: [identity], number: "+49 991 123455677")
        #expect(hits == [LookupMatch(kind: .contact, id: "23", name: "Chaos Computer - Tobias Mustermann",
                                     company: "Chaos Computer", matchedNumber: "+49991123455677")])
        let byExtension = mapping.lookupMatches(contacts: [contact, user], users: [identity], number: "101")
        #expect(byExtension == [LookupMatch(kind: .user, id: "agrassl", name: "Andreas Grassl", company: nil, matchedNumber: "101")])
        #expect(mapping.lookupMatches(contacts: [contact], users: [identity], number: "+4930999").isEmpty)
    }

    @Test func contactWriteUsesOneSlotPerKind() throws {
        let input = ContactInput(name: nil, firstName: "Max", lastName: "Muster", company: "ACME", email: "m@acme.de",
                                 numbers: [(.work, "+49221123"), (.mobile, "0170 1")])
        let body = try PascomMapping.phonebookWrite(input)
        #expect(body.displayname == "Max Muster")
        #expect(body.phone == "+49221123")
        #expect(body.mobile == "0170 1")
        #expect(body.homephone == "" && body.fax == "")
        #expect(body.organisation == "ACME")
        #expect(body.type == "028phonebook")
        #expect(throws: PBXError.self) {
            try PascomMapping.phonebookWrite(ContactInput(name: "x", firstName: nil, lastName: nil, company: nil, email: nil,
                                                          numbers: [(.other, "1")]))
        }
        #expect(throws: PBXError.self) {
            try PascomMapping.phonebookWrite(ContactInput(name: "x", firstName: nil, lastName: nil, company: nil, email: nil,
                                                          numbers: [(.work, "1"), (.work, "2")]))
        }
    }

    @Test func voicemailBoxesAndMessages() throws {
        let box = try PascomVoicemailBox(try #require(Fixture.list("voicemailboxes").first))
        let messages = try Fixture.list("voicemail-messages").map(PascomVoicemailMessage.init)
        let b = mapping.voicemailBox(box, messages: messages)
        #expect(b.id == "7007")
        #expect(b.name == "Sébästian 'Fischêr")
        #expect(b.extension == "7007")
        #expect(b.newMessages == 1)
        #expect(b.oldMessages == 0)

        let m = mapping.voicemailMessage(try #require(messages.first), boxID: "224")
        #expect(m.id == "1612943003-00000000")
        #expect(m.boxId == "224")
        #expect(m.folder == .new)
        #expect(m.from == Party(number: "221", rawNumber: "221", name: "Tina Sander", extension: nil, userId: nil))
        #expect(m.receivedAt == Date(timeIntervalSince1970: 1612943003))
        #expect(m.durationSeconds == 12)
    }

    @Test func voicemailBoxDetailDropsThePinHash() throws {
        let box = try PascomVoicemailBox(Fixture.object("voicemailbox"))
        let b = mapping.voicemailBox(box, messages: [])
        #expect(b.id == "7007")
        #expect(b.newMessages == 0 && b.oldMessages == 0)
        #expect(b.raw?["md5pass"] == nil)
        #expect(b.raw?["016voi_email"] == .string("test-stage+sf@pascom.net"))
    }

    @Test func callerIDWithoutSeparateFields() throws {
        var o = try #require(Fixture.list("voicemail-messages").first).fields
        o["calleridname"] = nil
        o["calleridnum"] = nil
        o["folder"] = .string("Old")
        let m = mapping.voicemailMessage(try PascomVoicemailMessage(PascomObject(o)), boxID: "224")
        #expect(m.from.name == "Tina Sander")
        #expect(m.from.rawNumber == "221")
        #expect(m.folder == .old)
    }
}
