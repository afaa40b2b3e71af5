import Foundation

/// The simulated PBX's state. Field names follow pascom's tables; rendering to pascom's
/// JSON lives with the routes.
struct PascomSimUser: Sendable {
    var id: Int
    var name: String
    var display: String
    var ext: String
    var state: String?
    var statusText: String?
    var email: String
    /// Asterisk hint of the user's line (`identity/states`).
    var hint: String
}

struct PascomSimDevice: Sendable {
    var id: Int
    var name: String
    var type: String
    var owner: String?
    var ext: String?
    var sipUser: String
    var sipPassword: String
    var state: String
    var capabilities: [String]
}

struct PascomSimMember: Sendable {
    var agent: String
    var loggedIn = true
    var paused = false
    var reason = ""
}

struct PascomSimQueue: Sendable {
    var id: Int
    var name: String
    var ext: String
    var members: [PascomSimMember]
    var waiting: Int
}

struct PascomSimContact: Sendable {
    var id: Int
    var type: String
    var owner: String?
    var fields: [String: String]
}

struct PascomSimBox: Sendable {
    var id: Int
    var mailbox: String
    var name: String
    var email: String
}

struct PascomSimVoicemail: Sendable {
    var mailbox: String
    var folder: String
    var file: String
    var msgId: String
    var origTime: Int
    var duration: Int
    var callerName: String?
    var callerNumber: String
    var audio: [UInt8]
}

struct PascomSimParty: Sendable {
    var `internal`: Bool
    var user: PascomSimUser?
    var device: PascomSimDevice?
    var name: String
    var number: String
}

struct PascomSimCall: Sendable {
    var id: Int
    var ms: Int64
    var phonecallId: Int
    var chain: String
    var parentId: Int?
    var src: PascomSimParty
    var dst: PascomSimParty
    var duration: Int
    var connected: Int
    var result: String
    var details: String
    var via: String = ""
    var viaDetails: String = ""
    var recordId: String?
    var queue: PascomSimQueue?
    /// Live calls only: `RINGING`, `BUSY`, `HOLD`.
    var state = "BUSY"
}

struct PascomSimData: Sendable {
    var users: [PascomSimUser]
    var devices: [PascomSimDevice]
    var queues: [PascomSimQueue]
    var contacts: [PascomSimContact]
    var boxes: [PascomSimBox]
    var voicemails: [PascomSimVoicemail]
    var calls: [PascomSimCall]
    var live: [PascomSimCall]
    var trunks: [(name: String, numbers: [String])]
    var nextContactID = 100
    var nextCallID = 1000
    var nextPhonecallID = 500

    func user(_ name: String) -> PascomSimUser? { users.first { $0.name == name } }
    func softphone(of user: String) -> PascomSimDevice? { devices.first { $0.owner == user && $0.type == "Integrated Softphone" } }

    func party(_ user: PascomSimUser) -> PascomSimParty {
        PascomSimParty(internal: true, user: user, device: softphone(of: user.name), name: user.display, number: user.ext)
    }

    static func external(_ number: String, _ name: String = "") -> PascomSimParty {
        PascomSimParty(internal: false, user: nil, device: nil, name: name, number: number)
    }
}

