import Foundation

/// The default data set: a small office (five extensions, two queues, a phone book,
/// voicemail with real WAV audio, three days of calls around `now`, one live call).
enum PBXCloudSimulatorSeed {
    static func make(now: Date, tenant: String) -> PBXCloudSimulatorData {
        var d = PBXCloudSimulatorData()
        let people: [(Int, String, String, String)] = [
            (3272, "101", "Tina Sander", "NOT_INUSE"), (3273, "102", "Max Mustermann", "INUSE"),
            (3274, "103", "Erika Musterfrau", "UNAVAILABLE"), (3275, "104", "Paul Schmidt", "RINGING"),
            (3276, "200", "Reception", "NOT_INUSE"),
        ]
        for (id, number, name, state) in people {
            let mail = name.lowercased().replacingOccurrences(of: " ", with: ".") + "@example.com"
            d.extensions.append(.init(id: id, number: number, name: name, email: mail, state: state, password: "sip-\(number)-Zq8v"))
        }
        d.queues = [
            .init(id: 3698, name: "Support", number: "600", strategy: "ringall", waiting: 2),
            .init(id: 3699, name: "Sales", number: "601", strategy: "leastrecent", waiting: 0),
        ]
        d.agents = [
            .init(queueID: 3698, agent: "101-\(tenant)", paused: false, reason: "", deviceState: "NOT_INUSE"),
            .init(queueID: 3698, agent: "102-\(tenant)", paused: true, reason: "lunch", deviceState: "INUSE"),
            .init(queueID: 3699, agent: "103-\(tenant)", paused: false, reason: "", deviceState: "UNAVAILABLE"),
            .init(queueID: 3699, agent: "104-\(tenant)", paused: false, reason: "", deviceState: "RINGING"),
        ]
        let contacts: [[String: String]] = [
            ["name": "Hans Meier", "firstname": "Hans", "lastname": "Meier", "company": "Meier GmbH", "email": "hans@meier.example", "phone1": "0221 1234567", "mobile": "0171 2345678"],
            ["name": "Acme Support", "company": "Acme Corp", "phone1": "+49 30 9876543"],
            ["name": "Lisa Wolf", "firstname": "Lisa", "lastname": "Wolf", "phone2": "0049 89 5556667", "fax": "089 5556668"],
            ["name": "Jonas Becker", "firstname": "Jonas", "lastname": "Becker", "company": "Becker & Söhne", "mobile": "0160 7654321"],
            ["name": "Notdienst", "phone1": "0800 1110000"],
        ]
        for c in contacts {
            d.contacts.append(.init(peid: d.nextPeid, book: "default", values: c))
            d.nextPeid += 1
        }
        d.mailboxes = [
            .init(mailbox: "101", fullname: "Tina Sander", email: "tina.sander@example.com", password: "1234"),
            .init(mailbox: "102", fullname: "Max Mustermann", email: "max.mustermann@example.com", password: "4321"),
            .init(mailbox: "103", fullname: "Erika Musterfrau", email: "erika.musterfrau@example.com", password: "9999"),
        ]
        let base = Int(now.timeIntervalSince1970) - 7200
        let messages: [(String, String, Int, String, Double)] = [
            ("101", "\"Hans Meier\" <02211234567>", 12, "INBOX", 440),
            ("101", "\"\" <01712345678>", 7, "Old", 523),
            ("101", "\"Acme Support\" <+49309876543>", 21, "INBOX", 660),
            ("102", "\"Lisa Wolf\" <0049895556667>", 5, "INBOX", 880),
        ]
        for (i, m) in messages.enumerated() {
            let date = Date(timeIntervalSince1970: Double(base - i * 5400))
            let id = "\(Int(date.timeIntervalSince1970))-0000000\(i)"
            d.messages.append(.init(msgid: id, mailbox: m.0, callerID: m.1, seconds: m.2, date: date, folder: m.3,
                                    audio: WaveFile.tone(hz: m.4, seconds: 0.4)))
        }
        d.peers = [
            .init(peer: "101-\(tenant)", ip: "192.0.2.11", status: "OK (12 ms)", userAgent: "Yealink SIP-T46U 108.86.0.20"),
            .init(peer: "102-\(tenant)", ip: "192.0.2.12", status: "OK (9 ms)", userAgent: "Linphone Desktop 5.2"),
            .init(peer: "103-\(tenant)", ip: "", status: "UNREACHABLE", userAgent: "Snom D785 10.1"),
            .init(peer: "104-\(tenant)", ip: "192.0.2.14", status: "OK (30 ms)", userAgent: "Zoiper 5.6"),
        ]
        d.dids = [
            .init(id: 51, number: "4922166966966", description: "Main line"),
            .init(id: 52, number: "4922166966967", description: "Support hotline"),
            .init(id: 53, number: "4922166966968", description: "Fax"),
        ]
        seedCalls(&d, now: now)
        // One live inbound call: the trunk leg and the answering extension's leg.
        let started = now.addingTimeInterval(-95)
        let lead = d.newUniqueID(at: started)
        d.channels.append(.init(channel: d.newChannelName(peer: "trunk-\(tenant)"), uniqueid: lead, linkedid: lead, originateid: nil,
                                callerNum: "02215551234", callerName: "Klaus Kunde", connectedNum: "102", connectedName: "Max Mustermann",
                                exten: "102", state: "Up", started: started))
        d.channels.append(.init(channel: d.newChannelName(peer: "102-\(tenant)"), uniqueid: d.newUniqueID(at: started), linkedid: lead,
                                originateid: nil, callerNum: "102", callerName: "Max Mustermann", connectedNum: "02215551234",
                                connectedName: "Klaus Kunde", exten: "s", state: "Up", started: started))
        return d
    }

