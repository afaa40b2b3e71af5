import Foundation
import PBXCore

/// DTO → neutral model. Pure functions of their inputs; the vendor's naive local times are
/// read in the tenant's `timeZone`, numbers normalised with the tenant's country.
public struct PBXCloudMapping: Sendable {
    public var timeZone: TimeZone
    public var normalizer: PhoneNumberNormalizer
    /// Tenant code: agent and peer names are `<extension>-<TENANT>`.
    public var vendorTenant: String
    /// Extension number → user id (`ex_id`), to link parties, agents and devices to users.
    public var userIDsByExtension: [String: String]
    public var userNamesByExtension: [String: String]

    public init(timeZone: TimeZone, country: String?, vendorTenant: String, extensions: [PBXCloudExtension] = []) {
        self.timeZone = timeZone
        self.normalizer = PhoneNumberNormalizer(country: country)
        self.vendorTenant = vendorTenant
        var ids: [String: String] = [:]
        var names: [String: String] = [:]
        for e in extensions {
            guard let number = e.record["ex_number"] else { continue }
            if let id = e.id { ids[number] = id }
            if let name = e.record["ex_name"] { names[number] = name }
        }
        userIDsByExtension = ids
        userNamesByExtension = names
    }

    // MARK: Calls

    public func call(_ cdr: PBXCloudCDR) -> Call? {
        let r = cdr.record
        guard let id = cdr.id, let started = PBXCloudTime.parse(r["start"], timeZone: timeZone) else { return nil }
        let answered = PBXCloudTime.parse(r["answer"], timeZone: timeZone)
        let duration = r.int("duration")
        let billsec = r.int("billsec")
        var ended = PBXCloudTime.parse(r["end"], timeZone: timeZone)
        if ended == nil, let duration { ended = started.addingTimeInterval(Double(duration)) }
        let callerID = PhoneNumberNormalizer.splitCallerID(r["clid"] ?? "")
        let fromRaw = r["realsrc"] ?? r["src"] ?? (callerID.number.isEmpty ? nil : callerID.number)
        let toRaw = r["firstdst"] ?? r["dst"] ?? r["lastdst"]
        return Call(
            id: id, direction: direction(r["direction"], from: fromRaw, to: toRaw),
            status: status(disposition: r["disposition"], lastApp: r["lastapp"], answered: answered != nil || (billsec ?? 0) > 0),
            startedAt: started, answeredAt: answered, endedAt: ended,
            durationSeconds: duration, talkSeconds: billsec,
            from: party(fromRaw, name: callerID.name), to: party(toRaw, name: nil),
            queueId: nil, recordingId: nil, costs: r["cc_cost"],
            raw: r.raw(allowed: PBXCloudCDR.fields))
    }

    /// `IN`/`OUT`/`LOCAL` when the row says so; else from the number lengths.
    func direction(_ vendor: String?, from: String?, to: String?) -> CallDirection {
        switch vendor?.uppercased() {
        case "IN", "INBOUND", "INCOMING": return .inbound
        case "OUT", "OUTBOUND", "OUTGOING": return .outbound
        case "LOCAL", "INTERNAL": return .internal
        default:
            let fromInternal = isExtension(from), toInternal = isExtension(to)
            if fromInternal && toInternal { return .internal }
            return fromInternal ? .outbound : .inbound
        }
    }

    func status(disposition: String?, lastApp: String?, answered: Bool) -> CallStatus {
        if lastApp?.lowercased() == "voicemail" { return .voicemail }
        switch disposition?.uppercased() {
        case "ANSWERED": return .answered
        case "NO ANSWER", "NOANSWER", "CANCEL", "ABANDONED": return .missed
        case "BUSY": return .busy
        case "FAILED", "CONGESTION", "CHANUNAVAIL": return .failed
        case nil: return answered ? .answered : .unknown
        default: return .unknown
        }
    }

    func isExtension(_ number: String?) -> Bool {
        guard let n = number, !n.isEmpty else { return false }
        return n.count <= PhoneNumberNormalizer.maxExtensionDigits && n.allSatisfy(\.isNumber)
    }

    /// A party from a raw number: extensions stay short and link to their user.
    public func party(_ raw: String?, name: String?) -> Party {
        guard let raw, !raw.isEmpty else { return Party(number: nil, rawNumber: nil, name: name) }
        let ext = isExtension(raw) ? raw : nil
        return Party(number: normalizer.normalize(raw), rawNumber: raw,
                     name: name ?? ext.flatMap { userNamesByExtension[$0] },
                     extension: ext, userId: ext.flatMap { userIDsByExtension[$0] })
    }