extension PascomSimData {
    /// A small office: five users with softphones (one also with a desk phone), two queues
    /// (one named with a space and brackets), a phonebook with numbers written every way
    /// people write them, voicemail with real WAV audio, three days of calls of every
    /// direction and outcome (transfer legs share their parent's millisecond), one live call.
    static func demo(now: Date) -> PascomSimData {
        let users = [
            PascomSimUser(id: 3, name: "agrassl", display: "Andreas Grassl", ext: "101", state: "USER_AVAILABLE", statusText: "Verfügbar", email: "agrassl@example.com", hint: "Idle"),
            PascomSimUser(id: 4, name: "tsander", display: "Tina Sander", ext: "221", state: nil, statusText: nil, email: "tsander@example.com", hint: "Unavailable"),
            PascomSimUser(id: 10, name: "lmeier", display: "Linda Meier", ext: "216", state: "USER_AWAY", statusText: "Mittagspause", email: "lmeier@example.com", hint: "Idle"),
            PascomSimUser(id: 11, name: "jgeissler", display: "Jenny Geissler", ext: "324", state: "USER_BUSY", statusText: nil, email: "jgeissler@example.com", hint: "InUse"),
            PascomSimUser(id: 12, name: "mweber", display: "Markus Weber", ext: "102", state: "USER_AVAILABLE", statusText: "", email: "mweber@example.com", hint: "Idle"),
        ]
        let actions = ["dial", "hangup", "offhook", "transfer", "hold", "enable", "conference", "mute", "dtmf"]
        var devices = users.enumerated().map { i, u in
            PascomSimDevice(id: i + 1, name: "pascom Softphone [\(u.display)]", type: "Integrated Softphone", owner: u.name, ext: u.ext,
                            sipUser: "sip\(u.id)x\(u.name)", sipPassword: String(format: "%032X", u.id * 7919), state: u.hint, capabilities: actions)
        }
        devices.append(PascomSimDevice(id: 27, name: "Snom 000413a301e5 [Tina Sander]", type: "IP Phone", owner: "tsander", ext: "221",
                                       sipUser: "MmT5k1Q2Fa301e5", sipPassword: "9A81BFDB04909C7149D7BF467ACB2CC9", state: "Unavailable", capabilities: actions))
        devices.append(PascomSimDevice(id: 30, name: "Fax Tina Sander", type: "Virtual Fax Device", owner: nil, ext: "301",
                                       sipUser: "fax301", sipPassword: "F0F0F0F0", state: "Idle", capabilities: []))
        let queues = [
            PascomSimQueue(id: 1, name: "Zentrale", ext: "200", members: [PascomSimMember(agent: "agrassl"), PascomSimMember(agent: "tsander", loggedIn: false),
                                                                             PascomSimMember(agent: "jgeissler", paused: true, reason: "lunch")], waiting: 1),
            PascomSimQueue(id: 3, name: "Support [2nd level]", ext: "300", members: [PascomSimMember(agent: "lmeier"), PascomSimMember(agent: "mweber"),
                                                                                        PascomSimMember(agent: "agrassl")], waiting: 0),
        ]
        var contacts = users.map { u in
            PascomSimContact(id: u.id, type: "011account", owner: nil, fields: ["displayname": u.display, "phone": u.ext, "email": u.email])
        }
        let people: [[String: String]] = [
            ["displayname": "Chaos Computer - Tobias Mustermann", "firstname": "Tobias", "surname": "Mustermann", "organisation": "Chaos Computer",
             "phone": "0991123455677", "mobile": "017712345678", "fax": "0991123455671", "email": "tmustermann@cc.de", "notes": "Some Notes about the contact"],
            ["displayname": "Chaos Computer - Max Mustermann", "firstname": "Max", "surname": "Mustermann", "organisation": "Chaos Computer",
             "phone": "004999129691222", "email": "mmustermann@cc.de"],
            ["displayname": "Müller Bau GmbH", "organisation": "Müller Bau GmbH", "phone": "+49 221 66966966", "email": "info@mueller-bau.example"],
            ["displayname": "Anna Schmidt", "firstname": "Anna", "surname": "Schmidt", "mobile": "0176 12345678", "homephone": "(030) 1234567"],
            ["displayname": "Hotel Adler", "organisation": "Hotel Adler", "phone": "08912345678", "fax": "08912345679"],
            ["displayname": "Peter Wolf", "firstname": "Peter", "surname": "Wolf", "organisation": "Wolf & Partner", "phone": "+43 1 5334455"],
        ]
        for (i, p) in people.enumerated() { contacts.append(PascomSimContact(id: 20 + i, type: "028phonebook", owner: nil, fields: p)) }
        contacts.append(PascomSimContact(id: 40, type: "028phonebook", owner: "tsander",
                                         fields: ["displayname": "Privat - Oma", "firstname": "Erika", "surname": "Sander", "homephone": "09911234"]))

        var boxes = users.map { PascomSimBox(id: $0.id, mailbox: $0.ext, name: $0.display, email: $0.email) }
        boxes.append(PascomSimBox(id: 50, mailbox: "200", name: "Zentrale", email: "zentrale@example.com"))
        let nowS = Int(now.timeIntervalSince1970)
        var voicemails: [PascomSimVoicemail] = []
        let callers: [(String?, String)] = [("Tina Sander", "221"), (nil, "+4922166966966"), ("Hotel Adler", "08912345678"), (nil, "unknown")]
        for (b, box) in boxes.enumerated() {
            var counters: [String: Int] = [:]
            for k in 0..<(b % 3 + 1) {
                let folder = k == 1 ? "Old" : "INBOX"
                let index = counters[folder, default: 0]
                counters[folder] = index + 1
                let t = nowS - (b * 7 + k) * 3_607 - 600
                let caller = callers[(b + k) % callers.count]
                voicemails.append(PascomSimVoicemail(mailbox: box.mailbox, folder: folder, file: String(format: "msg%04d", index),
                                                     msgId: String(format: "%d-%08d", t, b * 10 + k), origTime: t, duration: 3 + k,
                                                     callerName: caller.0, callerNumber: caller.1,
                                                     audio: WaveFile.tone(hz: 440 + Double(b * 40 + k * 20), seconds: 0.25)))
            }
        }
        var data = PascomSimData(users: users, devices: devices, queues: queues, contacts: contacts, boxes: boxes,
                                 voicemails: voicemails, calls: [], live: [], trunks: [("mnet2", ["+4989123456780", "+4989123456789"])])
        data.generateCalls(now: now)
        return data
    }

