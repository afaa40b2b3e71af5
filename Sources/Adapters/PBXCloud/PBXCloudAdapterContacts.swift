import Foundation
import PBXCore

// Phonebook and voicemail of the PBX Cloud adapter.
extension PBXCloudAdapter {
    // MARK: Phonebook

    /// All entries of the configured book: a `name` query with the `%` wildcard (MiRTA has
    /// no list-all sub-request).
    func allEntries(_ context: PBXContext) async throws(PBXError) -> [PBXCloudPhonebookEntry] {
        try await client.phonebookQuery(field: "name", value: "%", context: context)
    }

    public func contacts(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<Contact> {
        let map = mapping()
        var contacts = try await allEntries(context).compactMap(map.contact)
        if let q = query?.lowercased(), !q.isEmpty {
            let digits = q.filter(\.isNumber)
            let e164 = map.normalizer.normalize(q)
            contacts = contacts.filter { c in
                [c.name, c.company, c.firstName, c.lastName].contains { $0?.lowercased().contains(q) == true }
                    || c.numbers.contains { n in
                        n.number == e164 || (digits.count >= 3 && n.rawNumber.filter(\.isNumber).contains(digits))
                    }
            }
        }
        return .all(contacts)
    }

    public func contact(id: String, context: PBXContext) async throws -> Contact {
        try PBXCloudClient.validateID(id, what: "contact id")
        let entries = try await client.phonebookQuery(field: "peid", value: id, context: context)
        guard let contact = entries.first(where: { $0.record["peid"] == id }).flatMap(mapping().contact) else {
            throw PBXError.notFound("contact \(id)")
        }
        return contact
    }

    public func createContact(_ input: ContactInput, context: PBXContext) async throws -> Contact {
        let values = PBXCloudMapping.phonebookValues(input)
        let answer = try await client.phonebookAdd(values: values, context: context)
        if let id = answer.identifier { return try await contact(id: id, context: context) }
        // No id in the answer: the newest entry with that name is the one just added.
        let name = values["NAME"] ?? ""
        let entries = try await client.phonebookQuery(field: "name", value: name, context: context)
        guard let newest = entries.compactMap(mapping().contact).max(by: { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) }) else {
            throw PBXError.upstream(status: 200, detail: "PBX Cloud accepted the contact but it cannot be found again")
        }
        return newest
    }

    /// Delete + add: MiRTA has no update. Not atomic — if the add fails after the delete,
    /// the contact is gone and the error says so; the contact's id changes.
    public func updateContact(id: String, _ input: ContactInput, context: PBXContext) async throws -> Contact {
        _ = try await contact(id: id, context: context)
        try await client.phonebookDelete(peid: id, context: context)
        do {
            return try await createContact(input, context: context)
        } catch let error as PBXError {
            throw PBXError.upstream(status: nil, detail: "PBX Cloud update is delete + add; the delete succeeded but the add failed: \(error)")
        }
    }

    public func deleteContact(id: String, context: PBXContext) async throws {
        _ = try await contact(id: id, context: context)
        try await client.phonebookDelete(peid: id, context: context)
    }

    /// Caller-ID lookup: phonebook numbers and user extensions compared in E.164.
    public func lookup(number: String, context: PBXContext) async throws -> [LookupMatch] {
        let map = mapping()
        let wanted = map.normalizer.normalize(number)
        var matches: [LookupMatch] = []
        for contact in try await allEntries(context).compactMap(map.contact) {
            if let hit = contact.numbers.first(where: { $0.number == wanted || $0.rawNumber == number }) {
                matches.append(LookupMatch(kind: .contact, id: contact.id, name: contact.name, company: contact.company, matchedNumber: hit.number))
            }
        }
        for user in try await client.extensions(context: context).compactMap(map.user) {
            if let ext = user.extensions.first(where: { map.normalizer.normalize($0) == wanted || $0 == number }) {
                matches.append(LookupMatch(kind: .user, id: user.id, name: user.name, company: nil, matchedNumber: ext))
            }
        }
        return matches
    }

    // MARK: Voicemail

    public func voicemailBoxes(context: PBXContext) async throws -> [VoicemailBox] {
        let map = mapping()
        var boxes: [VoicemailBox] = []
        for mailbox in try await client.mailboxes(context: context) {
            var newCount: Int?, oldCount: Int?
            if configuration.voicemailCounts, let id = mailbox.record["mailbox"] {
                let folders = try await client.messages(mailbox: id, context: context).map { map.folder($0.record["Dir"]) }
                newCount = folders.count { $0 == .new }
                oldCount = folders.count { $0 == .old }
            }
            if let box = map.box(mailbox, newMessages: newCount, oldMessages: oldCount) { boxes.append(box) }
        }
        return boxes
    }

    public func voicemailMessages(boxID: String, context: PBXContext) async throws -> [VoicemailMessage] {
        let map = mapping()
        let messages = try await client.messages(mailbox: boxID, context: context).compactMap { map.message($0, boxID: boxID) }
        // An unknown box and an empty box both answer 0 bytes; tell them apart only when empty.
        if messages.isEmpty, try await !client.mailboxes(context: context).contains(where: { $0.record["mailbox"] == boxID }) {
            throw PBXError.notFound("voicemail box \(boxID)")
        }
        return messages
    }

    public func voicemailMessage(boxID: String, messageID: String, context: PBXContext) async throws -> VoicemailMessage {
        try PBXCloudClient.validateID(messageID, what: "message id")
        guard let message = try await voicemailMessages(boxID: boxID, context: context).first(where: { $0.id == messageID }) else {
            throw PBXError.notFound("voicemail message \(messageID)")
        }
        return message
    }

    public func voicemailAudio(boxID: String, messageID: String, context: PBXContext) async throws -> VoicemailAudio {
        guard let audio = try await client.messageAudio(mailbox: boxID, msgid: messageID, context: context) else {
            throw PBXError.notFound("voicemail message \(messageID)")
        }
        return audio
    }

    public func deleteVoicemailMessage(boxID: String, messageID: String, context: PBXContext) async throws {
        _ = try await voicemailMessage(boxID: boxID, messageID: messageID, context: context)
        try await client.deleteMessage(mailbox: boxID, msgid: messageID, context: context)
    }
}
