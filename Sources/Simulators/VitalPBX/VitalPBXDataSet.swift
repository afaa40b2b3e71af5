import Foundation

/// The simulated PBX's state: what `GET` endpoints read and writes change.
struct VitalPBXDataSet: Sendable {
    struct Extension: Sendable { var id: Int; var number: String; var name: String; var email: String? }
    struct Device: Sendable {
        var id: Int; var extensionID: Int; var user: String; var secret: String; var description: String
        var technology: String
    }
    struct Queue: Sendable { var id: Int; var number: String; var name: String; var description: String; var strategy: String }
    struct Membership: Sendable {
        var deviceID: Int; var queueID: Int; var penalty: Int; var dynamic: Bool
        var loggedIn: Bool; var paused: Bool; var pauseReason: String; var status: String
    }
    struct Phonebook: Sendable { var id: Int; var name: String; var description: String }
    struct Contact: Sendable {
        var id: Int; var phonebookID: Int; var firstName: String; var lastName: String; var company: String
        var email: String?; var phone: String; var mobile: String?; var fax: String
    }
    struct Voicemail: Sendable {
        var mailbox: String; var folder: String; var name: String; var date: Int; var clid: String
        var duration: Int; var audio: [UInt8]
    }
    struct CDR: Sendable {
        var id: Int; var calldate: Date; var clid: String; var src: String; var dst: String
        var duration: Int; var billsec: Int; var disposition: String; var lastapp: String; var calltype: String
    }
    struct ActiveCall: Sendable { var id: String; var caller: String; var callee: String; var startedAt: Date }

    var extensions: [Extension] = []
    var devices: [Device] = []
    var queues: [Queue] = []
    var memberships: [Membership] = []
    var phonebooks: [Phonebook] = []
    var contacts: [Contact] = []
    var voicemails: [Voicemail] = []
    var cdrs: [CDR] = []
    var activeCalls: [ActiveCall] = []
    /// The `<hash>` of `/static/<hash>/voicemail/...` paths.
    var staticHash = "43b4298b09648469"
    /// Classes of service `click_to_call` accepts.
    var classesOfService: Set<Int> = [1, 2, 3]

    func mailbox(of e: Extension) -> String { e.number }

