import Foundation
import HTTPServer

/// `/phonebook/`: the global book (contacts and the PBX users pascom lists there), private
/// books per user, create / update (both POST) / delete.
extension PascomSimulator {
    static let phonebookFields = ["displayname", "firstname", "surname", "phone", "email", "fax", "mobile", "homephone", "organisation", "notes"]

    func installPhonebookRoutes(on router: inout Router) {
        route(&router, .GET, "phonebook/") { [self] request, _ in
            try phonebookPage(try Self.query(request), owner: nil, includeGlobal: true)
        }
        route(&router, .GET, "phonebook/identity/{user}") { [self] request, p in
            let q = try Self.query(request)
            guard state.withLock({ $0.user(p["user"] ?? "") }) != nil else { throw Failure(status: 404) }
            return try phonebookPage(q, owner: p["user"], includeGlobal: q["scope"] == "all")
        }
        route(&router, .GET, "phonebook/{id}") { [self] _, p in
            guard let c = state.withLock({ s in s.contacts.first { String($0.id) == p["id"] } }) else { throw Failure(status: 404) }
            return Self.json(entry(c))
        }
        route(&router, .POST, "phonebook/") { [self] request, _ in
            try write(request, id: nil, owner: nil)
        }
        route(&router, .POST, "phonebook/identity/{user}") { [self] request, p in
            guard state.withLock({ $0.user(p["user"] ?? "") }) != nil else { throw Failure(status: 404) }
            return try write(request, id: nil, owner: p["user"])
        }
        route(&router, .POST, "phonebook/{id}") { [self] request, p in
            guard let id = Int(p["id"] ?? "") else { throw Failure(status: 404) }
            return try write(request, id: id, owner: nil)
        }
        route(&router, .DELETE, "phonebook/{id}") { [self] _, p in
            try state.withLock { s in
                guard let i = s.contacts.firstIndex(where: { String($0.id) == p["id"] }) else { throw Failure(status: 404) }
                // PBX users are generated from the user table; the book cannot delete them.
                guard s.contacts[i].type == "028phonebook" else { throw Failure(status: 403) }
                s.contacts.remove(at: i)
            }
            return Self.json(.object([]))
        }
    }

    /// `{"total", "limit", "offset", "scroll", "entries"}`; `search` matches any field,
    /// `letter` the display name's first letter; `limit` 0 or absent = all. The HEAD
    /// variant's `x-*` headers are sent on GET too.
    private func phonebookPage(_ q: [String: String], owner: String?, includeGlobal: Bool) throws -> HTTPResponse {
        let offset = try q["offset"].map { v in guard let n = Int(v), n >= 0 else { throw Failure(status: 400) }; return n } ?? 0
        let limit = try q["limit"].map { v in guard let n = Int(v), n >= 0 else { throw Failure(status: 400) }; return n } ?? 0
        let all = state.withLock { s in
            s.contacts.filter { c in (c.owner == nil && includeGlobal) || (owner != nil && c.owner == owner) }.sorted { $0.id < $1.id }
        }
        let search = q["search"]?.lowercased()
        let hits = all.filter { c in
            (search.map { term in term.isEmpty || c.fields.values.contains { $0.lowercased().contains(term) } } ?? true)
                && (q["letter"].map { l in c.fields["displayname"]?.lowercased().hasPrefix(l.lowercased()) == true } ?? true)
        }
        let page = hits.dropFirst(offset).prefix(limit == 0 ? Int.max : limit)
        let headers: HTTPHeaders = ["x-total": String(all.count), "x-totalfiltered": String(hits.count), "x-limit": String(limit),
                                    "x-offset": String(offset), "x-scroll": "0"]
        return Self.json(.object([
            ("total", .int(hits.count)), ("limit", .int(limit)), ("offset", .int(offset)), ("scroll", .int(0)),
            ("entries", .array(page.map(entry))),
        ]), headers: headers)
    }

    func entry(_ c: PascomSimContact) -> PascomSimJSON {
        var m: [(String, PascomSimJSON)] = [
            ("type", .string(c.type)), ("id", .int(c.id)),
            ("phonebookType", c.owner == nil ? .null : .string("identity")), ("phonebookName", .text(c.owner)),
        ]
        m += Self.phonebookFields.map { ($0, .text(c.fields[$0])) }
        m.append(("labelList", .array([])))
        return .object(m)
    }

    /// Create (`id` nil) or update. The body holds the entry's fields; unknown keys, a
    /// `type` other than `028phonebook` and non-string values are 400; PBX users are 403.
    private func write(_ request: HTTPRequest, id: Int?, owner: String?) throws -> HTTPResponse {
        let body = try Self.body(request)
        let allowed = Set(Self.phonebookFields + ["type", "labelList", "phonebookType", "phonebookName", "id"])
        guard body.keys.allSatisfy(allowed.contains), (body["type"] as? String ?? "028phonebook") == "028phonebook" else { throw Failure(status: 400) }
        var fields: [String: String] = [:]
        for key in Self.phonebookFields {
            guard let v = body[key] else { continue }
            guard let s = v as? String else { if v is NSNull { continue }; throw Failure(status: 400) }
            if !s.isEmpty { fields[key] = s }
        }
        guard fields["displayname"] != nil || fields["surname"] != nil || fields["organisation"] != nil else { throw Failure(status: 400) }
        let stored: PascomSimContact = try state.withLock { s in
            if let id {
                guard let i = s.contacts.firstIndex(where: { $0.id == id }) else { throw Failure(status: 404) }
                guard s.contacts[i].type == "028phonebook" else { throw Failure(status: 403) }
                s.contacts[i].fields = fields
                return s.contacts[i]
            }
            let c = PascomSimContact(id: s.nextContactID, type: "028phonebook", owner: owner, fields: fields)
            s.nextContactID += 1
            s.contacts.append(c)
            return c
        }
        return settings.phonebookWriteAnswer == .entry ? Self.json(entry(stored)) : Self.json(.object([]))
    }
}
