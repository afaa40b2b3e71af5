import Foundation
import HTTPServer

/// `/voicemailbox/`: boxes by mailbox number, messages per folder or `*`, WAV downloads
/// (under `/services/` and `/asset/`, §8.4), deletion, and the HEAD counters.
extension PascomSimulator {
    func installVoicemailRoutes(on router: inout Router) {
        route(&router, .GET, "voicemailbox/") { [self] _, _ in
            list(state.withLock { s in s.boxes.map { b in .object([
                ("016voi_id", .int(b.id)), ("016voi_mailbox", .string(b.mailbox)), ("016voi_name", .string(b.name)),
                ("016voi_tmstmp", .string(PascomSimTime.rowStamp(1_682_598_353))), ("016voi_transcribe", .string("enabled")),
            ]) } })
        }
        route(&router, .GET, "voicemailbox/{mailbox}") { [self] _, p in
            guard let b = state.withLock({ s in s.boxes.first { $0.mailbox == p["mailbox"] } }) else { throw Failure(status: 404) }
            return Self.json(.object([
                ("016voi_id", .int(b.id)), ("016voi_email", .string(b.email)), ("016voi_mailbox", .string(b.mailbox)),
                ("016voi_name", .string(b.name)), ("016voi_tmstmp", .string(PascomSimTime.rowStamp(1_682_598_353))),
                ("016voi_format", .string("wav")), ("016voi_transcribe", .string("enabled")),
                ("md5pass", .string(String(format: "%032x", b.id * 104_729))),
                ("folders", .array(["INBOX", "Old", "Urgent", "tmp"].map { .string($0) })),
            ]))
        }
        route(&router, .GET, "voicemailbox/{mailbox}/{folder}") { [self] request, p in
            let limit = try Self.query(request)["limit"].map { v in guard let n = Int(v), n > 0 else { throw Failure(status: 400) }; return n }
                ?? settings.defaultVoicemailLimit
            let (all, shown) = try messages(p)
            let newest = all.max { $0.origTime < $1.origTime }
            let headers: HTTPHeaders = [
                "x-voicemail-count": String(all.count), "x-voicemail-count-inbox": String(all.filter { $0.folder == "INBOX" }.count),
                "x-voicemail-count-old": String(all.filter { $0.folder == "Old" }.count),
                "x-voicemail-lastmsg-folder": newest?.folder ?? "", "x-voicemail-lastmsg-id": newest?.file ?? "",
                "x-voicemail-lastmsg-tmstmp": newest.map { String($0.origTime) } ?? "",
            ]
            return list(shown.sorted { $0.origTime > $1.origTime }.prefix(limit).map(message), headers: headers)
        }
        for asset in [false, true] {
            route(&router, .GET, "voicemailbox/{mailbox}/{folder}/{id}", asset: asset) { [self] _, p in
                let m = try find(p)
                return HTTPResponse(status: .ok, headers: ["Content-Type": "audio/x-wav", "Server": "nginx",
                                                           "Content-Disposition": "attachment; filename=\"\(m.file).wav\""], body: m.audio)
            }
        }
        route(&router, .DELETE, "voicemailbox/{mailbox}/{folder}/{id}") { [self] _, p in
            let m = try find(p)
            state.withLock { s in s.voicemails.removeAll { $0.msgId == m.msgId } }
            return Self.json(.object([]))
        }
    }

    /// The box's messages and those of the requested folder (`*` = all).
    private func messages(_ p: [String: String]) throws -> (all: [PascomSimVoicemail], shown: [PascomSimVoicemail]) {
        try state.withLock { s in
            guard s.boxes.contains(where: { $0.mailbox == p["mailbox"] }) else { throw Failure(status: 404) }
            let all = s.voicemails.filter { $0.mailbox == p["mailbox"] }
            return (all, p["folder"] == "*" ? all : all.filter { $0.folder == p["folder"] })
        }
    }

    /// `msg0000` within a named folder, or the internal `msg_id` when the folder is `*`.
    private func find(_ p: [String: String]) throws -> PascomSimVoicemail {
        let (_, shown) = try messages(p)
        let hit = p["folder"] == "*" ? shown.first { $0.msgId == p["id"] } : shown.first { $0.file == p["id"] }
        guard let hit else { throw Failure(status: 404) }
        return hit
    }

    private func message(_ m: PascomSimVoicemail) -> PascomSimJSON {
        let caller = m.callerName.map { "\"\($0)\" <\(m.callerNumber)>" } ?? m.callerNumber
        let date = Date(timeIntervalSince1970: Double(m.origTime))
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = .gmt
        f.dateFormat = "EEE MMM dd hh:mm:ss a 'UTC' yyyy"
        return .object([
            ("origmailbox", .string(m.mailbox)), ("context", .string("sub_mailbox-recording")), ("macrocontext", .string("")),
            ("exten", .string("s")), ("rdnis", .string("unknown")), ("priority", .string("7")),
            ("callerchan", .string("PJSIP/CIHoybZzDoNMHyD-0000000b")), ("callerid", .string(caller)),
            ("origdate", .string(f.string(from: date))), ("origtime", .string(String(m.origTime))), ("category", .string("")),
            ("msg_id", .string(m.msgId)), ("flag", .string("")), ("duration", .string(String(m.duration))),
            ("calleridname", .string(m.callerName ?? "")), ("calleridnum", .string(m.callerNumber)),
            ("file", .string(m.file + ".txt")), ("id", .string(m.file)), ("folder", .string(m.folder)),
        ])
    }
}
