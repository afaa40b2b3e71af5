import PBXCore

/// `GET /voicemailbox/` entry and `GET /voicemailbox/{mailbox}`: boxes are addressed by their
/// mailbox number `016voi_mailbox` (the user's or team's extension).
struct PascomVoicemailBox: PascomRecord {
    var object: PascomObject
    var mailbox: String
    var name: String?

    init(_ o: PascomObject) throws(PascomDecodingError) {
        object = o
        mailbox = try o.required("016voi_mailbox")
        name = o.string("016voi_name")
    }

    static let what = "voicemail box"
}

/// `GET /voicemailbox/{mailbox}/{folder}` entry. `msg_id` (`1612943003-00000000`) is unique
/// and stable across folder moves; with folder `*` it addresses the message directly.
struct PascomVoicemailMessage: PascomRecord {
    var object: PascomObject
    var msgId: String
    var fileId: String?
    var folder: String?
    var mailbox: String?
    var callerId: String?
    var callerName: String?
    var callerNumber: String?
    var origTime: Int?
    var duration: Int?

    init(_ o: PascomObject) throws(PascomDecodingError) {
        object = o
        msgId = try o.required("msg_id")
        fileId = o.string("id")
        folder = o.string("folder")
        mailbox = o.string("origmailbox")
        callerId = o.string("callerid")
        callerName = o.string("calleridname")
        callerNumber = o.string("calleridnum")
        origTime = o.int("origtime")
        duration = o.int("duration")
    }

    static let what = "voicemail message"
}
