import Foundation
import PBXCore

/// VitalPBX DTOs → the neutral model. Pure functions; the adapter supplies the context
/// (time zone, number normaliser, extension directory).
enum VitalPBXMapping {
    /// Vendor field names that never leave the gateway, beyond `SecretFields`' markers:
    /// device SIP `secret`, the extension's `features_password`, voicemail `password`, and
    /// `recfile`, whose `/static/<hash>/` path may fetch the audio without credentials.
    static let secretFields: Set<String> = ["secret", "features_password", "password", "vm_password", "app-key", "recfile"]

    static func raw(_ record: JSONValue) -> JSONValue { record.redactingSecrets(extra: secretFields) }

    /// `raw` only when the client asked for it (`PBXContext.includeRaw`): cleaning a record
    /// walks every member, which costs more than the rest of the mapping.
    static func raw(_ record: JSONValue, if wanted: Bool) -> JSONValue? { wanted ? raw(record) : nil }

    // MARK: Directory

    static func user(_ e: VitalPBXExtension, includeRaw: Bool = true) -> User {
        User(id: e.id, name: e.name, username: e.number, extensions: e.number.map { [$0] } ?? [],
             email: e.email, presence: .unknown, raw: raw(e.raw, if: includeRaw))
    }

    static func device(_ d: VitalPBXDevice, includeRaw: Bool = true) -> Device {
        Device(id: d.id, name: d.description ?? d.deviceName ?? d.user, userId: d.extensionID, state: nil, raw: raw(d.raw, if: includeRaw))
    }

    static func queue(_ q: VitalPBXQueue, agentCount: Int?, includeRaw: Bool = true) -> Queue {
        Queue(id: q.id, name: q.name, extension: q.number, waitingCalls: nil, agentCount: agentCount, raw: raw(q.raw, if: includeRaw))
    }

    /// An agent is a device (pause/unpause act on `devices/{id}`) of a member extension.
    static func agent(device: VitalPBXDevice, owner: VitalPBXExtension, membership: VitalPBXDeviceQueue?) -> Agent {
        var state = AgentState.unknown
        if membership?.loggedIn == false {
            state = .unavailable
        } else if let status = membership?.status?.lowercased() {
            state = switch status {
            case "not in use", "idle", "available", "not_inuse": .idle
            case "in use", "busy", "inuse", "on hold", "onhold": .busy
            case "ringing", "ring", "ringinuse": .ringing
            case "unavailable", "invalid", "unknown device": .unavailable
            default: .unknown
            }
        }
        var record = device.raw
        if let m = membership, case .object(var o) = record { o["queue_status"] = m.raw; record = .object(o) }
        return Agent(id: device.id, userId: owner.id, name: owner.name ?? device.description, extension: owner.number,
                     paused: membership?.paused ?? false, pauseReason: membership?.paused == true ? membership?.pauseReason : nil,
                     state: state, raw: raw(record))
    }

    // MARK: Phonebook

    /// Contact ids carry their phone book (`<phonebook_id>-<contact_id>`): the vendor reads
    /// contacts only per book.
    static func contactID(book: String, contact: String) -> String { "\(book)-\(contact)" }

    static func splitContactID(_ id: String) -> (book: String, contact: String)? {
        guard let dash = id.firstIndex(of: "-") else { return nil }
        let book = String(id[..<dash]), contact = String(id[id.index(after: dash)...])
        return book.isEmpty || contact.isEmpty ? nil : (book, contact)
    }

    static func contact(_ c: VitalPBXContact, book: String, normalizer: PhoneNumberNormalizer) -> Contact {
        let numbers = c.numbers.map { field, number in
            let type: ContactNumberType = switch field {
            case "phone", "work_phone": .work
            case "mobile": .mobile
            case "home", "home_phone": .home
            case "fax": .fax
            default: .other
            }
            return ContactNumber(type: type, number: normalizer.normalize(number), rawNumber: number)
        }
        let joined = [c.firstName, c.lastName].compactMap { $0 }.joined(separator: " ")
        return Contact(id: contactID(book: book, contact: c.id), name: c.name ?? (joined.isEmpty ? c.company : joined),
                       firstName: c.firstName, lastName: c.lastName, company: c.company, email: c.email,
                       numbers: numbers, raw: raw(c.raw))
    }

    // MARK: Voicemail

    static func folder(_ name: String) -> VoicemailFolder {
        switch name.lowercased() {
        case "inbox": .new
        case "old": .old
        default: .other
        }
    }

    /// Message ids are `<folder>-<message name>` (`INBOX-msg0000`): the vendor has none, and
    /// `DELETE voicemail/{mailbox}/{folder}/{message}` needs both parts.
    static func messageID(folder: String, name: String) -> String { "\(folder)-\(name)" }

    static func splitMessageID(_ id: String) -> (folder: String, name: String)? {
        guard let dash = id.firstIndex(of: "-") else { return nil }
        let folder = String(id[..<dash]), name = String(id[id.index(after: dash)...])
        return folder.isEmpty || name.isEmpty ? nil : (folder, name)
    }

    static func voicemailBox(_ e: VitalPBXExtension, folders: VitalPBXVoicemailFolders) -> VoicemailBox {
        let new = folders.folders.filter { folder($0.name) == .new }.reduce(0) { $0 + $1.records.count }
        let old = folders.folders.filter { folder($0.name) == .old }.reduce(0) { $0 + $1.records.count }
        return VoicemailBox(id: e.id, name: e.name, extension: e.number, newMessages: new, oldMessages: old, raw: raw(e.raw))
    }