    /// Five extensions with one device each, three queues (one without members), two phone
    /// books, voicemail in every folder layout, and four and a half days of calls before
    /// `now` in every direction and outcome (two of them in the same second, to test paging).
    static func demo(now: Date) -> VitalPBXDataSet {
        var d = VitalPBXDataSet()
        let people = [("100", "Jhone Doe", nil), ("101", "Agent 01", "agent01@example.com"), ("102", "Maria Lopez", "maria@example.com"),
                      ("103", "Tom Baker", nil), ("104", "Lisa Wong", "lisa@example.com")] as [(String, String, String?)]
        for (i, p) in people.enumerated() {
            d.extensions.append(Extension(id: i + 1, number: p.0, name: p.1, email: p.2))
            d.devices.append(Device(id: i + 3, extensionID: i + 1, user: i == 1 ? "dev-101" : p.0, secret: "S\(p.0)#x\(i * 7919 % 1000)q",
                                    description: p.1, technology: i == 4 ? "pjsip" : "sip"))
        }
        d.queues = [Queue(id: 1, number: "500", name: "Q500", description: "Sales", strategy: "ringall"),
                    Queue(id: 2, number: "501", name: "Q501", description: "Support", strategy: "rrmemory"),
                    Queue(id: 3, number: "502", name: "Q502", description: "Billing", strategy: "leastrecent")]
        d.memberships = [
            Membership(deviceID: 3, queueID: 1, penalty: 0, dynamic: false, loggedIn: true, paused: false, pauseReason: "", status: "Not in use"),
            Membership(deviceID: 4, queueID: 1, penalty: 0, dynamic: true, loggedIn: true, paused: true, pauseReason: "Lunch", status: "Not in use"),
            Membership(deviceID: 4, queueID: 2, penalty: 1, dynamic: true, loggedIn: true, paused: false, pauseReason: "", status: "In use"),
            Membership(deviceID: 5, queueID: 2, penalty: 0, dynamic: false, loggedIn: true, paused: false, pauseReason: "", status: "Ringing"),
            Membership(deviceID: 6, queueID: 2, penalty: 2, dynamic: true, loggedIn: false, paused: false, pauseReason: "", status: "Unavailable"),
        ]
        d.phonebooks = [Phonebook(id: 1, name: "Company", description: "Shared contacts"),
                        Phonebook(id: 2, name: "Suppliers", description: "Vendors and service")]
        d.contacts = [
            Contact(id: 7, phonebookID: 1, firstName: "Tina", lastName: "Sander", company: "Acme GmbH", email: "tina@acme.example",
                    phone: "0221 66966966", mobile: "+49 171 1234567", fax: ""),
            Contact(id: 8, phonebookID: 1, firstName: "", lastName: "", company: "Pizza Roma", email: nil,
                    phone: "022112345", mobile: nil, fax: "022112346"),
            Contact(id: 9, phonebookID: 1, firstName: "Jonas", lastName: "Berg", company: "", email: "jonas@berg.example",
                    phone: "+49 30 5550100", mobile: nil, fax: ""),
            Contact(id: 1, phonebookID: 2, firstName: "Eva", lastName: "Klein", company: "Telco Supplies", email: "eva@telco.example",
                    phone: "0049 89 7770001", mobile: "0160 9998887", fax: ""),
        ]
        let t = Int(now.timeIntervalSince1970)
        d.voicemails = [
            Voicemail(mailbox: "100", folder: "INBOX", name: "msg0000", date: t - 3_600, clid: "Demo<1519>", duration: 9, audio: WaveFile.tone(hz: 440, seconds: 1)),
            Voicemail(mailbox: "100", folder: "INBOX", name: "msg0001", date: t - 600, clid: "\"Tina Sander\" <022166966966>", duration: 4, audio: WaveFile.tone(hz: 523, seconds: 1)),
            Voicemail(mailbox: "100", folder: "Old", name: "msg0000", date: t - 86_400 * 2, clid: "X-Lite<7502>", duration: 8, audio: WaveFile.tone(hz: 660, seconds: 1)),
            Voicemail(mailbox: "101", folder: "INBOX", name: "msg0000", date: t - 7_200, clid: "Pizza Roma <022112345>", duration: 12, audio: WaveFile.tone(hz: 392, seconds: 1)),
            Voicemail(mailbox: "103", folder: "Old", name: "msg0000", date: t - 86_400, clid: "\"Agent 01\" <101>", duration: 3, audio: WaveFile.tone(hz: 330, seconds: 1)),
        ]
        d.cdrs = demoCalls(now: now)
        return d
    }

    private static func demoCalls(now exact: Date) -> [CDR] {
        // Whole seconds: `calldate` has no fraction, and the window filter must agree with it.
        let now = Date(timeIntervalSince1970: exact.timeIntervalSince1970.rounded(.down))
        let outside = ["022166966966", "017712345678", "+4930555010", "0049897770001", "022112345"]
        let dispositions = [("ANSWERED", "Dial"), ("NO ANSWER", "Dial"), ("BUSY", "Dial"), ("ANSWERED", "VoiceMail"), ("FAILED", "Dial"), ("ANSWERED", "Queue")]
        var rows: [CDR] = []
        let count = 66
        for i in 0..<count {
            let minutesAgo = i * 97 + 5
            let calldate = now.addingTimeInterval(TimeInterval(-minutesAgo * 60))
            let ext = String(100 + i % 5), other = String(100 + (i + 2) % 5), number = outside[i % outside.count]
            let (disposition, lastapp) = dispositions[i % dispositions.count]
            let duration = 20 + (i * 37) % 400
            let billsec = disposition == "ANSWERED" ? duration - 8 - i % 7 : 0
            let kind = i % 3
            let (calltype, src, dst, clid): (String, String, String, String) = switch kind {
            case 0: ("incoming", number, lastapp == "Queue" ? "500" : ext, "\"\" <\(number)>")
            case 1: ("outgoing", ext, number, "\"Ext \(ext)\" <\(ext)>")
            default: ("local", ext, other, "\"Ext \(ext)\" <\(ext)>")
            }
            rows.append(CDR(id: 1000 + i, calldate: calldate, clid: clid, src: src, dst: dst, duration: duration,
                            billsec: billsec, disposition: disposition, lastapp: lastapp, calltype: calltype))
        }
        // Two calls in the same second: keyset paging must neither lose nor repeat one.
        var twin = rows[4]
        twin.id = 1000 + count
        twin.src = "104"
        twin.clid = "\"Lisa Wong\" <104>"
        rows.append(twin)
        return rows
    }
}
