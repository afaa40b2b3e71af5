import PBXCore

/// Phonebook capabilities over pascom's global book. PBX users, which pascom lists there
/// too (`type` `011account`), are served by `/users` and found by `lookup`, not listed here.
extension PascomAdapter {
    public func contacts(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<Contact> {
        var offset = 0
        if let t = page.token {
            guard t.hasPrefix("o"), let o = Int(t.dropFirst()), o >= 0 else { throw PBXError.invalidInput("malformed phonebook cursor") }
            offset = o
        }
        let limit = min(max(1, page.limit), client.config.phonebookBatchSize)
        let result = try await client.phonebook(search: query, offset: offset, limit: limit, context: context)
        let next = offset + result.entries.count
        let more = !result.entries.isEmpty && (result.total.map { next < $0 } ?? (result.entries.count >= limit))
        let contacts = result.entries.filter { !$0.isUser }.map(mapping.contact)
        return Page(items: contacts, nextToken: more ? "o\(next)" : nil)
    }

    public func contact(id: String, context: PBXContext) async throws -> Contact {
        let e = try await client.phonebookEntry(try contactID(id), context: context)
        guard !e.isUser else { throw PBXError.notFound("no contact \(id)") }
        return mapping.contact(e)
    }

    /// pascom does not document what create answers; an entry it sends back is used,
    /// otherwise the newest entry with this display name is read back.
    public func createContact(_ input: ContactInput, context: PBXContext) async throws -> Contact {
        let body = try PascomMapping.phonebookWrite(input)
        if let e = try await client.writePhonebookEntry(id: nil, body, context: context) { return mapping.contact(e) }
        let found = try await client.phonebook(search: body.displayname, offset: 0, limit: client.config.phonebookBatchSize, context: context)
        let candidates = found.entries.filter { !$0.isUser && $0.displayName == body.displayname }
        guard let newest = candidates.max(by: { PascomCallHistory.idOrder($1.id, $0.id) }) else {
            throw PBXError.upstream(status: nil, detail: "pascom accepted the contact but it cannot be found")
        }
        return mapping.contact(newest)
    }

    /// `PUT` replaces: every field is sent, absent ones empty.
    public func updateContact(id: String, _ input: ContactInput, context: PBXContext) async throws -> Contact {
        let id = try contactID(id)
        let existing = try await client.phonebookEntry(id, context: context)
        guard !existing.isUser else { throw PBXError.notFound("no contact \(id)") }
        let body = try PascomMapping.phonebookWrite(input)
        if let e = try await client.writePhonebookEntry(id: id, body, context: context), e.id == id { return mapping.contact(e) }
        return mapping.contact(try await client.phonebookEntry(id, context: context))
    }

    public func deleteContact(id: String, context: PBXContext) async throws {
        let id = try contactID(id)
        let existing = try await client.phonebookEntry(id, context: context)
        guard !existing.isUser else { throw PBXError.notFound("no contact \(id)") }
        try await client.deletePhonebookEntry(id, context: context)
    }

    /// pascom's `search` is a substring match over stored numbers, which are kept as typed
    /// (`0991…`, `0049…`, `+49 170 123 4567`). The search uses the number's last four digits,
    /// which survive most ways of grouping; every candidate is then compared in E.164.
    /// Users are matched by extension from `/identity/`.
    public func lookup(number: String, context: PBXContext) async throws -> [LookupMatch] {
        let digits = number.filter { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return [] }
        async let users = client.identities(context: context)
        let tail = String(digits.suffix(4))
        let batch = client.config.phonebookBatchSize
        var entries: [PascomPhonebookEntry] = []
        for page in 0..<20 {
            let result = try await client.phonebook(search: tail, offset: page * batch, limit: batch, context: context)
            entries += result.entries
            if result.entries.count < batch || result.total.map({ entries.count >= $0 }) == true { break }
        }
        return mapping.lookupMatches(contacts: entries, users: try await users, number: number)
    }

    /// Contact ids are pascom's numeric entry ids; anything else cannot exist.
    private func contactID(_ id: String) throws(PBXError) -> String {
        let seg = try PascomClient.segment(id, "contact id")
        guard id.count <= 20, id.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notFound("no contact \(id)") }
        return seg
    }
}