    // MARK: Live calls

    /// The active call id is the channel's `uniqueid`: channel names hold `/`, which ids
    /// must not; the adapter finds the channel again through `CHANNELS`.
    public func activeCall(_ channel: PBXCloudChannel, now: Date) -> ActiveCall? {
        let r = channel.record
        guard let id = r["uniqueid"] else { return nil }
        let state: ActiveCallState = switch r["state"]?.lowercased() {
        case "ring", "ringing", "dialing": .ringing
        case "up": .connected
        case "hold", "onhold": .held
        default: .unknown
        }
        let started = r.int("duration").map { now.addingTimeInterval(-Double($0)) }
        let own = extensionOf(channel: r["channel"])
        return ActiveCall(id: id, startedAt: started, state: state,
                          from: party(r["calleridnum"], name: r["calleridname"]),
                          to: party(r["connectedlinenum"] ?? r["exten"], name: r["connectedlinename"]),
                          userId: own.flatMap { userIDsByExtension[$0] },
                          raw: r.raw(allowed: PBXCloudChannel.fields))
    }

    /// `PJSIP/101-DEMO-0000002a` → `101`.
    func extensionOf(channel: String?) -> String? {
        guard let channel, let slash = channel.firstIndex(of: "/") else { return nil }
        let peer = channel[channel.index(after: slash)...]
        let ext = peer.prefix(while: \.isNumber)
        return ext.isEmpty ? nil : String(ext)
    }

    // MARK: Directory

    public func user(_ e: PBXCloudExtension) -> User? {
        let r = e.record
        guard let id = e.id else { return nil }
        return User(id: id, name: r["ex_name"], username: r["username"], extensions: r["ex_number"].map { [$0] } ?? [],
                    email: r["ex_email"], presence: presence(r["state"]), raw: r.raw(allowed: PBXCloudExtension.fields))
    }

    /// Asterisk device states (`NOT_INUSE`, `INUSE`, …) as presence.
    func presence(_ state: String?) -> Presence {
        switch state?.uppercased().replacingOccurrences(of: " ", with: "_") {
        case "NOT_INUSE", "IDLE", "AVAILABLE": .available
        case "INUSE", "BUSY", "ONHOLD", "RINGINUSE": .busy
        case "RINGING": .ringing
        case "UNAVAILABLE", "INVALID": .offline
        case "AWAY", "DND": .away
        default: .unknown
        }
    }

    public func queue(_ q: PBXCloudQueue) -> Queue? {
        let r = q.record
        guard let id = r["qu_id"] else { return nil }
        return Queue(id: id, name: r["qu_name"], extension: r["qu_number"], waitingCalls: r.int("callswaiting"),
                     agentCount: r.int("members"), raw: r.raw(allowed: PBXCloudQueue.fields))
    }

    public func agent(_ a: PBXCloudAgent) -> Agent? {
        guard let id = a.id else { return nil }
        let r = a.record
        let ext = extensionOf(peer: id)
        let paused = r["0"] == "1" || r["1"]?.lowercased() == "paused"
        let state: AgentState
        switch r["2"]?.uppercased().replacingOccurrences(of: " ", with: "_") {
        case "NOT_INUSE", "IDLE": state = .idle
        case "INUSE", "BUSY", "ONHOLD": state = .busy
        case "RINGING", "RINGINUSE": state = .ringing
        case "UNAVAILABLE", "INVALID": state = .unavailable
        default: state = .unknown
        }
        return Agent(id: id, userId: ext.flatMap { userIDsByExtension[$0] }, name: ext.flatMap { userNamesByExtension[$0] },
                     extension: ext, paused: paused, pauseReason: paused ? r["4"] : nil, state: state,
                     raw: r.raw(allowed: PBXCloudAgent.fields))
    }

    /// `101-DEMO` → `101` (peer and agent names carry the tenant code).
    func extensionOf(peer: String) -> String? {
        var base = Substring(peer)
        if base.uppercased().hasSuffix("-" + vendorTenant.uppercased()) { base = base.dropLast(vendorTenant.count + 1) }
        return !base.isEmpty && base.allSatisfy(\.isNumber) ? String(base) : nil
    }

    // MARK: Phonebook

