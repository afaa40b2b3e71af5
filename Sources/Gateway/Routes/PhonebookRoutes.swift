import HTTPServer
import PBXCore

/// `/v1/tenants/{tenant}/phonebook…`: contacts CRUD and caller-ID lookup.
struct PhonebookRoutes {
    let environment: RouteEnvironment
    static let base = "/v1/tenants/{tenant}/phonebook"

    func register(on router: inout Router) {
        let env = environment
        router.list(Self.base, .phonebookList, env, filters: ["q"],
                    parse: { try $0.query.string("q", maxLength: 128) },
                    fetch: { try await $0.contacts(query: $1, page: $2, context: $3) },
                    write: { $0.contact($1, raw: $2) })
        // `include` is accepted but adds nothing: matches carry no vendor record.
        router.list(Self.base + "/lookup", .phonebookLookup, env, filters: ["number"],
                    parse: { r in r.normalize(try JSONBody.phoneNumber(try r.query.required("number", maxLength: 64), field: "number")) },
                    fetch: { adapter, number, _, context in Page.all(try await adapter.lookup(number: number, context: context)) },
                    write: { $0.lookupMatch($1, raw: $2) })
        router.item(Self.base + "/{contactId}", .phonebookGet, env,
                    parse: { try $0.parameter("contactId") },
                    fetch: { try await $0.contact(id: $1, context: $2) },
                    write: { $0.contact($1, raw: $2) })
        router.action(.POST, Self.base, .phonebookCreate, env,
                      parse: { r in (tenant: r.tenant.id, input: try ContactBody.parse(r.request.body)) },
                      perform: { adapter, p, pbx in
                          let contact = try await adapter.createContact(p.input, context: pbx)
                          let location = "/v1/tenants/\(Self.encode(p.tenant))/phonebook/\(Self.encode(contact.id))"
                          return .json(JSONWriter.object { $0.contact(contact, raw: false) }, status: .created, headers: ["Location": location])
                      })
        router.action(.PUT, Self.base + "/{contactId}", .phonebookUpdate, env,
                      parse: { r in (id: try r.parameter("contactId"), input: try ContactBody.parse(r.request.body)) },
                      perform: { adapter, p, pbx in
                          let contact = try await adapter.updateContact(id: p.id, p.input, context: pbx)
                          return .json(JSONWriter.object { $0.contact(contact, raw: false) })
                      })
        router.action(.DELETE, Self.base + "/{contactId}", .phonebookDelete, env,
                      parse: { try $0.parameter("contactId") },
                      perform: { adapter, id, pbx in
                          try await adapter.deleteContact(id: id, context: pbx)
                          return Responses.noContent()
                      })
    }

    /// One path segment, percent-encoded (ids are opaque and may hold anything).
    static func encode(_ segment: String) -> String {
        var out = ""
        for b in segment.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(b))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(b >> 4)])\(hex[Int(b & 15)])"
            }
        }
        return out
    }
}

/// The body of `POST /phonebook` and `PUT /phonebook/{id}`.
enum ContactBody {
    static func parse(_ bytes: [UInt8]) throws(HTTPError) -> ContactInput {
        let body = try JSONBody(bytes, allowed: ["name", "firstName", "lastName", "company", "email", "numbers"])
        var numbers: [(type: ContactNumberType, number: String)] = []
        switch body.members["numbers"] {
        case nil, .null?: break
        case .array(let items)?:
            if items.count > 50 { throw .badRequest("Field 'numbers' holds more than 50 entries.") }
            for (i, item) in items.enumerated() {
                guard case .object(let o) = item else { throw .badRequest("numbers[\(i)] must be an object.") }
                if let unknown = o.keys.filter({ $0 != "type" && $0 != "number" }).sorted().first {
                    throw .badRequest("Unknown field 'numbers[\(i)].\(unknown.prefix(64))' (accepted: number, type).")
                }
                // Absent means `other`; an explicit null is not a type.
                let typeText = o["type"] == nil ? "other" : try JSONBody.string(o["type"], name: "numbers[\(i)].type", maxLength: 16)
                guard let typeText, let type = ContactNumberType(rawValue: typeText) else {
                    throw .badRequest("numbers[\(i)].type must be one of: \(ContactNumberType.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                guard let number = try JSONBody.string(o["number"], name: "numbers[\(i)].number", maxLength: 64) else {
                    throw .badRequest("numbers[\(i)].number is required.")
                }
                numbers.append((type, try JSONBody.phoneNumber(number, field: "numbers[\(i)].number")))
            }
        default: throw .badRequest("Field 'numbers' must be a list.")
        }
        let input = ContactInput(name: try body.string("name"), firstName: try body.string("firstName"),
                                 lastName: try body.string("lastName"), company: try body.string("company"),
                                 email: try body.string("email"), numbers: numbers)
        let names = [input.name, input.firstName, input.lastName, input.company].compactMap { $0 }
        guard names.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw .badRequest("A contact needs at least one of: name, firstName, lastName, company.")
        }
        return input
    }
}
