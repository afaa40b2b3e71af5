import Foundation

/// Renders the data set in the vendor's shapes: the docs' field names and types (ints and
/// booleans in extensions, strings for every id inside devices, penalties and counts as
/// strings, Unix seconds as strings in voicemail, naive local `calldate`).
struct VitalPBXRecords {
    let data: VitalPBXDataSet
    let settings: VitalPBXSimulatorSettings
    /// One per rendering: a Calendar per CDR row is the slowest part of `GET cdr`.
    private let calendar: Calendar

    init(data: VitalPBXDataSet, settings: VitalPBXSimulatorSettings) {
        self.data = data
        self.settings = settings
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        self.calendar = calendar
    }

    func extensionRecord(_ e: VitalPBXDataSet.Extension) -> [String: Any] {
        let devices = data.devices.filter { $0.extensionID == e.id }
        let memberships = devices.flatMap { d in data.memberships.filter { $0.deviceID == d.id } }
        var queueIDs: [Int] = []
        for m in memberships where !queueIDs.contains(m.queueID) { queueIDs.append(m.queueID) }
        let cid = "\"\(e.name)\" <\(e.number)>"
        return [
            "extension_id": e.id, "extension": e.number, "name": e.name, "language": "en", "email": e.email ?? NSNull(),
            "class_of_service_id": 1, "dial_profile_id": 1, "call_limit": 0,
            "internal_cid": cid, "external_cid": cid, "emergency_cid": cid,
            "ringtime": 0, "nospy": false, "enabled_pa": false, "answermode": "disable",
            "mailbox": "\(data.mailbox(of: e))@vitalpbx-voicemail", "accountcode": NSNull(),
            "features_password": "*\(56_437 + e.id)", "sendcid": false, "generate_hints": false, "hot_desking": false,
            "secretary": NSNull(), "music_group_id": 2, "rec_on_demand": false, "internal_rec": true, "outgoing_rec": true,
            "incoming_rec": true, "dictate_enable": false, "dictate_format": "ogg", "dictate_auto_send": false,
            "fax_enabled": false, "fax_auto_send": false, "absent_secretary": false, "lock": false, "call_waiting": false,
            "pinless": false, "dynamic_routing": false, "tenant_id": 1, "context": "cos-all", "has_analog_devices": false,
            "devices": devices.map(deviceRecord),
            "queues_info": [
                "queues": queueIDs,
                "queues_name": queueIDs.map { id in data.queues.first { $0.id == id }?.name ?? "" },
                "queues_penalty": queueIDs.map { id in String(memberships.first { $0.queueID == id }?.penalty ?? 0) },
            ] as [String: Any],
        ]
    }

    func deviceRecord(_ d: VitalPBXDataSet.Device) -> [String: Any] {
        let owner = data.extensions.first { $0.id == d.extensionID }
        return [
            "device_id": String(d.id), "extension_id": String(d.extensionID), "profile_id": "1", "user": d.user,
            "secret": d.secret, "description": d.description, "ring_device": "yes", "technology": d.technology,
            "assigned_exten": owner.map { $0.number as Any } ?? NSNull(), "tenant_id": "1", "device_name": d.user,
        ]
    }

    /// `GET extensions/{id}/queues`: the same parallel arrays, with `queues_id`.
    func extensionQueues(_ e: VitalPBXDataSet.Extension) -> [String: Any] {
        let info = extensionRecord(e)["queues_info"] as? [String: Any] ?? [:]
        return ["queues_id": info["queues"] ?? [], "queues_name": info["queues_name"] ?? [], "queues_penalty": info["queues_penalty"] ?? []]
    }

    func queueRecord(_ q: VitalPBXDataSet.Queue) -> [String: Any] {
        ["queue_id": q.id, "extension": q.number, "name": q.name, "description": q.description, "strategy": q.strategy,
         "timeout": 15, "tenant_id": 1]
    }

    func membershipRecord(_ m: VitalPBXDataSet.Membership) -> [String: Any] {
        ["queue_id": String(m.queueID), "queue_name": data.queues.first { $0.id == m.queueID }?.name ?? "",
         "penalty": String(m.penalty), "membership": m.dynamic ? "dynamic" : "static", "logged_in": m.loggedIn ? "yes" : "no",
         "paused": m.paused ? "1" : "0", "pause_reason": m.pauseReason, "status": m.status]
    }

    func phonebookRecord(_ p: VitalPBXDataSet.Phonebook) -> [String: Any] {
        ["phonebook_id": p.id, "name": p.name, "description": p.description, "tenant_id": 1]
    }

    func contactRecord(_ c: VitalPBXDataSet.Contact) -> [String: Any] {
        ["contact_id": String(c.id), "phonebook_id": String(c.phonebookID), "first_name": c.firstName, "last_name": c.lastName,
         "company": c.company, "email": c.email ?? NSNull(), "phone": c.phone, "mobile": c.mobile ?? NSNull(), "fax": c.fax]
    }

    func voicemailRecord(_ v: VitalPBXDataSet.Voicemail) -> [String: Any] {
        ["date": String(v.date), "clid": v.clid, "priority": "2", "vmorig": v.mailbox, "duration": String(v.duration),
         "recfile": recfile(v), "filename": "\(v.name).txt"]
    }

    func recfile(_ v: VitalPBXDataSet.Voicemail) -> String {
        "/static/\(data.staticHash)/voicemail/\(v.mailbox)/\(v.folder)/\(v.name).wav"
    }

    /// Folder → message (or list); PHP's `[]` when the box is empty.
    func voicemailFolders(mailbox: String) -> Any {
        let messages = data.voicemails.filter { $0.mailbox == mailbox }
        if messages.isEmpty { return [Any]() }
        var folders: [String: Any] = [:]
        for folder in Set(messages.map(\.folder)) {
            let records = messages.filter { $0.folder == folder }.sorted { $0.name < $1.name }.map(voicemailRecord)
            folders[folder] = settings.voicemailLayout == .objectWhenSingle && records.count == 1 ? records[0] : records
        }
        return folders
    }

    func cdrRecord(_ c: VitalPBXDataSet.CDR) -> [String: Any] {
        let unique = "\(Int(c.calldate.timeIntervalSince1970)).\(c.id)"
        return [
            "cdr_id": String(c.id), "calldate": calldate(c.calldate), "clid": c.clid, "source": c.src, "src": c.src,
            "dst": c.dst, "destination": c.dst, "dcontext": c.calltype == "incoming" ? "trunk-inbound" : "cos-all",
            "channel": "SIP/\(c.src)-\(String(c.id, radix: 16))", "dstchannel": c.billsec > 0 ? "SIP/\(c.dst)-\(String(c.id + 1, radix: 16))" : "",
            "lastapp": c.lastapp, "lastdata": c.lastapp == "VoiceMail" ? "\(c.dst)@vitalpbx-voicemail" : "SIP/\(c.dst),30",
            "duration": String(c.duration), "billsec": String(c.billsec), "disposition": c.disposition, "amaflags": "3",
            "uniqueid": unique, "linkedid": unique, "sequence": String(c.id), "calltype": c.calltype,
        ]
    }

    func calldate(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// `cdr_summary` buckets as strings.
    func cdrSummary(_ e: VitalPBXDataSet.Extension) -> [String: Any] {
        let mine = data.cdrs.filter { $0.src == e.number || $0.dst == e.number }
        func count(_ type: String) -> String { String(mine.filter { $0.calltype == type }.count) }
        return ["local": count("local"), "incoming": count("incoming"), "outgoing": count("outgoing"), "transit": count("transit")]
    }
}
