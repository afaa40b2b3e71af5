import PBXCore

/// A phonebook entry. `type` `028phonebook` is a contact; `011account` is a PBX user that
/// pascom lists in the global book (served through users, not contacts).
struct PascomPhonebookEntry: PascomRecord {
    static let contactType = "028phonebook"
    static let userType = "011account"

    var object: PascomObject
    var id: String
    var type: String?
    var displayName: String?
    var firstName: String?
    var surname: String?
    var organisation: String?
    var email: String?
    var phone: String?
    var mobile: String?
    var homephone: String?
    var fax: String?

    init(_ o: PascomObject) throws(PascomDecodingError) {
        object = o
        id = try o.required("id")
        type = o.string("type")
        displayName = o.string("displayname")
        firstName = o.string("firstname")
        surname = o.string("surname")
        organisation = o.string("organisation")
        email = o.string("email")
        phone = o.string("phone")
        mobile = o.string("mobile")
        homephone = o.string("homephone")
        fax = o.string("fax")
    }

    static let what = "phonebook entry"

    var isUser: Bool { type == Self.userType }
}

/// `GET /phonebook/`: `{"total", "limit", "offset", "scroll", "entries": [...]}`.
struct PascomPhonebookPage: PascomRecord {
    var total: Int?
    var entries: [PascomPhonebookEntry]

    init(_ o: PascomObject) throws(PascomDecodingError) {
        total = o.int("total")
        var entries: [PascomPhonebookEntry] = []
        for e in o.array("entries") { entries.append(try PascomPhonebookEntry(PascomObject(e, what: "phonebook entry"))) }
        self.entries = entries
    }

    static let what = "phonebook page"
}

/// The body of `POST /phonebook/` (create) and `POST /phonebook/{id}` (update): pascom has
/// one slot per number kind.
struct PascomPhonebookWrite: Sendable, Encodable {
    var type = PascomPhonebookEntry.contactType
    var displayname: String
    var firstname: String
    var surname: String
    var phone: String
    var email: String
    var fax: String
    var mobile: String
    var homephone: String
    var organisation: String
    var notes: String = ""
    var labelList: [String] = []
}
