import Foundation

// Read reqtypes of the PBX Cloud simulator and the row shapes they emit. Field names follow
// FIELD-NOTES §A1 where it records them (CDR fields from MiRTA's CDR page, voicemail message
// fields from a third-party UI, `ex_*`, `qu_*`, `di_*` table prefixes, the joined tenant row of
// DIDS); the rest is the simulator's documented assumption.
extension PBXCloudSimulator {
    func answer(_ reqtype: String, _ p: [String: String]) -> PBXCloudSimAnswer {
        switch reqtype {
        case "INFO": return info((p["info"] ?? "").lowercased(), p)
        case "CHANNELS": return state.withLock { d in .rows(d.channels.map { channelRow($0) }, positional: false) }
        case "PEERS": return state.withLock { d in .rows(d.peers.map(peerRow), positional: false) }
        case "PHONEBOOK": return phonebook(p)
        case "VOICEMAIL": return voicemail(p)
        case "DIAL": return dial(p)
        case "HANGUP": return hangup(p)
        case "TRANSFER": return transfer(p)
        case "AGENT": return agent(p)
        default: return .empty
        }
    }

    func info(_ kind: String, _ p: [String: String]) -> PBXCloudSimAnswer {
        state.withLock { d in
            switch kind {
            case "extensions":
                // Plain (the default) is a six-column table, not the JSON row (DOCS_AUDIT A-40).
                if (p["format"] ?? settings.defaultFormat).lowercased() != "json" {
                    let lines = d.extensions.map { "\($0.number)|\($0.name)|PJSIP|\($0.state)|\($0.number)-\(settings.tenant)|" }
                    return .text((["Number|Name|Tech|State|Username|Password"] + lines).joined(separator: "\n") + "\n")
                }
                return .rows(d.extensions.map(extensionRow), positional: false)
            case "queues":
                return .rows(d.queues.map { queueRow($0, d, detail: false) }, positional: true)
            case "queue":
                guard let q = d.queues.first(where: { String($0.id) == p["id"] }) else { return .empty }
                return .row(queueRow(q, d, detail: true), positional: true)
            case "agents":
                let agents = d.agents.filter { a in p["queue"].map { String(a.queueID) == $0 } ?? true }
                if let q = p["queue"], !d.queues.contains(where: { String($0.id) == q }) { return .null }
                return .keyed(agents.map { (key: $0.agent, row: agentRow($0)) })
            case "dids":
                return .rows(d.dids.map { didRow($0) }, positional: true)
            case "cdrs":
                let (start, end) = window(p)
                let rows = d.cdrs.filter { $0.start >= start && $0.start <= end }.sorted { $0.start < $1.start }
                return .rows(rows.map(cdrRow), positional: true)
            case "call":
                guard let id = p["id"] else { return .empty }
                if let c = d.cdrs.first(where: { $0.uniqueid == id || $0.originateid == id }) { return .row(cdrRow(c), positional: true) }
                if let ch = d.channels.first(where: { $0.uniqueid == id || $0.originateid == id }) { return .row(liveCDRRow(ch), positional: true) }
                return .empty
            default:
                return .empty
            }
        }
    }

    /// `start`/`end` as `YYYY-MM-DD` (whole days) or `YYYY-MM-DD HH:MM:SS`, server-local;
    /// without them, today (MiRTA's CDR default).
    func window(_ p: [String: String]) -> (Date, Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        let today = calendar.startOfDay(for: now())
        let start = p["start"].flatMap { parseTime($0, endOfDay: false) } ?? today
        let end = p["end"].flatMap { parseTime($0, endOfDay: true) } ?? today.addingTimeInterval(86399)
        return (start, end)
    }

