import Foundation
import PBXCore

// fonial payloads, and the one place their quirks are tolerated:
// - trailing commas before `}`/`]` (every example in the docs has them) are accepted;
//   anything else that is not JSON (the journal example's unterminated string) is refused;
// - ids as integers or strings; `""` and `null` for absent values; `costs` as string or
//   number; `authenticated` as `true`, `"1"` or `1`;
// - the error text in `error` (docs) or `reason` (observed);
// - a missing payload list in an `ok` answer is an empty list.

/// The envelope every fonial answer carries: `{"sid", "status": "ok"|"error", "error"}`.
struct FonialEnvelope: Decodable, Sendable {
    var sid: String?
    var status: String?
    /// `error` per the docs, `reason` per observation; content undocumented, so never echoed.
    var error: String?
    /// Only in `/session/authenticate` answers.
    var authenticated: Bool?

    var isOK: Bool { status?.lowercased() == "ok" }

    private enum Keys: String, CodingKey { case sid, status, error, reason, authenticated }

    init(sid: String? = nil, status: String?, error: String? = nil, authenticated: Bool? = nil) {
        self.sid = sid
        self.status = status
        self.error = error
        self.authenticated = authenticated
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        sid = c.lenientString(.sid)
        status = c.lenientString(.status)
        error = c.lenientText(.error) ?? c.lenientText(.reason)
        authenticated = c.lenientFlag(.authenticated)
    }
}

/// `POST /devices/get` → `devices`.
struct FonialDevicesPayload: Decodable, Sendable {
    var devices: [FonialDeviceDTO]?
}

/// `POST /numbers/get` → `numbers`.
struct FonialNumbersPayload: Decodable, Sendable {
    var numbers: [FonialNumberDTO]?
}

/// `POST /evn/get` → `evn`.
struct FonialEVNPayload: Decodable, Sendable {
    var evn: [FonialEVNRecord]?
}

/// `POST /journal/get` → `journal`.
struct FonialJournalPayload: Decodable, Sendable {
    var journal: [FonialJournalRecord]?
}

/// One IP device: `{"name": "Telefon Martin Mustermann", "id": 23}`.
struct FonialDeviceDTO: Decodable, Sendable {
    var id: String
    var name: String?
    var raw: JSONValue

    private enum Keys: String, CodingKey { case id, name }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.requiredID(.id)
        name = c.lenientString(.name)
        raw = try JSONValue(from: decoder)
    }
}

/// One number of the account: `{"number": "+4922166966966", "id": 21}`.
struct FonialNumberDTO: Decodable, Sendable {
    var id: String
    var number: String?
    var raw: JSONValue

    private enum Keys: String, CodingKey { case id, number }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.requiredID(.id)
        number = c.lenientString(.number)
        raw = try JSONValue(from: decoder)
    }
}

/// One outgoing, billed call of the Einzelverbindungsnachweis.
struct FonialEVNRecord: Decodable, Sendable {
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

    private enum Keys: String, CodingKey { case from, to, destination, dateStart, dateEnd, duration, costs, sipuser, target }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        from = c.lenientString(.from)
        to = c.lenientString(.to)
        destination = c.lenientString(.destination)
        dateStart = c.lenientString(.dateStart).flatMap(FonialLocalTime.init(parsing:))
        dateEnd = c.lenientString(.dateEnd).flatMap(FonialLocalTime.init(parsing:))
        duration = c.lenientInt(.duration)
        costs = c.lenientString(.costs)
        sipuser = c.lenientString(.sipuser)
        target = c.lenientString(.target)
        raw = try JSONValue(from: decoder)
    }
}

/// One incoming call of the journal: `date`, `from`, `to`, `status` (`TAKEN`, …).
struct FonialJournalRecord: Decodable, Sendable {
    var date: FonialLocalTime?
    var from: String?
    var to: String?
    var status: String?
    var raw: JSONValue

    private enum Keys: String, CodingKey { case date, from, to, status }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        date = c.lenientString(.date).flatMap(FonialLocalTime.init(parsing:))
        from = c.lenientString(.from)
        to = c.lenientString(.to)
        status = c.lenientString(.status)
        raw = try JSONValue(from: decoder)
    }
}

extension KeyedDecodingContainer {
    /// String, or a number written as one; `""`, `null`, absent or another type → nil.
    func lenientString(_ key: Key) -> String? {
        if let s = try? decodeIfPresent(String.self, forKey: key) {
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        if let i = try? decodeIfPresent(Int64.self, forKey: key) { return String(i) }
        if let d = try? decodeIfPresent(Double.self, forKey: key), d.isFinite { return String(d) }
        return nil
    }

    /// An error text: a string, or a summary marker when fonial sends another shape.
    func lenientText(_ key: Key) -> String? {
        if let s = lenientString(key) { return s }
        guard contains(key), (try? decodeNil(forKey: key)) == false else { return nil }
        return "(structured error)"
    }

    /// Integer, integral float or numeric string; anything else → nil.
    func lenientInt(_ key: Key) -> Int? {
        if let i = try? decodeIfPresent(Int.self, forKey: key) { return i }
        if let d = try? decodeIfPresent(Double.self, forKey: key), d.isFinite, d.rounded() == d, abs(d) < 1e15 { return Int(d) }
        if let s = lenientString(key) { return Int(s) ?? Double(s).flatMap { $0.rounded() == $0 && abs($0) < 1e15 ? Int($0) : nil } }
        return nil
    }

    /// `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"true"`/`"false"`; anything else → nil.
    func lenientFlag(_ key: Key) -> Bool? {
        if let b = try? decodeIfPresent(Bool.self, forKey: key) { return b }
        if let i = lenientInt(key) { return i != 0 }
        switch lenientString(key)?.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: return nil
        }
    }

    /// An id as integer or string; missing or empty is a decoding error (a record without
    /// an id cannot be addressed).
    func requiredID(_ key: Key) throws -> String {
        guard let id = lenientString(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "id missing or empty"))
        }
        return id.hasSuffix(".0") ? String(id.dropLast(2)) : id
    }
}

/// Decodes fonial bodies, tolerating trailing commas (see the top of this file).
enum FonialJSON {
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(removingTrailingCommas(body)))
    }

    /// Drops a `,` that is followed (after whitespace) by `}` or `]`, outside strings, and a
    /// UTF-8 byte order mark. Everything else is left for the JSON parser to judge.
    static func removingTrailingCommas(_ body: [UInt8]) -> [UInt8] {
        var input = body[...]
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { input = input.dropFirst(3) }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var inString = false
        var escaped = false
        var i = input.startIndex
        while i < input.endIndex {
            let b = input[i]
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                out.append(b)
            } else if b == UInt8(ascii: "\"") {
                inString = true
                out.append(b)
            } else if b == UInt8(ascii: ",") {
                var j = input.index(after: i)
                while j < input.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(input[j]) { j = input.index(after: j) }
                if j == input.endIndex || (input[j] != UInt8(ascii: "}") && input[j] != UInt8(ascii: "]")) { out.append(b) }
            } else {
                out.append(b)
            }
            i = input.index(after: i)
        }
        return out
    }
}
