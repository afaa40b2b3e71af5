import PBXCore

/// Voicemail over `/voicemailbox/`: boxes by mailbox number, messages by `msg_id` in the
/// all-folders view (`*`), so a message keeps its id when it moves from INBOX to Old.
extension PascomAdapter {
    public func voicemailBoxes(context: PBXContext) async throws -> [VoicemailBox] {
        let boxes = try await client.voicemailBoxes(context: context)
        let client = self.client
        // pascom's box list has no counts; one message list per box gives them exactly.
        let lists = try await withThrowingTaskGroup(of: (Int, [PascomVoicemailMessage]).self) { group in
            for (i, b) in boxes.enumerated() {
                group.addTask { (i, try await client.voicemailMessages(b.mailbox, context: context)) }
            }
            var out = [[PascomVoicemailMessage]](repeating: [], count: boxes.count)
            for try await (i, m) in group { out[i] = m }
            return out
        }
        return boxes.enumerated().map { i, b in mapping.voicemailBox(b, messages: lists[i]) }
    }

    public func voicemailMessages(boxID: String, context: PBXContext) async throws -> [VoicemailMessage] {
        _ = try await client.voicemailBox(boxID, context: context)
        return try await client.voicemailMessages(boxID, context: context).map { mapping.voicemailMessage($0, boxID: boxID) }
    }

    public func voicemailMessage(boxID: String, messageID: String, context: PBXContext) async throws -> VoicemailMessage {
        _ = try PascomClient.segment(messageID, "message id")
        let messages = try await client.voicemailMessages(boxID, context: context)
        guard let m = messages.first(where: { $0.msgId == messageID }) else { throw PBXError.notFound("no voicemail message \(messageID)") }
        return mapping.voicemailMessage(m, boxID: boxID)
    }

    public func voicemailAudio(boxID: String, messageID: String, context: PBXContext) async throws -> VoicemailAudio {
        let r = try await client.voicemailAudio(boxID, messageID, context: context)
        guard !r.body.isEmpty else { throw PBXError.notFound("no audio for voicemail message \(messageID)") }
        let type = r.header("Content-Type").map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces) }
        return VoicemailAudio(contentType: type.flatMap { $0.hasPrefix("audio/") ? $0 : nil } ?? "audio/x-wav", bytes: r.body)
    }

    public func deleteVoicemailMessage(boxID: String, messageID: String, context: PBXContext) async throws {
        try await client.deleteVoicemail(boxID, messageID, context: context)
    }
}