    /// Every 53 minutes back from now for three days, cycling through directions and
    /// outcomes; every seventh call was transferred, its second leg recorded in the same
    /// millisecond as its first.
    mutating func generateCalls(now: Date) {
        let nowMs = Int64(now.timeIntervalSince1970 * 1000)
        let numbers = ["+4922166966966", "0991123455677", "004930123456", "017612345678", "08912345678", "+4315334455"]
        var id = 1
        for i in 0..<82 {
            let ms = nowMs - Int64(i) * 53 * 60_000 - Int64(i * 7919 % 60_000) - 120_000
            let a = users[i % users.count], b = users[(i + 2) % users.count]
            let ext = Self.external(numbers[i % numbers.count])
            var c = PascomSimCall(id: id, ms: ms, phonecallId: 100 + i, chain: "\(ms)_\(i % 9 + 1)", parentId: nil,
                                  src: party(a), dst: ext, duration: 30 + i % 240, connected: 20 + i % 200, result: "hangup", details: "dst")
            switch i % 7 {
            case 0: c.src = ext; c.dst = party(b)                                                            // inbound answered
            case 1: break                                                                                       // outbound answered
            case 2: c.dst = party(b); c.details = "src"                                                         // internal
            case 3: c.src = ext; c.dst = party(b); c.connected = 0; c.result = "noanswer"; c.details = "timeout" // inbound missed
            case 4: c.src = ext; c.dst = party(b); c.connected = 0; c.details = "voicemail"                     // voicemail
            case 5:                                                                                             // via a queue
                let q = queues[i % 2]
                c.src = ext
                c.dst = PascomSimParty(internal: true, user: nil, device: nil, name: q.name, number: q.ext)
                c.via = "queue"; c.viaDetails = "caller"; c.queue = q
                if i % 3 == 0 { c.connected = 0; c.result = "hangup"; c.details = "abondon" }
            default: c.connected = 0; c.result = "noanswer"; c.details = "dst"; c.duration = 25                // outbound not answered
            }
            if i % 4 == 1 { c.recordId = "\(ms / 1000).\(i)_\(ms / 1000 + 1).\(i + 11)" }
            calls.append(c)
            id += 1
            if i % 7 == 0 {
                var leg = c
                leg.id = id; leg.parentId = c.id; leg.src = party(b); leg.dst = party(a)
                leg.result = "transfer"; leg.details = "dst"; leg.via = "transfer"; leg.viaDetails = "action"; leg.recordId = nil
                calls.append(leg)
                id += 1
            }
        }
        nextCallID = id
        var active = PascomSimCall(id: 0, ms: nowMs - 95_000, phonecallId: nextPhonecallID, chain: "", parentId: nil,
                                   src: party(users[3]), dst: Self.external("+4922166966966", "Müller Bau GmbH"),
                                   duration: 95, connected: 88, result: "", details: "")
        active.state = "BUSY"
        live = [active]
        nextPhonecallID += 1
    }
}