    static func voicemailMessages(boxID: String, folders: VitalPBXVoicemailFolders, normalizer: PhoneNumberNormalizer) -> [VoicemailMessage] {
        folders.folders.flatMap { folder, records in
            records.compactMap { voicemailMessage(boxID: boxID, folder: folder, record: $0, normalizer: normalizer) }
        }
        .sorted { ($0.receivedAt ?? .distantPast) > ($1.receivedAt ?? .distantPast) }
    }

    static func voicemailMessage(boxID: String, folder name: String, record r: VitalPBXVoicemailRecord,
                                 normalizer: PhoneNumberNormalizer) -> VoicemailMessage? {
        guard let message = r.messageName else { return nil }
        return VoicemailMessage(id: messageID(folder: name, name: message), boxId: boxID, folder: folder(name),
                                from: party(callerID: r.clid, fallback: nil, normalizer: normalizer, directory: [:]),
                                receivedAt: VitalPBXTime.parse(r.date, timeZone: .gmt), durationSeconds: r.duration,
                                raw: raw(r.raw))
    }

    // MARK: Calls

    /// `epoch-cdr_id`: the start second makes `calls/{id}` answerable with a one-second
    /// `GET cdr` window, the vendor having no lookup by id.
    static func callID(start: Date, cdrID: String) -> String { "\(Int64(start.timeIntervalSince1970))-\(cdrID)" }

    static func splitCallID(_ id: String) -> (start: Date, cdrID: String)? {
        guard let dash = id.firstIndex(of: "-"), let epoch = Int64(id[..<dash]), epoch >= 0 else { return nil }
        let cdr = String(id[id.index(after: dash)...])
        return cdr.isEmpty ? nil : (Date(timeIntervalSince1970: TimeInterval(epoch)), cdr)
    }

    /// Nil when the row has no usable `calldate` (a call without a start is not a call).
    static func call(_ r: VitalPBXCDR, timeZone: TimeZone, normalizer: PhoneNumberNormalizer,
                     directory: [String: VitalPBXExtension]) -> Call? {
        guard let start = VitalPBXTime.parse(r.calldate, timeZone: timeZone) else { return nil }
        let from = party(callerID: r.clid, fallback: r.src, normalizer: normalizer, directory: directory)
        let to = party(callerID: nil, fallback: r.dst, normalizer: normalizer, directory: directory)
        let status = callStatus(disposition: r.disposition, lastapp: r.lastapp)
        let ended = r.duration.map { start.addingTimeInterval(TimeInterval($0)) }
        var answered: Date?
        if status == .answered, let duration = r.duration, let talk = r.billsec {
            answered = start.addingTimeInterval(TimeInterval(max(0, duration - talk)))
        }
        return Call(id: callID(start: start, cdrID: r.id), direction: direction(r.calltype, from: from, to: to),
                    status: status, startedAt: start, answeredAt: answered, endedAt: ended,
                    durationSeconds: r.duration, talkSeconds: r.billsec, from: from, to: to,
                    queueId: r.queueID, recordingId: r.recordingFile.map { _ in r.id }, costs: nil, raw: raw(r.raw))
    }

    static func callStatus(disposition: String?, lastapp: String?) -> CallStatus {
        if lastapp?.lowercased() == "voicemail" { return .voicemail }
        switch disposition?.uppercased() {
        case "ANSWERED": return .answered
        case "NO ANSWER", "NOANSWER", "CANCEL": return .missed
        case "BUSY": return .busy
        case "FAILED", "CONGESTION", "CHANUNAVAIL": return .failed
        default: return .unknown
        }
    }

    /// `calltype` uses the buckets of `cdr_summary` (`local`, `incoming`, `outgoing`,
    /// `transit`); without it the direction follows which side is an extension.
    static func direction(_ calltype: String?, from: Party, to: Party) -> CallDirection {
        switch calltype?.lowercased() {
        case "incoming", "inbound", "in": return .inbound
        case "outgoing", "outbound", "out", "transit": return .outbound
        case "local", "internal": return .internal
        default:
            switch (from.extension != nil, to.extension != nil) {
            case (true, true): return .internal
            case (true, false): return .outbound
            default: return .inbound
            }
        }
    }

    /// A party from a caller id (`"Jhone Doe" <100>`, `Demo<1519>`) or a bare number;
    /// numbers that are extensions of the tenant get `extension` and `userId`.
    static func party(callerID: String?, fallback: String?, normalizer: PhoneNumberNormalizer,
                      directory: [String: VitalPBXExtension]) -> Party {
        var name: String?
        var number = fallback
        if let callerID {
            let split = PhoneNumberNormalizer.splitCallerID(callerID)
            if split.name != nil || callerID.contains("<") {
                name = split.name
                if !split.number.isEmpty { number = split.number }
            } else if number == nil {
                number = callerID
            }
        }
        guard let raw = number, !raw.isEmpty else { return Party(name: name) }
        let owner = directory[raw]
        let isExtension = owner != nil
            || (raw.count <= PhoneNumberNormalizer.maxExtensionDigits && raw.allSatisfy(\.isNumber) && !raw.isEmpty)
        return Party(number: normalizer.normalize(raw), rawNumber: raw, name: name ?? owner?.name,
                     extension: isExtension ? raw : nil, userId: owner?.id)
    }
}
