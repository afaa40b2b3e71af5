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
