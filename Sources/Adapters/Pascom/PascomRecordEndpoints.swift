import PBXCore
import Upstream

/// Phonebook and voicemail endpoints: the resources the gateway can change.
extension PascomClient {
    // MARK: Phonebook (global book)

    func phonebook(search: String?, offset: Int, limit: Int, context: PBXContext) async throws(PBXError) -> PascomPhonebookPage {
        var query = [("offset", String(offset)), ("limit", String(limit))]
        if let search, !search.isEmpty { query.append(("search", search)) }
        let r = try await send("GET", ["phonebook", ""], query: query, operation: "GET /phonebook/", context: context)
        if r.body.isEmpty { return try decode("GET /phonebook/") { () throws(PascomDecodingError) in try PascomPhonebookPage(PascomObject([:])) } }
        return try decode("GET /phonebook/") { () throws(PascomDecodingError) in try PascomPhonebookPage.one(r.body) }
    }

    func phonebookEntry(_ id: String, context: PBXContext) async throws(PBXError) -> PascomPhonebookEntry {
        let r = try await send("GET", ["phonebook", try Self.segment(id, "contact id")], operation: "GET /phonebook/{id}", context: context)
        if r.body.isEmpty { throw .notFound("no contact \(id)") }
        return try decode("GET /phonebook/{id}") { () throws(PascomDecodingError) in try PascomPhonebookEntry.one(r.body) }
    }

    /// Create (`id` nil, `POST /phonebook/`) or update (`POST /phonebook/{id}`). pascom does
    /// not document the answer; an entry object is used when it sends one, nil otherwise.
    func writePhonebookEntry(id: String?, _ body: PascomPhonebookWrite, context: PBXContext) async throws(PBXError) -> PascomPhonebookEntry? {
        let path = try id.map { id throws(PBXError) in ["phonebook", try Self.segment(id, "contact id")] } ?? ["phonebook", ""]
        let op = id == nil ? "POST /phonebook/" : "POST /phonebook/{id}"
        let r = try await send("POST", path, json: body, operation: op, context: context)
        guard let o = try? PascomBody.object(r.body, what: "phonebook entry") else { return nil }
        return try? PascomPhonebookEntry(o)
    }

    func deletePhonebookEntry(_ id: String, context: PBXContext) async throws(PBXError) {
        _ = try await send("DELETE", ["phonebook", try Self.segment(id, "contact id")], operation: "DELETE /phonebook/{id}", context: context)
    }

    // MARK: Voicemail

    func voicemailBoxes(context: PBXContext) async throws(PBXError) -> [PascomVoicemailBox] {
        let r = try await send("GET", ["voicemailbox", ""], operation: "GET /voicemailbox/", context: context)
        return try decode("GET /voicemailbox/") { () throws(PascomDecodingError) in try PascomVoicemailBox.list(r.body) }
    }

    func voicemailBox(_ mailbox: String, context: PBXContext) async throws(PBXError) -> PascomVoicemailBox {
        let r = try await send("GET", ["voicemailbox", try Self.segment(mailbox, "voicemail box id")],
                               operation: "GET /voicemailbox/{mailbox}", context: context)
        if r.body.isEmpty { throw .notFound("no voicemail box \(mailbox)") }
        return try decode("GET /voicemailbox/{mailbox}") { () throws(PascomDecodingError) in try PascomVoicemailBox.one(r.body) }
    }

    /// All folders (`*`); an empty box answers 204.
    func voicemailMessages(_ mailbox: String, context: PBXContext) async throws(PBXError) -> [PascomVoicemailMessage] {
        let r = try await send("GET", ["voicemailbox", try Self.segment(mailbox, "voicemail box id"), "*"],
                               query: [("limit", String(config.voicemailLimit))],
                               operation: "GET /voicemailbox/{mailbox}/{folder}", context: context)
        return try decode("GET /voicemailbox/{mailbox}/{folder}") { () throws(PascomDecodingError) in try PascomVoicemailMessage.list(r.body) }
    }

    /// Audio by `msg_id` in folder `*`. The reference shows the download under `/services/`
    /// and, in its curl line, under `/asset/`; the second is tried when the first is 404.
    func voicemailAudio(_ mailbox: String, _ msgId: String, context: PBXContext) async throws(PBXError) -> UpstreamResponse {
        let path = ["voicemailbox", try Self.segment(mailbox, "voicemail box id"), "*", try Self.segment(msgId, "message id")]
        do {
            return try await send("GET", path, accept: "audio/x-wav", operation: "GET /voicemailbox/{mailbox}/{folder}/{id}", context: context)
        } catch .notFound {
            return try await send("GET", path, accept: "audio/x-wav", asset: true,
                                  operation: "GET /asset/voicemailbox/{mailbox}/{folder}/{id}", context: context)
        }
    }

    func deleteVoicemail(_ mailbox: String, _ msgId: String, context: PBXContext) async throws(PBXError) {
        let path = ["voicemailbox", try Self.segment(mailbox, "voicemail box id"), "*", try Self.segment(msgId, "message id")]
        _ = try await send("DELETE", path, operation: "DELETE /voicemailbox/{mailbox}/{folder}/{id}", context: context)
    }
}
