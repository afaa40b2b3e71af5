import Foundation
import PBXCore

// fonial payloads, and the one place their quirks are tolerated (with FonialJSON, which
// accepts the docs' trailing commas):
// - ids as integers or strings; `""` and `null` for absent values; `costs` as string or
//   number; `authenticated` as `true`, `"1"` or `1`;
// - the error text in `error` (docs) or `reason` (observed);
// - a missing payload list in an `ok` answer is an empty list.

/// A fonial answer (or part of one) built from parsed JSON.
protocol FonialPayload: Sendable {
    init(json: JSONValue) throws(FonialShapeError)
}

/// A record fonial sent that cannot be used (no id, a list that is not a list).
struct FonialShapeError: Error, Sendable, Equatable {
    var field: String
}

/// The envelope every fonial answer carries: `{"sid", "status": "ok"|"error", "error"}`.
struct FonialEnvelope: FonialPayload {
    var sid: String?
    var status: String?
    /// `error` per the docs, `reason` per observation; content undocumented, so never echoed.
    var error: String?
    /// Only in `/session/authenticate` answers.
    var authenticated: Bool?

    var isOK: Bool { status?.lowercased() == "ok" }

    init(sid: String? = nil, status: String?, error: String? = nil, authenticated: Bool? = nil) {
        self.sid = sid
        self.status = status
        self.error = error
        self.authenticated = authenticated
    }

    init(json: JSONValue) throws(FonialShapeError) {
        guard case .object = json else { throw FonialShapeError(field: "(answer)") }
        sid = json.lenientString("sid")
        status = json.lenientString("status")
        error = json.lenientText("error") ?? json.lenientText("reason")
        authenticated = json.lenientFlag("authenticated")
    }
}

/// `POST /devices/get` → `devices`.
struct FonialDevicesPayload: FonialPayload {
    var devices: [FonialDeviceDTO]?
    init(json: JSONValue) throws(FonialShapeError) { devices = try json.records("devices") }
}

/// `POST /numbers/get` → `numbers`.
struct FonialNumbersPayload: FonialPayload {
    var numbers: [FonialNumberDTO]?
    init(json: JSONValue) throws(FonialShapeError) { numbers = try json.records("numbers") }
}

/// `POST /evn/get` → `evn`.
struct FonialEVNPayload: FonialPayload {
    var evn: [FonialEVNRecord]?
    init(json: JSONValue) throws(FonialShapeError) { evn = try json.records("evn") }
}

/// `POST /journal/get` → `journal`.
struct FonialJournalPayload: FonialPayload {
    var journal: [FonialJournalRecord]?
    init(json: JSONValue) throws(FonialShapeError) { journal = try json.records("journal") }
}

/// One IP device: `{"name": "Telefon Martin Mustermann", "id": 23}`.
struct FonialDeviceDTO: FonialPayload {
    var id: String
    var name: String?
    var raw: JSONValue

    init(json: JSONValue) throws(FonialShapeError) {
        id = try json.requiredID("id")
        name = json.lenientString("name")
        raw = json
    }
}

/// One number of the account: `{"number": "+4922166966966", "id": 21}`.
struct FonialNumberDTO: FonialPayload {
    var id: String
    var number: String?
    var raw: JSONValue

    init(json: JSONValue) throws(FonialShapeError) {
        id = try json.requiredID("id")
        number = json.lenientString("number")
        raw = json
    }
}

/// One outgoing, billed call of the Einzelverbindungsnachweis.
struct FonialEVNRecord: FonialPayload {
    var from: String?
    var to: String?
    /// Tariff zone text (`Deutschland (Festnetz)`), not a party.
    var destination: String?
    var dateStart: FonialLocalTime?
    var dateEnd: FonialLocalTime?
    var duration: Int?
    var costs: String?
    var sipuser: String?
    /// The calling device's name (not a number, unlike the callback's `target`).
    var target: String?
    var raw: JSONValue

    init(json: JSONValue) throws(FonialShapeError) {
        guard case .object = json else { throw FonialShapeError(field: "evn[]") }
        from = json.lenientString("from")
        to = json.lenientString("to")
        destination = json.lenientString("destination")
        dateStart = json.lenientString("dateStart").flatMap(FonialLocalTime.init(parsing:))
        dateEnd = json.lenientString("dateEnd").flatMap(FonialLocalTime.init(parsing:))
        duration = json.lenientInt("duration")
        costs = json.lenientString("costs")
        sipuser = json.lenientString("sipuser")
        target = json.lenientString("target")
        raw = json
    }
}

/// One incoming call of the journal: `date`, `from`, `to`, `status` (`TAKEN`, …).
struct FonialJournalRecord: FonialPayload {
    var date: FonialLocalTime?
    var from: String?
    var to: String?
    var status: String?
    var raw: JSONValue

    init(json: JSONValue) throws(FonialShapeError) {
        guard case .object = json else { throw FonialShapeError(field: "journal[]") }
        date = json.lenientString("date").flatMap(FonialLocalTime.init(parsing:))
        from = json.lenientString("from")
        to = json.lenientString("to")
        status = json.lenientString("status")
        raw = json
    }
}

extension JSONValue {
    /// String, or a number written as one; `""`, `null`, absent or another type → nil.
    func lenientString(_ key: String) -> String? {
        switch self[key] {
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        case .number(let d):
            return d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        default:
            return nil
        }
    }

    /// An error text: a string, or a summary marker when fonial sends another shape.
    func lenientText(_ key: String) -> String? {
        if let s = lenientString(key) { return s }
        guard let value = self[key], value != .null else { return nil }
        return "(structured error)"
    }

    /// Integer, integral float or numeric string; anything else → nil.
    func lenientInt(_ key: String) -> Int? {
        switch self[key] {
        case .number(let d): return d.rounded() == d && abs(d) < 1e15 ? Int(d) : nil
        case .string: return lenientString(key).flatMap { Int($0) ?? Double($0).flatMap { $0.rounded() == $0 && abs($0) < 1e15 ? Int($0) : nil } }
        default: return nil
        }
    }

    /// `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"true"`/`"false"`; anything else → nil.
    func lenientFlag(_ key: String) -> Bool? {
        if case .bool(let b) = self[key] { return b }
        if let i = lenientInt(key) { return i != 0 }
        switch lenientString(key)?.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: return nil
        }
    }

    /// An id as integer or string; missing or empty is an error (a record without an id
    /// cannot be addressed).
    func requiredID(_ key: String) throws(FonialShapeError) -> String {
        guard let id = lenientString(key) else { throw FonialShapeError(field: key) }
        return id
    }

    /// The list under `key`: nil when absent or null, an error when it is not a list.
    func records<Record: FonialPayload>(_ key: String) throws(FonialShapeError) -> [Record]? {
        switch self[key] {
        case nil, .null?: return nil
        case .array(let items)?: return try items.map { (item) throws(FonialShapeError) in try Record(json: item) }
        default: throw FonialShapeError(field: key)
        }
    }
}

extension FonialJSON {
    /// Parses and builds a payload; any failure is reported as one error, never echoed.
    static func decode<T: FonialPayload>(_ type: T.Type, from body: [UInt8]) throws -> T {
        try T(json: parse(body))
    }
}
