import Foundation
import PBXCore

// Every quirk of pascom's JSON is absorbed here, once: ids and counts that arrive as ints,
// as digit strings or as `""` for "none" (CDR records use `""` where other resources use
// `null`), booleans as `true`/`false` or `0`/`1`, list endpoints that the docs show as a single
// object, `data` that is `{}` in one endpoint and `[]` in another, and two time formats.
// The record types in the other `Pascom*DTO.swift` files read their fields only through
// `PascomObject`, so none of them repeats this tolerance.

/// A pascom JSON object with lenient typed accessors. Keeps the whole record for `raw`.
struct PascomObject: Sendable, Hashable {
    let fields: JSONObject

    init(_ fields: JSONObject) { self.fields = fields }

    init(_ value: JSONValue, what: String) throws(PascomDecodingError) {
        guard case .object(let o) = value else { throw PascomDecodingError("\(what) is not a JSON object") }
        fields = o
    }

    subscript(key: String) -> JSONValue? { fields[key] }

    /// A non-empty string; numbers are rendered as integers where they are whole.
    func string(_ key: String) -> String? { fields[key]?.pascomString }
    /// An integer from a number or a digit string; `""`, `null` and other text are nil.
    func int(_ key: String) -> Int? { fields[key]?.pascomInt }
    /// `true`/`false`, `0`/`1`, `"true"`/`"1"`, and pascom's `"256"` (true) / `"512"` (false).
    func bool(_ key: String) -> Bool? { fields[key]?.pascomBool }
    func object(_ key: String) -> PascomObject? {
        if case .object(let o)? = fields[key] { return PascomObject(o) }
        return nil   // also for `[]`, PHP's empty "object"
    }
    func array(_ key: String) -> [JSONValue] {
        if case .array(let a)? = fields[key] { return a }
        return []
    }

    func required(_ key: String) throws(PascomDecodingError) -> String {
        guard let v = string(key) else { throw PascomDecodingError("missing \(key)") }
        return v
    }

    /// The record for `raw`, without secrets (passwords, SIP credentials, md5 hashes).
    var redacted: JSONValue { JSONValue.object(fields).redactingSecrets(extra: Self.secretFields) }

    /// pascom fields that carry credentials beyond what `SecretFields` already catches by
    /// name: the SIP auth user name travels with the password it belongs to.
    static let secretFields: Set<String> = ["013pee_password", "013pee_password_md5", "071ipp_authpass_md5",
                                            "013pee_username", "md5pass", "011acc_pin", "003use_pw"]
}

/// A pascom record type: built from one JSON object, decodable as such, and readable from a
/// whole body as one record or as a list.
protocol PascomRecord: Decodable, Sendable {
    /// What the record is, for error summaries (`"CDR record"`).
    static var what: String { get }
    init(_ object: PascomObject) throws(PascomDecodingError)
}

extension PascomRecord {
    init(from decoder: any Decoder) throws {
        try self.init(PascomObject(JSONValue(from: decoder), what: Self.what))
    }

    static func one(_ bytes: [UInt8]) throws(PascomDecodingError) -> Self {
        try Self(PascomBody.object(bytes, what: what))
    }

    static func list(_ bytes: [UInt8]) throws(PascomDecodingError) -> [Self] {
        var out: [Self] = []
        for v in try PascomBody.list(bytes) { out.append(try Self(PascomObject(v, what: what))) }
        return out
    }
}

/// A pascom answer that does not have the documented shape. Carries a summary, never the body.
struct PascomDecodingError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSONValue {
    var pascomString: String? {
        switch self {
        case .string(let s): s.isEmpty ? nil : s
        case .number(let n): n.rounded() == n && abs(n) < 9.0e15 ? String(Int64(n)) : String(n)
        case .bool(let b): String(b)
        default: nil
        }
    }

    var pascomInt: Int? {
        switch self {
        case .number(let n): n.rounded() == n && abs(n) < 9.0e15 ? Int(n) : nil
        case .string(let s): Int(s.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    var pascomBool: Bool? {
        switch self {
        case .bool(let b): b
        case .number(let n): n == 0 ? false : (n == 1 || n == 256 ? true : (n == 512 ? false : nil))
        case .string(let s):
            switch s.lowercased() {
            case "true", "1", "256", "yes": true
            case "false", "0", "512", "no": false
            default: nil
            }
        default: nil
        }
    }
}

/// Whole-body decoding: JSON parsing, "one object where a list was expected", empty bodies.
enum PascomBody {
    static func json(_ bytes: [UInt8]) throws(PascomDecodingError) -> JSONValue {
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw PascomDecodingError("body is not JSON")
        }
    }

    /// A list endpoint's answer: an array, a single object (as several doc examples show),
    /// or nothing at all (204 "No data found").
    static func list(_ bytes: [UInt8]) throws(PascomDecodingError) -> [JSONValue] {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [] }
        switch try json(bytes) {
        case .array(let a): return a
        case .object(let o): return o.isEmpty ? [] : [.object(o)]
        case .null: return []
        default: throw PascomDecodingError("expected a JSON array")
        }
    }

    static func object(_ bytes: [UInt8], what: String) throws(PascomDecodingError) -> PascomObject {
        try PascomObject(try json(bytes), what: what)
    }

    /// Objects keyed by a natural key (`identity/states`, `ipdevice/states`, `trunk/status`).
    static func keyed(_ bytes: [UInt8], what: String) throws(PascomDecodingError) -> [String: PascomObject] {
        if bytes.isEmpty { return [:] }
        switch try json(bytes) {
        case .object(let o):
            var out: [String: PascomObject] = [:]
            for (k, v) in o { if case .object(let inner) = v { out[k] = PascomObject(inner) } }
            return out
        case .array(let a) where a.isEmpty: return [:]
        default: throw PascomDecodingError("\(what) is not a JSON object")
        }
    }
}

/// pascom's time formats: CDR `timestamp` in Unix milliseconds (preferred, zone-free),
/// `time` as `"2020-09-24T08:47:47 +0000"` (current reference) or `"2019-07-05 09:58:17"`
/// (older layout, local time of the PBX), voicemail `origtime` as Unix seconds in a string.
enum PascomTime {
    static func fromMilliseconds(_ ms: Int) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Parses both `time` layouts; a time without an offset is read in `zone`.
    static func parse(_ s: String, zone: TimeZone) -> Date? {
        let parts = s.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count >= 2 else { return nil }
        let d = parts[0].split(separator: "-").compactMap { Int($0) }
        let t = parts[1].split(separator: ":").compactMap { Double($0) }
        guard d.count == 3, t.count == 3 else { return nil }
        var offsetSeconds: Int?
        if parts.count >= 3, let o = parts[2].first, o == "+" || o == "-", parts[2].count == 5,
           let hh = Int(parts[2].dropFirst().prefix(2)), let mm = Int(parts[2].suffix(2)) {
            offsetSeconds = (o == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
        }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = offsetSeconds.flatMap { TimeZone(secondsFromGMT: $0) } ?? zone
        let whole = Int(t[2])
        let comps = DateComponents(year: d[0], month: d[1], day: d[2], hour: Int(t[0]), minute: Int(t[1]), second: whole)
        return cal.date(from: comps).map { $0.addingTimeInterval(t[2] - Double(whole)) }
    }
}