    func parseTime(_ s: String, endOfDay: Bool) -> Date? {
        let n = s.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard n.count == 3 || n.count >= 5 else { return nil }
        var c = DateComponents(year: n[0], month: n[1], day: n[2])
        if n.count >= 5 { c.hour = n[3]; c.minute = n[4]; c.second = n.count > 5 ? n[5] : 0 }
        else if endOfDay { c.hour = 23; c.minute = 59; c.second = 59 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        return calendar.date(from: c)
    }

    func time(_ date: Date?) -> String? {
        guard let date else { return "0000-00-00 00:00:00" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    // MARK: Rows

    func extensionRow(_ e: PBXCloudSimulatorData.Extension) -> PBXCloudSimRow {
        PBXCloudSimRow([("ex_id", String(e.id)), ("ex_te_id", "17"), ("ex_number", e.number), ("ex_name", e.name),
                        ("ex_tech", "PJSIP"), ("username", "\(e.number)-\(settings.tenant)"), ("password", e.password),
                        ("ex_webpassword", "web-\(e.number)-Kx2"), ("ex_email", e.email), ("ex_mailbox", e.number),
                        ("ex_2fa_param1", "JBSWY3DPEHPK3PXP"), ("ex_2fa_param2", ""), ("ex_2fa_param3", ""),
                        ("ex_lockpin", "4711"), ("ex_notes", ""), ("ex_emergencynotes", ""), ("ex_permit", "0.0.0.0/0"),
                        ("state", e.state)])
    }

    func queueRow(_ q: PBXCloudSimulatorData.Queue, _ d: PBXCloudSimulatorData, detail: Bool) -> PBXCloudSimRow {
        var cols: [(String, String?)] = [("qu_id", String(q.id)), ("qu_te_id", "17"), ("qu_name", q.name), ("qu_number", q.number),
                                         ("qu_strategy", q.strategy), ("qu_timeout", "15")]
        if detail {
            cols += [("callswaiting", String(q.waiting)), ("members", String(d.agents.filter { $0.queueID == q.id }.count))]
        }
        return PBXCloudSimRow(cols)
    }

    /// Positional only, sparse (no 3, no 9), as observed: 0 paused, 1 status, 2 device state,
    /// 4 pause reason, 5–8 counters, 10 and 11 the agent id.
    func agentRow(_ a: PBXCloudSimulatorData.Agent) -> PBXCloudSimRow {
        PBXCloudSimRow([("0", a.paused ? "1" : "0"), ("1", a.paused ? "paused" : "available"), ("2", a.deviceState),
                        ("4", a.reason), ("5", ""), ("6", ""), ("7", ""), ("8", ""), ("10", a.agent), ("11", a.agent)])
    }

    func didRow(_ x: PBXCloudSimulatorData.DID) -> PBXCloudSimRow {
        PBXCloudSimRow([("di_id", String(x.id)), ("di_te_id", "17"), ("di_number", x.number), ("di_description", x.description),
                        ("te_id", "17"), ("te_code", settings.tenant), ("te_name", "Demo Tenant"), ("te_recordingpassword", "rec-pass-55")])
    }

    func peerRow(_ x: PBXCloudSimulatorData.Peer) -> PBXCloudSimRow {
        PBXCloudSimRow([("peer", x.peer), ("ipaddress", x.ip), ("port", x.ip.isEmpty ? "" : "5060"), ("status", x.status),
                        ("useragent", x.userAgent), ("node", "srv01")])
    }

    func cdrRow(_ c: PBXCloudSimulatorData.CDR) -> PBXCloudSimRow {
        let duration = Int(c.end.timeIntervalSince(c.start))
        let billsec = c.answer.map { Int(c.end.timeIntervalSince($0)) } ?? 0
        return PBXCloudSimRow([
            ("accountcode", settings.tenant), ("ID", String(c.id)), ("start", time(c.start)), ("answer", time(c.answer)),
            ("end", time(c.end)), ("clid", c.clid), ("realsrc", c.src), ("firstdst", c.dst), ("duration", String(duration)),
            ("billsec", String(billsec)), ("disposition", c.disposition), ("cc_cost", c.cost), ("dcontext", "\(settings.tenant)-internal"),
            ("dstchannel", ""), ("userfield", ""), ("uniqueid", c.uniqueid), ("prevuniqueid", ""), ("lastdst", c.dst),
            ("wherelanded", c.dst), ("src", c.src), ("dst", c.dst), ("lastapp", c.lastapp), ("srcCallID", ""),
            ("linkedid", c.linkedid), ("peeraccount", ""), ("originateid", c.originateid ?? ""),
            ("cc_country", c.direction == "OUT" ? "DE" : ""), ("cc_network", ""), ("pincode", ""), ("cc_buy", "0.0000"),
        ])
    }

    /// `INFO info=call` for a call still running: a CDR-shaped row without answer/end.
    func liveCDRRow(_ ch: PBXCloudSimulatorData.Channel) -> PBXCloudSimRow {
        let c = PBXCloudSimulatorData.CDR(id: 0, uniqueid: ch.uniqueid, linkedid: ch.linkedid, originateid: ch.originateid,
                                         start: ch.started, answer: nil, end: ch.started, src: ch.callerNum,
                                         clid: "\"\(ch.callerName)\" <\(ch.callerNum)>", dst: ch.connectedNum,
                                         disposition: "", lastapp: "Dial", direction: "", cost: "")
        var row = cdrRow(c)
        for i in row.columns.indices where ["end", "duration", "billsec", "ID"].contains(row.columns[i].name) { row.columns[i].value = "" }
        return row
    }

    func channelRow(_ c: PBXCloudSimulatorData.Channel) -> PBXCloudSimRow {
        PBXCloudSimRow([("channel", c.channel), ("uniqueid", c.uniqueid), ("linkedid", c.linkedid), ("calleridnum", c.callerNum),
                        ("calleridname", c.callerName), ("connectedlinenum", c.connectedNum), ("connectedlinename", c.connectedName),
                        ("exten", c.exten), ("state", c.state), ("duration", String(max(0, Int(now().timeIntervalSince(c.started))))),
                        ("application", c.state == "Up" ? "Dial" : "AppDial"), ("accountcode", settings.tenant),
                        ("originateid", c.originateid ?? "")])
    }

    func contactRow(_ c: PBXCloudSimulatorData.Contact) -> PBXCloudSimRow {
        PBXCloudSimRow([("peid", String(c.peid)), ("pb_name", c.book)] + PBXCloudSimulatorData.contactColumns.map { ($0, c.values[$0] ?? "") })
    }

    func mailboxRow(_ m: PBXCloudSimulatorData.Mailbox) -> PBXCloudSimRow {
        PBXCloudSimRow([("mailbox", m.mailbox), ("context", settings.tenant), ("password", m.password), ("fullname", m.fullname),
                        ("email", m.email), ("attach", "yes"), ("imappassword", "imap-\(m.mailbox)-pw"), ("maxmsg", "100")])
    }

    func messageRow(_ m: PBXCloudSimulatorData.Message) -> PBXCloudSimRow {
        PBXCloudSimRow([("Msgid", m.msgid), ("CallerID", m.callerID), ("Duration", String(m.seconds)), ("DateTime", time(m.date)),
                        ("Dir", "/var/spool/asterisk/voicemail/\(settings.tenant)/\(m.mailbox)/\(m.folder)")])
    }
}