    public func contact(_ entry: PBXCloudPhonebookEntry) -> Contact? {
        let r = entry.record
        guard let id = r["peid"] else { return nil }
        let numbers = PBXCloudPhonebookEntry.numberFields.compactMap { f in
            r[f.field].map { ContactNumber(type: f.type, number: normalizer.normalize($0), rawNumber: $0) }
        }
        let composed = [r["firstname"], r["lastname"]].compactMap { $0 }.joined(separator: " ")
        return Contact(id: id, name: r["name"] ?? (composed.isEmpty ? nil : composed), firstName: r["firstname"],
                       lastName: r["lastname"], company: r["company"], email: r["email"], numbers: numbers,
                       raw: r.raw(allowed: PBXCloudPhonebookEntry.fields))
    }

    /// The `values` map of `PHONEBOOK subreqtype=add` (upper-case names as in MiRTA's
    /// example `{"NAME":"Ross","PHONE1":"3564732920"}`). A second number of one type goes
    /// to the first free number field.
    public static func phonebookValues(_ input: ContactInput) -> [String: String] {
        var values: [String: String] = [:]
        if let n = input.name ?? [input.firstName, input.lastName].compactMap({ $0 }).joined(separator: " ").nilIfEmpty { values["NAME"] = n }
        if let v = input.firstName { values["FIRSTNAME"] = v }
        if let v = input.lastName { values["LASTNAME"] = v }
        if let v = input.company { values["COMPANY"] = v }
        if let v = input.email { values["EMAIL"] = v }
        var free = PBXCloudPhonebookEntry.numberFields.map(\.field)
        var overflow: [String] = []
        for n in input.numbers {
            let wanted = PBXCloudPhonebookEntry.numberFields.first { $0.type == n.type }?.field
            if let wanted, let i = free.firstIndex(of: wanted) { values[wanted.uppercased()] = n.number; free.remove(at: i) }
            else { overflow.append(n.number) }
        }
        for number in overflow where !free.isEmpty { values[free.removeFirst().uppercased()] = number }
        return values
    }

    // MARK: Voicemail

    public func box(_ m: PBXCloudMailbox, newMessages: Int?, oldMessages: Int?) -> VoicemailBox? {
        let r = m.record
        guard let id = r["mailbox"] else { return nil }
        return VoicemailBox(id: id, name: r["fullname"], extension: isExtension(id) ? id : nil,
                            newMessages: newMessages, oldMessages: oldMessages, raw: r.raw(allowed: PBXCloudMailbox.fields))
    }

    public func message(_ m: PBXCloudVoicemailMessage, boxID: String) -> VoicemailMessage? {
        let r = m.record
        guard let id = r["Msgid"] else { return nil }
        let caller = PhoneNumberNormalizer.splitCallerID(r["CallerID"] ?? "")
        return VoicemailMessage(id: id, boxId: boxID, folder: folder(r["Dir"]),
                                from: party(caller.number.isEmpty ? nil : caller.number, name: caller.name),
                                receivedAt: PBXCloudTime.parse(r["DateTime"], timeZone: timeZone),
                                durationSeconds: r.int("Duration"), raw: r.raw(allowed: PBXCloudVoicemailMessage.fields))
    }

    /// `Dir` ends in the folder: `INBOX` = new, `Old` = heard.
    public func folder(_ dir: String?) -> VoicemailFolder {
        switch dir?.split(separator: "/").last?.lowercased() {
        case "inbox": .new
        case "old": .old
        default: .other
        }
    }

    // MARK: Devices and numbers

    public func device(_ p: PBXCloudPeer) -> Device? {
        let r = p.record
        guard let id = r["peer"] else { return nil }
        let status = r["status"]?.uppercased() ?? ""
        let state = status.hasPrefix("OK") ? "registered" : status.isEmpty ? nil : status.hasPrefix("UNREACHABLE") ? "unreachable" : "unregistered"
        return Device(id: id, name: r["useragent"] ?? id, userId: extensionOf(peer: id).flatMap { userIDsByExtension[$0] },
                      state: state, raw: r.raw(allowed: PBXCloudPeer.fields))
    }

    public func number(_ d: PBXCloudDID) -> PhoneNumber? {
        let r = d.record
        guard let raw = r["di_number"] else { return nil }
        return PhoneNumber(id: r["di_id"] ?? raw, number: normalizer.normalize(raw), raw: r.raw(allowed: PBXCloudDID.fields))
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