    /// 72 calls, one every 70 minutes back from `now`, plus a few in the next hours (the
    /// PBX clock may run ahead): every direction and every outcome.
    static func seedCalls(_ d: inout PBXCloudSimulatorData, now: Date) {
        let externals = ["02211234567", "01712345678", "+49309876543", "0049895556667", "02215551234", "08001110000"]
        let internals = ["101", "102", "103", "104"]
        let outcomes: [(String, String)] = [("ANSWERED", "Dial"), ("NO ANSWER", "Dial"), ("BUSY", "Dial"), ("FAILED", "Dial"),
                                            ("ANSWERED", "VoiceMail"), ("ANSWERED", "Queue")]
        for i in -3..<72 {
            let start = now.addingTimeInterval(Double(-i * 4200 - 600))
            let direction = ["IN", "OUT", "LOCAL"][(i + 3) % 3]
            let (disposition, lastapp) = outcomes[(i + 3) % outcomes.count]
            let ext = internals[(i + 3) % internals.count]
            let other = direction == "LOCAL" ? internals[(i + 4) % internals.count] : externals[(i + 3) % externals.count]
            let (src, dst) = direction == "IN" ? (other, ext) : (ext, other)
            let answered = disposition == "ANSWERED"
            let ring = 4 + (i + 3) % 9
            let talk = answered ? 20 + ((i + 3) * 37) % 400 : 0
            let name = d.extensions.first { $0.number == src }?.name ?? ""
            let uid = d.newUniqueID(at: start)
            d.cdrs.append(.init(id: d.nextCDR, uniqueid: uid, linkedid: uid, originateid: nil, start: start,
                                answer: answered ? start.addingTimeInterval(Double(ring)) : nil,
                                end: start.addingTimeInterval(Double(ring + talk)), src: src, clid: "\"\(name)\" <\(src)>", dst: dst,
                                disposition: disposition, lastapp: lastapp, direction: direction,
                                cost: direction == "OUT" && answered ? String(format: "%.4f", Double(talk) * 0.0002) : "0.0000"))
            d.nextCDR += 1
        }
    }
}
