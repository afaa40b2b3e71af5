import Foundation

// Reqtypes that change the simulated tenant, and the two whose answer depends on sub-requests
// (PHONEBOOK, VOICEMAIL). Action answers are pipe text like DIAL's documented
// `Success|Originate successfully queued|<id>|`; refusals are `Error|<reason>|` (assumed).
extension PBXCloudSimulator {
    func dial(_ p: [String: String]) -> PBXCloudSimAnswer {
        guard let source = p["source"] ?? p["exten"], !source.isEmpty, let dest = p["dest"] ?? p["phone"], !dest.isEmpty else {
            return .text("Error|Missing source or destination|")
        }
        let at = now()
        return state.withLock { d in
            let ext = d.extensions.first { $0.number == source }
            let peer = p["account"].flatMap { a in d.peers.first { $0.peer == a }?.peer } ?? "\(source)-\(settings.tenant)"
            let originate = String(format: "%014llx", UInt64(at.timeIntervalSince1970 * 1000) &* 4099 &+ UInt64(d.nextUnique))
            let uid = d.newUniqueID(at: at)
            d.channels.append(.init(channel: d.newChannelName(peer: peer), uniqueid: uid, linkedid: uid, originateid: originate,
                                    callerNum: source, callerName: ext?.name ?? "", connectedNum: dest, connectedName: "",
                                    exten: dest, state: "Ringing", started: at))
            return .text("Success|Originate successfully queued|\(originate)|")
        }
    }

    func hangup(_ p: [String: String]) -> PBXCloudSimAnswer {
        let at = now()
        return state.withLock { d in
            guard let ch = d.channels.first(where: { $0.channel == p["channel"] }) else { return .text("Error|Channel not found|") }
            d.hangup(linkedid: ch.linkedid, at: at)
            return .text("Success|Hangup requested|")
        }
    }

    func transfer(_ p: [String: String]) -> PBXCloudSimAnswer {
        guard let dest = p["dest"], !dest.isEmpty else { return .text("Error|Missing destination|") }
        return state.withLock { d in
            guard let linked = d.channels.first(where: { $0.channel == p["channel"] })?.linkedid else { return .text("Error|Channel not found|") }
            d.channels.removeAll { $0.linkedid == linked && $0.channel != p["channel"] }
            // The other leg drops; the transferred channel rings the new destination.
            guard let j = d.channels.firstIndex(where: { $0.channel == p["channel"] }) else { return .text("Error|Channel not found|") }
            d.channels[j].connectedNum = dest
            d.channels[j].connectedName = ""
            d.channels[j].exten = dest
            d.channels[j].state = "Ringing"
            return .text("Success|Transfer requested|")
        }
    }

    func agent(_ p: [String: String]) -> PBXCloudSimAnswer {
        let action = (p["action"] ?? "").lowercased()
        guard action == "pause" || action == "unpause" else { return .empty }
        return state.withLock { d in
            guard let i = d.agents.firstIndex(where: { $0.agent.lowercased() == p["extension"]?.lowercased() && String($0.queueID) == p["queue"] }) else {
                return .text("Error|Agent not found in queue|")
            }
            d.agents[i].paused = action == "pause"
            d.agents[i].reason = action == "pause" ? (p["pausereason"] ?? "") : ""
            return .text(action == "pause" ? "Success|Agent paused|" : "Success|Agent unpaused|")
        }
    }

    func phonebook(_ p: [String: String]) -> PBXCloudSimAnswer {
        guard let book = p["phonebook"] else { return .empty }
        return state.withLock { d in
            guard d.phonebooks.contains(where: { $0.lowercased() == book.lowercased() }) else {
                return (p["subreqtype"] ?? "").lowercased() == "query" ? .empty : .text("Error|Phonebook not found|")
            }
            let inBook = { (c: PBXCloudSimulatorData.Contact) in c.book.lowercased() == book.lowercased() }
            switch (p["subreqtype"] ?? "").lowercased() {
            case "query":
                let field = (p["field"] ?? "name").lowercased()
                let pattern = p["value"] ?? "%"
                let rows = d.contacts.filter(inBook).filter { c in
                    let value = field == "peid" ? String(c.peid) : c.values[field] ?? ""
                    return Self.like(value, pattern)
                }
                return .rows(rows.map(contactRow), positional: false)
            case "add":
                guard let data = p["values"]?.data(using: .utf8),
                      let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                    return .text("Error|Invalid values|")
                }
                var values: [String: String] = [:]
                for (k, v) in object where PBXCloudSimulatorData.contactColumns.contains(k.lowercased()) {
                    if let s = v as? String { values[k.lowercased()] = s } else if let n = v as? NSNumber { values[k.lowercased()] = n.stringValue }
                }
                guard !values.isEmpty else { return .text("Error|Invalid values|") }
                let peid = d.nextPeid
                d.nextPeid += 1
                d.contacts.append(.init(peid: peid, book: book, values: values))
                return .text(settings.phonebookAddReturnsID ? "Success|Record added|\(peid)|" : "Success|Record added|")
            case "delete":
                guard let i = d.contacts.firstIndex(where: { inBook($0) && String($0.peid) == p["peid"] }) else {
                    return .text("Error|Record not found|")
                }
                d.contacts.remove(at: i)
                return .text("Success|Record deleted|")
            default:
                return .empty
            }
        }
    }

    /// SQL LIKE with `%` (any run) and `_` (one character), case-insensitive.
    static func like(_ value: String, _ pattern: String) -> Bool {
        let v = Array(value.lowercased()), p = Array(pattern.lowercased())
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            if j == p.count { return i == v.count }
            if let m = memo[i * (p.count + 1) + j] { return m }
            let r: Bool
            switch p[j] {
            case "%": r = match(i, j + 1) || (i < v.count && match(i + 1, j))
            case "_": r = i < v.count && match(i + 1, j + 1)
            default: r = i < v.count && v[i] == p[j] && match(i + 1, j + 1)
            }
            memo[i * (p.count + 1) + j] = r
            return r
        }
        return match(0, 0)
    }

    func voicemail(_ p: [String: String]) -> PBXCloudSimAnswer {
        state.withLock { d in
            let mailbox = p["mailbox"]
            switch (p["action"] ?? "").lowercased() {
            case "list":
                return .rows(d.mailboxes.filter { m in mailbox.map { $0 == m.mailbox } ?? true }.map(mailboxRow), positional: false)
            case "messages":
                guard let mailbox else { return .empty }
                return .rows(d.messages.filter { $0.mailbox == mailbox }.sorted { $0.date > $1.date }.map(messageRow), positional: false)
            case "message":
                guard let m = d.messages.first(where: { $0.msgid == p["msgid"] && (mailbox == nil || $0.mailbox == mailbox) }) else { return .empty }
                return .audio(m.audio)
            case "delete":
                guard let i = d.messages.firstIndex(where: { $0.msgid == p["msgid"] && (mailbox == nil || $0.mailbox == mailbox) }) else {
                    return .text("Error|Message not found|")
                }
                d.messages.remove(at: i)
                return .text("Success|Message deleted|")
            default:
                return .empty
            }
        }
    }
}
