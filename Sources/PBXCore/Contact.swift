public enum ContactNumberType: String, Sendable, Codable, CaseIterable { case work, mobile, home, fax, other }

public struct ContactNumber: Sendable, Codable, Hashable {
    public var type: ContactNumberType
    /// E.164 where derivable.
    public var number: String
    public var rawNumber: String

    public init(type: ContactNumberType, number: String, rawNumber: String) {
        self.type = type
        self.number = number
        self.rawNumber = rawNumber
    }
}

public struct Contact: Sendable, Codable, Hashable {
    public var id: String
    public var name: String?
    public var firstName: String?
    public var lastName: String?
    public var company: String?
    public var email: String?
    public var numbers: [ContactNumber]
    public var raw: JSONValue?

    public init(id: String, name: String?, firstName: String?, lastName: String?, company: String?,
                email: String?, numbers: [ContactNumber], raw: JSONValue? = nil) {
        self.id = id
        self.name = name
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.email = email
        self.numbers = numbers
        self.raw = raw
    }
}

/// Body of `POST /phonebook` and `PUT /phonebook/{id}`, validated by the gateway.
/// `number` fields hold what the client sent; adapters send the vendor what it expects.
public struct ContactInput: Sendable, Hashable {
    public var name: String?
    public var firstName: String?
    public var lastName: String?
    public var company: String?
    public var email: String?
    public var numbers: [(type: ContactNumberType, number: String)]

    public init(name: String?, firstName: String?, lastName: String?, company: String?, email: String?,
                numbers: [(type: ContactNumberType, number: String)]) {
        self.name = name
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.email = email
        self.numbers = numbers
    }

    public static func == (a: ContactInput, b: ContactInput) -> Bool {
        a.name == b.name && a.firstName == b.firstName && a.lastName == b.lastName && a.company == b.company
            && a.email == b.email && a.numbers.map(\.type) == b.numbers.map(\.type) && a.numbers.map(\.number) == b.numbers.map(\.number)
    }
    public func hash(into h: inout Hasher) {
        h.combine(name); h.combine(firstName); h.combine(lastName); h.combine(company); h.combine(email)
        for n in numbers { h.combine(n.type); h.combine(n.number) }
    }
}

public enum LookupKind: String, Sendable, Codable { case contact, user }

/// One caller-ID match: `GET /phonebook/lookup?number=`.
public struct LookupMatch: Sendable, Codable, Hashable {
    public var kind: LookupKind
    public var id: String
    public var name: String?
    public var company: String?
    public var matchedNumber: String

    public init(kind: LookupKind, id: String, name: String?, company: String?, matchedNumber: String) {
        self.kind = kind
        self.id = id
        self.name = name
        self.company = company
        self.matchedNumber = matchedNumber
    }
}
