import Foundation
import PBXCore

/// pascom DTOs → neutral model. Pure: the only inputs are the records, the tenant's number
/// normaliser and the time zone for times pascom sends without an offset.
struct PascomMapping: Sendable {
    var normalizer: PhoneNumberNormalizer
    var timeZone: TimeZone

    // MARK: Calls

    func call(_ r: PascomCallRecord) throws(PascomDecodingError) -> Call {
        guard let started = startTime(ms: r.timestampMs, time: r.time) else {
            throw PascomDecodingError("CDR record without a usable timestamp")
        }
        let ended = r.duration.map { started.addingTimeInterval(Double($0)) }
        // pascom reports total and connected seconds only; the call was answered that many
        // seconds before it ended.
        let answered = r.connected.flatMap { c in c > 0 ? ended.map { $0.addingTimeInterval(-Double(c)) } : nil }
        let direction: CallDirection
        let from: Party
        let to: Party
        if let legacy = r.legacy {
            let user = Party(number: legacy.extension.map(normalizer.normalize), rawNumber: legacy.extension,
                             name: nil, extension: legacy.extension, userId: legacy.userName)
            let other = party(number: legacy.number, name: legacy.name, extension: nil, userName: nil)
            direction = legacy.internal == true ? .internal : (legacy.inbound == true ? .inbound : .outbound)
            (from, to) = direction == .inbound ? (other, user) : (user, other)
        } else {
            direction = Self.direction(src: isInternal(r.src), dst: isInternal(r.dst))
            from = party(r.src)
            to = party(r.dst)
        }
        return Call(id: r.id, direction: direction,
                    status: Self.status(result: r.result, details: r.resultDetails, connected: r.connected,
                                        voicemailId: r.legacy?.voicemailId),
                    startedAt: started, answeredAt: answered, endedAt: ended,
                    durationSeconds: r.duration, talkSeconds: r.connected,
                    from: from, to: to, queueId: r.queueName, recordingId: r.recordId, costs: nil,
                    raw: r.object.redacted)
    }

    /// Both internal → internal; external → internal is inbound; internal → external is
    /// outbound. External → external (a call forwarded out of the PBX) is outbound too: the
    /// PBX placed that leg.
    static func direction(src: Bool, dst: Bool) -> CallDirection {
        switch (src, dst) {
        case (true, true): .internal
        case (false, true): .inbound
        default: .outbound
        }
    }

    /// `resultDetails` `voicemail` wins; then connected time means answered; `busy` and
    /// failures where pascom names them; every other unconnected call is missed.
    static func status(result: String?, details: String?, connected: Int?, voicemailId: String?) -> CallStatus {
        let result = result?.lowercased(), details = details?.lowercased()
        if details == "voicemail" || voicemailId != nil { return .voicemail }
        if let connected, connected > 0 { return .answered }
        if result == "busy" || details == "busy" { return .busy }
        if let result, ["failed", "congestion", "chanunavail", "error"].contains(result) { return .failed }
        if result == nil && connected == nil { return .unknown }
        return .missed
    }

    func activeCall(_ c: PascomLiveCall) -> ActiveCall {
        let state: ActiveCallState = switch c.state?.lowercased() {
        case "ringing", "ring", "dialing": .ringing
        case "busy", "up", "connected", "talking", "inuse": .connected
        case "hold", "onhold", "held": .held
        default: .unknown
        }
        let user = isInternal(c.src) ? c.src.userName : nil
        return ActiveCall(id: c.phonecallId, startedAt: startTime(ms: c.timestampMs, time: c.time), state: state,
                          from: party(c.src), to: party(c.dst), userId: user ?? c.dst.userName,
                          raw: c.object.redacted)
    }

    // MARK: Users, queues, devices

    func user(_ i: PascomIdentity, hint: String?) -> User {
        User(id: i.name, name: i.displayName, username: i.name, extensions: i.extension.map { [$0] } ?? [],
             email: i.email, presence: Self.presence(userState: i.state, hint: hint), raw: i.object.redacted)
    }

    /// The line state (Asterisk hint of `identity/states`) says what the phone does right
    /// now; the user's own state (`003use_state`) says what they chose. Ringing and talking
    /// win, then the chosen state, then whether a phone is reachable at all.
    static func presence(userState: String?, hint: String?) -> Presence {
        let h = hint?.lowercased().replacingOccurrences(of: " ", with: "")
        if let h, h.hasPrefix("ring") { return .ringing }
        if let h, ["inuse", "busy", "onhold", "hold"].contains(h) { return .busy }
        switch userState?.uppercased() {
        case "USER_AVAILABLE": return .available
        case "USER_AWAY": return .away
        case "USER_BUSY", "USER_DND": return .busy
        default: break
        }
        switch h {
        case "unavailable": return .offline
        case "idle", "notinuse": return .available
        default: return .unknown
        }
    }

    func queue(_ q: PascomQueueHeader) -> Queue {
        Queue(id: q.name, name: q.name, extension: q.extension, waitingCalls: q.waiting, agentCount: q.agentCount,
              raw: q.object.redacted)
    }

    func queue(_ q: PascomQueueDetail) -> Queue {
        Queue(id: q.name, name: q.name, extension: q.extension, waitingCalls: q.entries, agentCount: q.members.count,
              raw: q.object.redacted)
    }

    func agent(_ m: PascomQueueDetail.Member, hint: String?) -> Agent {
        let h = hint?.lowercased().replacingOccurrences(of: " ", with: "")
        let state: AgentState
        if m.loggedIn == false { state = .unavailable }
        else {
            state = switch h {
            case "idle", "notinuse": .idle
            case "inuse", "busy", "onhold", "hold": .busy
            case "ringing", "ring", "ringinuse": .ringing
            case "unavailable": .unavailable
            default: .unknown
            }
        }
        return Agent(id: m.agent, userId: m.agent, name: m.displayName, extension: m.phone, paused: m.paused,
                     pauseReason: m.paused ? m.pauseReason : nil, state: state, raw: m.object.redacted)
    }

