import PBXCore

/// `GET /identity/` and `GET /identity/{userName}`: a user. Paths use the login name
/// (`003use_name`), so that is the neutral id.
struct PascomIdentity: PascomRecord {
    var object: PascomObject
    var name: String
    var id: String?
    var displayName: String?
    var `extension`: String?
    var email: String?
    var state: String?
    var enabled: Bool?

    init(_ o: PascomObject) throws(PascomDecodingError) {
        object = o
        name = try o.required("003use_name")
        id = o.string("003use_id")
        displayName = o.string("003use_bez")
        self.extension = o.string("009ext_extension")
        email = o.string("016voi_email")
        state = o.string("003use_state")
        enabled = o.bool("003use_enabled")
    }

    static let what = "identity"
}

/// `GET /queue/` entry: header fields with member counters.
struct PascomQueueHeader: PascomRecord {
    var object: PascomObject
    var name: String
    var `extension`: String?
    var waiting: Int?
    var agentCount: Int?

    init(_ o: PascomObject) throws(PascomDecodingError) {
        object = o
        name = try o.required("029tea_bez")
        self.extension = o.string("009ext_extension")
        waiting = o.int("countEntries")
        if let m = o.object("members") {
            // Active = logged in and not paused; paused and inactive members are agents too.
            let parts = ["countActiveMembers", "countPausedMembers", "countInactiveMembers"].compactMap { m.int($0) }
            agentCount = parts.isEmpty ? nil : parts.reduce(0, +)
        }
    }

    static let what = "queue"
}

/// `GET /queue/{name}`: the queue with its members and waiting entries.
struct PascomQueueDetail: PascomRecord {
    struct Member: Sendable, Hashable {
        var object: PascomObject
        var agent: String
        var displayName: String?
        var phone: String?
        var loggedIn: Bool?
        var paused: Bool
        var pauseReason: String?

        init(_ o: PascomObject) throws(PascomDecodingError) {
            object = o
            agent = try o.required("agent")
            let entry = o.object("phonebookentry")
            displayName = entry?.string("displayname")
            phone = entry?.string("phone")
            loggedIn = o.bool("loggedin")
            paused = o.bool("paused") ?? false
            pauseReason = o.string("pausereason") ?? o.string("pasusereason")
        }
    }

    var object: PascomObject
    var name: String
    var `extension`: String?
    var members: [Member]
    var entries: Int

    init(_ o: PascomObject) throws(PascomDecodingError) {
        object = o
        name = try o.required("029tea_bez")
        self.extension = o.string("009ext_extension")
        var members: [Member] = []
        for m in o.array("members") { members.append(try Member(PascomObject(m, what: "queue member"))) }
        self.members = members
        entries = o.array("entries").count
    }

    static let what = "queue"
}

/// `GET /device/{name}` (and the header-only `GET /device/` entries): devices are addressed
/// by their name `010dev_bez`, which contains spaces and brackets.
struct PascomDevice: PascomRecord {
    var object: PascomObject
    var name: String
    var caption: String?
    var userName: String?
    var `extension`: String?

    init(_ o: PascomObject) throws(PascomDecodingError) {
        object = o
        name = try o.required("010dev_bez")
        caption = o.string("device_caption") ?? o.string("010dev_caption")
        userName = o.string("003use_name")
        self.extension = o.string("extension") ?? o.string("009ext_extension")
    }

    static let what = "device"
}

/// `GET /trunk/status`: `{trunk: {peer: {number: state}, register: {number: state}}}` — the
/// only place pascom names its external numbers.
struct PascomTrunkStatus: Sendable {
    var numbers: [(trunk: String, number: String)]

    init(_ trunks: [String: PascomObject]) {
        var seen = Set<String>()
        var out: [(String, String)] = []
        for trunk in trunks.keys.sorted() {
            for part in ["register", "peer"] {
                for number in (trunks[trunk]?.object(part)?.fields.keys.sorted() ?? []) where seen.insert(number).inserted {
                    out.append((trunk, number))
                }
            }
        }
        numbers = out
    }
}
