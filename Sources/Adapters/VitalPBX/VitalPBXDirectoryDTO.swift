import PBXCore

/// One element of `GET extensions` (and of `GET extensions/{id}`).
struct VitalPBXExtension: VitalPBXRecord {
    var id: String
    var number: String?
    var name: String?
    var email: String?
    var mailbox: String?
    var raw: JSONValue

    init(json: JSONValue) throws(VitalPBXShapeError) {
        let f = try VitalPBXFields(json, record: "extension")
        id = try f.requiredID("extension_id")
        number = f.string("extension")
        name = f.string("name")
        email = f.string("email")
        mailbox = f.string("mailbox")
        raw = json
    }

    // The nested lists are read when asked, each time: a user list never needs them, and
    // the queue paths read them once per extension (`VitalPBXQueueRoster`).

    /// A device list that does not read is no devices, not an unreadable extension.
    var devices: [VitalPBXDevice] {
        raw["devices"].flatMap { try? VitalPBXOneOrMany<VitalPBXDevice>(json: $0).items } ?? []
    }

    var queues: VitalPBXQueueMembership? {
        raw["queues_info"].flatMap { $0 == .null ? nil : try? VitalPBXQueueMembership(json: $0) }
    }

    /// `"100@vitalpbx-voicemail"` → `"100"`: the mailbox number used in voicemail paths.
    var mailboxNumber: String? {
        guard let mailbox else { return nil }
        let box = mailbox.split(separator: "@", maxSplits: 1).first.map(String.init) ?? mailbox
        return box.isEmpty ? nil : box
    }
}

/// A device as nested in an extension, from `extensions/{id}/devices` or from `devices`.
struct VitalPBXDevice: VitalPBXRecord {
    var id: String
    var extensionID: String?
    var user: String?
    var description: String?
    var deviceName: String?
    var technology: String?
    var assignedExtension: String?
    var raw: JSONValue

    init(json: JSONValue) throws(VitalPBXShapeError) {
        let f = try VitalPBXFields(json, record: "device")
        id = try f.requiredID("device_id")
        extensionID = f.string("extension_id")
        user = f.string("user")
        description = f.string("description")
        deviceName = f.string("device_name")
        technology = f.string("technology")
        assignedExtension = f.string("assigned_exten")
        raw = json
    }
}

/// Parallel arrays of queue ids, names and penalties: `queues_info` inside an extension
/// names the ids `queues`, `GET extensions/{id}/queues` names them `queues_id`.
struct VitalPBXQueueMembership: VitalPBXRecord {
    struct Entry: Equatable { var queueID: String; var name: String?; var penalty: String? }
    var entries: [Entry]

    init(entries: [Entry]) { self.entries = entries }

    init(json: JSONValue) throws(VitalPBXShapeError) {
        if json == .array([]) {   // PHP's `[]` for an empty object
            entries = []
            return
        }
        let f = try VitalPBXFields(json, record: "queue membership")
        let ids = f["queues_id"] != nil ? f.strings("queues_id") : f.strings("queues")
        let names = f.strings("queues_name")
        let penalties = f.strings("queues_penalty")
        entries = ids.enumerated().compactMap { i, id in
            guard !id.isEmpty else { return nil }
            return Entry(queueID: id, name: i < names.count && !names[i].isEmpty ? names[i] : nil,
                         penalty: i < penalties.count && !penalties[i].isEmpty ? penalties[i] : nil)
        }
    }
}

/// One element of `GET queues` / `GET queues/{id}`.
struct VitalPBXQueue: Decodable {
    var id: String
    var name: String?
    var number: String?
    var raw: JSONValue

    private enum CodingKeys: String, CodingKey { case queueID = "queue_id", id, name, description, number = "extension" }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.requiredID(.queueID, .id, record: "queue")
        name = c.lenientString(.name) ?? c.lenientString(.description)
        number = c.lenientString(.number)
        raw = decoder.rawRecord()
    }
}

/// One element of `GET devices/{id}/queues`: the device's membership and agent state.
struct VitalPBXDeviceQueue: Decodable {
    var queueID: String
    var paused: Bool
    var pauseReason: String?
    var loggedIn: Bool?
    /// Asterisk device state as text (`Not in use`, `In use`, `Ringing`, `Unavailable`).
    var status: String?
    var raw: JSONValue

    private enum CodingKeys: String, CodingKey {
        case queueID = "queue_id", id, paused, pauseReason = "pause_reason", loggedIn = "logged_in", status
    }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        queueID = try c.requiredID(.queueID, .id, record: "membership")
        paused = c.lenientBool(.paused) ?? false
        pauseReason = c.lenientString(.pauseReason)
        loggedIn = c.lenientBool(.loggedIn)
        status = c.lenientString(.status)
        raw = decoder.rawRecord()
    }
}

/// One element of `GET phonebooks`.
struct VitalPBXPhonebook: Decodable {
    var id: String
    var name: String?

    private enum CodingKeys: String, CodingKey { case phonebookID = "phonebook_id", id, name }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.requiredID(.phonebookID, .id, record: "phonebook")
        name = c.lenientString(.name)
    }
}

/// One element of `GET phonebooks/{id}/contacts`.
struct VitalPBXContact: Decodable {
    var id: String
    var name: String?
    var firstName: String?
    var lastName: String?
    var company: String?
    var email: String?
    /// (field name, number) in document order: `phone`, `mobile`, `home`, `fax`, `other`.
    var numbers: [(field: String, number: String)]
    var raw: JSONValue

    static let numberFields = ["phone", "work_phone", "mobile", "home_phone", "home", "fax", "other_phone"]

    private enum CodingKeys: String, CodingKey {
        case contactID = "contact_id", id, name, firstName = "first_name", lastName = "last_name", company, email
    }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.requiredID(.contactID, .id, record: "contact")
        name = c.lenientString(.name)
        firstName = c.lenientString(.firstName)
        lastName = c.lenientString(.lastName)
        company = c.lenientString(.company)
        email = c.lenientString(.email)
        let any = try decoder.container(keyedBy: AnyCodingKey.self)
        numbers = Self.numberFields.compactMap { field in
            any.lenientString(AnyCodingKey(field)).map { (field, $0) }
        }
        raw = decoder.rawRecord()
    }
}

/// Which extensions, with their devices, are members of which queue: VitalPBX lists a
/// queue's members only in each extension's `queues_info`. Each extension's nested lists
/// are read once here, however many queues are asked about.
struct VitalPBXQueueRoster {
    private let entries: [(owner: VitalPBXExtension, queueIDs: [String], devices: [VitalPBXDevice])]

    init(_ extensions: [VitalPBXExtension]) {
        entries = extensions.map { ($0, $0.queues?.entries.map(\.queueID) ?? [], $0.devices) }
    }

    func members(of queueID: String) -> [(owner: VitalPBXExtension, devices: [VitalPBXDevice])] {
        entries.filter { $0.queueIDs.contains(queueID) }.map { ($0.owner, $0.devices) }
    }
}
