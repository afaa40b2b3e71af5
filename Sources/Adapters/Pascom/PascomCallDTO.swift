import PBXCore

/// One side of a current-layout CDR or live record (`src*` or `dst*` fields).
struct PascomCallSide: Sendable, Hashable {
    var number: String?
    var prefix: String?
    var name: String?
    var `extension`: String?
    var userName: String?
    var userId: String?
    var deviceName: String?
    var `internal`: Bool?

    init(_ o: PascomObject, _ p: String) {
        number = o.string(p + "Number")
        prefix = o.string(p + "Prefix")
        name = o.string(p + "Name")
        self.extension = o.string(p + "Extension")
        userName = o.string(p + "UserName")
        userId = o.string(p + "UserId")
        deviceName = o.string(p + "DeviceName")
        self.internal = o.bool(p + "Internal")
    }
}

/// A `GET /cdr/` record in either layout: the current reference's `src*`/`dst*` record with
/// JSON booleans, or the older per-user record (`userName`, `inbound`/`internal` as 0/1,
/// `name`/`number` of the other party) that the German intro shows. The layout is detected
/// from the keys, so one tenant can even move between PBX versions.
struct PascomCallRecord: PascomRecord {
    enum Layout: Sendable { case current, legacy }

    struct Legacy: Sendable, Hashable {
        var userName: String?
        var `extension`: String?
        var deviceName: String?
        var inbound: Bool?
        var `internal`: Bool?
        /// The other party, seen from the user.
        var name: String?
        var number: String?
        var voicemailId: String?
    }

    var object: PascomObject
    var layout: Layout
    var id: String
    var timestampMs: Int?
    var time: String?
    var duration: Int?
    var connected: Int?
    var result: String?
    var resultDetails: String?
    var via: String?
    var chain: String?
    var recordId: String?
    var src: PascomCallSide
    var dst: PascomCallSide
    var queueName: String?
    var legacy: Legacy?

    init(_ o: PascomObject) throws(PascomDecodingError) {
        object = o
        id = try o.required("id")
        layout = o["srcInternal"] != nil || o["srcNumber"] != nil || o["dstNumber"] != nil ? .current : .legacy
        timestampMs = o.int("timestamp")
        time = o.string("time")
        duration = o.int("duration")
        connected = o.int("connected")
        result = o.string("result")
        resultDetails = o.string("resultDetails")
        via = o.string("via")
        chain = o.string("chain")
        recordId = o.string("recordId")
        src = PascomCallSide(o, "src")
        dst = PascomCallSide(o, "dst")
        queueName = o.object("data")?.object("queue")?.string("queueName") ?? o.string("queueName")
        if layout == .legacy {
            legacy = Legacy(userName: o.string("userName"), extension: o.string("extension"),
                            deviceName: o.string("deviceName"), inbound: o.bool("inbound"),
                            internal: o.bool("internal"), name: o.string("name"), number: o.string("number"),
                            voicemailId: o.string("voicemailId"))
        }
    }

    static let what = "CDR record"
}

/// A `GET /cdr/live` record: an active call, keyed by `phonecallId`.
struct PascomLiveCall: PascomRecord {
    var object: PascomObject
    var phonecallId: String
    var timestampMs: Int?
    var time: String?
    var state: String?
    var src: PascomCallSide
    var dst: PascomCallSide

    init(_ o: PascomObject) throws(PascomDecodingError) {
        object = o
        phonecallId = try o.required("phonecallId")
        timestampMs = o.int("timestamp")
        time = o.string("time")
        state = o.string("state")
        src = PascomCallSide(o, "src")
        dst = PascomCallSide(o, "dst")
    }

    static let what = "live call"
}

/// Acknowledgements: `{"response":"dial commited"}`, AMI-style `{"Response":"Success",...}`.
struct PascomAck: PascomRecord {
    var response: String?
    var message: String?

    init(_ o: PascomObject) {
        response = o.string("response") ?? o.string("Response")
        message = o.string("Message") ?? o.string("message")
    }

    static let what = "acknowledgement"

    /// Queue actions answer AMI's `Success`; device actions `dial commited` (sic).
    var succeeded: Bool {
        guard let r = response?.lowercased() else { return false }
        return r == "success" || r.hasSuffix("commited") || r.hasSuffix("committed")
    }
}