    func device(_ d: PascomDevice, state: String?) -> Device {
        Device(id: d.name, name: d.caption ?? d.name, userId: d.userName, state: state, raw: d.object.redacted)
    }

    func number(_ n: (trunk: String, number: String)) -> PhoneNumber {
        PhoneNumber(id: n.number, number: normalizer.normalize(n.number),
                    raw: .object(["trunk": .string(n.trunk), "number": .string(n.number)]))
    }

    // MARK: Phonebook

    func contact(_ e: PascomPhonebookEntry) -> Contact {
        Contact(id: e.id, name: e.displayName, firstName: e.firstName, lastName: e.surname, company: e.organisation,
                email: e.email, numbers: contactNumbers(e).map { ContactNumber(type: $0.type, number: normalizer.normalize($0.raw), rawNumber: $0.raw) },
                raw: e.object.redacted)
    }

    func contactNumbers(_ e: PascomPhonebookEntry) -> [(type: ContactNumberType, raw: String)] {
        [(ContactNumberType.work, e.phone), (.mobile, e.mobile), (.home, e.homephone), (.fax, e.fax)]
            .compactMap { t, n in n.map { (t, $0) } }
    }

    /// Phonebook entries whose numbers equal `number` once both are in E.164.
    func lookupMatches(contacts: [PascomPhonebookEntry], users: [PascomIdentity], number: String) -> [LookupMatch] {
        let wanted = normalizer.normalize(number)
        var out: [LookupMatch] = []
        for e in contacts where !e.isUser {
            if let hit = contactNumbers(e).map({ normalizer.normalize($0.raw) }).first(where: { $0 == wanted }) {
                out.append(LookupMatch(kind: .contact, id: e.id, name: e.displayName, company: e.organisation, matchedNumber: hit))
            }
        }
        for u in users {
            if let ext = u.extension, normalizer.normalize(ext) == wanted {
                out.append(LookupMatch(kind: .user, id: u.name, name: u.displayName, company: nil, matchedNumber: ext))
            }
        }
        return out
    }

    /// The vendor body for a neutral contact; pascom has one slot per number kind.
    static func phonebookWrite(_ input: ContactInput) throws(PBXError) -> PascomPhonebookWrite {
        var slots: [ContactNumberType: String] = [:]
        for n in input.numbers {
            guard n.type != .other else {
                throw .invalidInput("pascom stores numbers as work, mobile, home or fax; 'other' has no slot")
            }
            guard slots[n.type] == nil else {
                throw .invalidInput("pascom stores one \(n.type.rawValue) number per contact")
            }
            slots[n.type] = n.number
        }
        let composed = [input.firstName, input.lastName].compactMap { $0 }.joined(separator: " ")
        let display = input.name ?? (composed.isEmpty ? input.company ?? "" : composed)
        return PascomPhonebookWrite(displayname: display, firstname: input.firstName ?? "", surname: input.lastName ?? "",
                                    phone: slots[.work] ?? "", email: input.email ?? "", fax: slots[.fax] ?? "",
                                    mobile: slots[.mobile] ?? "", homephone: slots[.home] ?? "",
                                    organisation: input.company ?? "")
    }

    // MARK: Voicemail

    func voicemailBox(_ b: PascomVoicemailBox, messages: [PascomVoicemailMessage]) -> VoicemailBox {
        let folders = messages.map { Self.folder($0.folder) }
        return VoicemailBox(id: b.mailbox, name: b.name, extension: b.mailbox,
                            newMessages: folders.filter { $0 == .new }.count,
                            oldMessages: folders.filter { $0 == .old }.count, raw: b.object.redacted)
    }

    func voicemailMessage(_ m: PascomVoicemailMessage, boxID: String) -> VoicemailMessage {
        let split = m.callerId.map(PhoneNumberNormalizer.splitCallerID)
        var number = m.callerNumber ?? split?.number
        if number?.lowercased() == "unknown" { number = nil }
        let from = Party(number: number.map(normalizer.normalize), rawNumber: number,
                         name: m.callerName ?? split?.name, extension: nil, userId: nil)
        return VoicemailMessage(id: m.msgId, boxId: boxID, folder: Self.folder(m.folder), from: from,
                                receivedAt: m.origTime.map { Date(timeIntervalSince1970: Double($0)) },
                                durationSeconds: m.duration, raw: m.object.redacted)
    }

    /// `INBOX` holds unheard messages, `Old` heard ones; `Urgent`, `tmp`, ... are other.
    static func folder(_ f: String?) -> VoicemailFolder {
        switch f?.lowercased() {
        case "inbox": .new
        case "old": .old
        default: .other
        }
    }

    // MARK: Helpers

    private func startTime(ms: Int?, time: String?) -> Date? {
        if let ms { return PascomTime.fromMilliseconds(ms) }
        return time.flatMap { PascomTime.parse($0, zone: timeZone) }
    }

    private func isInternal(_ s: PascomCallSide) -> Bool {
        s.internal ?? (s.userName != nil || s.extension != nil)
    }

    private func party(_ s: PascomCallSide) -> Party {
        party(number: s.number ?? s.extension, name: s.name, extension: s.extension, userName: s.userName)
    }

    private func party(number: String?, name: String?, extension: String?, userName: String?) -> Party {
        Party(number: number.map(normalizer.normalize), rawNumber: number, name: name, extension: `extension`, userId: userName)
    }
}
