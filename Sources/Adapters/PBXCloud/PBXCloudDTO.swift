import Foundation
import PBXCore

// MiRTA's JSON is raw PHP/MySQL rows (FIELD-NOTES §A1): every value may come as a string,
// a number or null, "" means "none", some answers repeat each value under positional keys
// "0".."N", some lists are arrays and others objects keyed by id, and records carry
// passwords. All of that is absorbed here, in one place: a row is read leniently into
// `PBXCloudRecord`, and each DTO reads only the named fields on its allow-list.

/// One vendor row: field name → text, with "" and null folded into "absent".
public struct PBXCloudRecord: Sendable, Hashable, Decodable {
    public var fields: [String: String]

    public init(fields: [String: String]) { self.fields = fields }

    public init(from decoder: any Decoder) throws {
        guard let record = Self(json: try JSONValue(from: decoder)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an object"))
        }
        self = record
    }

    /// Nil unless `json` is an object. Nested objects and arrays are not row values and
    /// are dropped.
    public init?(json: JSONValue) {
        guard case .object(let object) = json else { return nil }
        var out: [String: String] = [:]
        for (name, value) in object {
            switch value {
            case .string(let s) where !s.isEmpty: out[name] = s
            case .number(let n): out[name] = n.rounded() == n && abs(n) < 9.0e15 ? String(Int64(n)) : String(n)
            case .bool(let b): out[name] = b ? "1" : "0"
            default: continue
            }
        }
        fields = out
    }

    /// The value of a named field, trimmed; nil when absent or empty.
    public subscript(_ name: String) -> String? {
        guard let v = fields[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        return v
    }

    public func int(_ name: String) -> Int? { self[name].flatMap { Int($0) ?? Double($0).map { Int($0) } } }

    /// The vendor record for `?include=raw`: only allow-listed names (positional duplicates
    /// and everything unknown never leave), then the shared secret filter as a second net.
    public func raw(allowed: Set<String>) -> JSONValue {
        var out: [String: JSONValue] = [:]
        for (name, value) in fields where allowed.contains(name) { out[name] = .string(value) }
        return JSONValue.object(JSONObject(out)).redactingSecrets(extra: PBXCloudSecrets.fields)
    }
}

/// Field names known to hold credentials in MiRTA rows; stripped even if allow-listed by mistake.
public enum PBXCloudSecrets {
    public static let fields: Set<String> = [
        "password", "ex_webpassword", "ex_lockpin", "ex_2fa_param1", "ex_2fa_param2", "ex_2fa_param3",
        "imappassword", "te_recordingpassword", "secret", "pincode", "key",
    ]
}

/// Rows of a JSON answer, whatever the container: an array of rows, an object keyed by id
/// whose values are rows (INFO extensions / agents), a single row, or `null` (no rows).
public struct PBXCloudRows: Sendable, Decodable {
    public var rows: [PBXCloudRecord]
    /// The keys of a keyed object, in the order of `rows` (agents are identified by them).
    public var keys: [String?]
    /// True when the body was JSON `null` (MiRTA's answer for an unknown queue).
    public var isNull: Bool

    public init(from decoder: any Decoder) throws {
        self.init(json: try JSONValue(from: decoder))
    }

    public init(json: JSONValue) {
        rows = []
        keys = []
        isNull = false
        switch json {
        case .null:
            isNull = true
        case .array(let items):
            for item in items { if let r = PBXCloudRecord(json: item) { rows.append(r); keys.append(nil) } }
        case .object(let object):
            if !object.isEmpty, object.values.allSatisfy({ if case .object = $0 { true } else { false } }) {
                for name in object.keys.sorted(by: Self.idOrder) {
                    if let r = PBXCloudRecord(json: object[name]!) { rows.append(r); keys.append(name) }
                }
            } else if let r = PBXCloudRecord(json: json) {
                rows = [r]
                keys = [nil]
            }
        default:
            break
        }
    }

    /// Numeric ids in numeric order, others after them by text: a stable order for keyed lists.
    static func idOrder(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case let (x?, y?): x < y
        case (_?, nil): true
        case (nil, _?): false
        default: a < b
        }
    }
}

/// The pipe-delimited text answers of action requests: `Success|Originate successfully
/// queued|15a4cfe6429054|` (DIAL, FIELD-NOTES §A1) or `Error|<reason>|`.
public struct PBXCloudPipeAnswer: Sendable, Hashable {
    public var fields: [String]
    public init(text: String) {
        var parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        fields = parts
    }
    public var isSuccess: Bool { fields.first?.lowercased() == "success" }
    /// DIAL's originate id: the third field.
    public var identifier: String? { fields.count > 2 && !fields[2].isEmpty ? fields[2] : nil }
}

/// Vendor times: naive `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DD`) in the PBX's local zone,
/// with `0000-00-00 00:00:00` and "" for "none"; Unix seconds are accepted too.
public enum PBXCloudTime {
    public static func parse(_ text: String?, timeZone: TimeZone) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty, !text.hasPrefix("0000-00-00") else { return nil }
        if text.allSatisfy(\.isNumber), let seconds = Double(text), seconds > 0 { return Date(timeIntervalSince1970: seconds) }
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count == 3 || digits.count >= 5 else { return nil }
        var c = DateComponents()
        c.year = digits[0]; c.month = digits[1]; c.day = digits[2]
        c.hour = digits.count > 3 ? digits[3] : 0
        c.minute = digits.count > 4 ? digits[4] : 0
        c.second = digits.count > 5 ? digits[5] : 0
        guard (1...12).contains(c.month!), (1...31).contains(c.day!), (0...23).contains(c.hour!),
              (0...59).contains(c.minute!), (0...60).contains(c.second!) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: c)
    }

    /// The `start`/`end` parameter format of INFO cdrs.
    public static func format(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { v.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }
}

// MARK: - The DTOs: allow-listed named fields of each answer.

/// A row of `INFO info=cdrs` / `info=call`.
public struct PBXCloudCDR: Sendable, Hashable {
    public static let fields: Set<String> = [
        "accountcode", "ID", "start", "answer", "end", "clid", "realsrc", "firstdst", "duration", "billsec",
        "disposition", "cc_cost", "dcontext", "dstchannel", "uniqueid", "prevuniqueid", "lastdst", "wherelanded",
        "src", "dst", "lastapp", "linkedid", "originateid", "direction", "cc_country", "cc_network",
    ]
    public var record: PBXCloudRecord
    public init(_ record: PBXCloudRecord) { self.record = record }
    public var id: String? { record["uniqueid"] ?? record["ID"] }
}

/// A row of `CHANNELS`.
public struct PBXCloudChannel: Sendable, Hashable {
    public static let fields: Set<String> = [
        "channel", "uniqueid", "linkedid", "calleridnum", "calleridname", "connectedlinenum", "connectedlinename",
        "exten", "state", "duration", "application", "accountcode", "originateid",
    ]
    public var record: PBXCloudRecord
    public init(_ record: PBXCloudRecord) { self.record = record }
}

/// A row of `INFO info=extensions` (JSON rows carry ~150 fields incl. passwords).
public struct PBXCloudExtension: Sendable, Hashable {
    public static let fields: Set<String> = ["ex_id", "ex_number", "ex_name", "ex_email", "ex_tech", "username", "state", "ex_mailbox"]
    public var record: PBXCloudRecord
    public init(_ record: PBXCloudRecord) { self.record = record }
    public var id: String? { record["ex_id"] ?? record["ex_number"] }
}

/// A row of `INFO info=queues` / `info=queue`.
public struct PBXCloudQueue: Sendable, Hashable {
    public static let fields: Set<String> = ["qu_id", "qu_name", "qu_number", "qu_strategy", "callswaiting", "members"]
    public var record: PBXCloudRecord
    public init(_ record: PBXCloudRecord) { self.record = record }
}

/// An entry of `INFO info=agents`: positional fields only, keyed by the agent id
/// (`<ext>-<TENANT>`). Observed positions: 0 paused flag, 1 login status, 2 device state,
/// 4 pause reason, 10 and 11 the agent id (DOCS_AUDIT A-43 via FIELD-NOTES §A1).
public struct PBXCloudAgent: Sendable, Hashable {
    public static let fields: Set<String> = ["0", "1", "2", "4", "10"]
    public var key: String?
    public var record: PBXCloudRecord
    public init(key: String?, _ record: PBXCloudRecord) { self.key = key; self.record = record }
    public var id: String? { key ?? record["10"] ?? record["11"] }
}

/// A row of `PHONEBOOK subreqtype=query`.
public struct PBXCloudPhonebookEntry: Sendable, Hashable {
    public static let fields: Set<String> = ["peid", "pb_name", "name", "firstname", "lastname", "company", "email", "phone1", "phone2", "mobile", "fax"]
    /// Number fields and their neutral type, in output order.
    public static let numberFields: [(field: String, type: ContactNumberType)] = [
        ("phone1", .work), ("mobile", .mobile), ("phone2", .home), ("fax", .fax),
    ]
    public var record: PBXCloudRecord
    public init(_ record: PBXCloudRecord) { self.record = record }
}

/// A mailbox config record of `VOICEMAIL action=list`.
public struct PBXCloudMailbox: Sendable, Hashable {
    public static let fields: Set<String> = ["mailbox", "fullname", "email", "context"]
    public var record: PBXCloudRecord
    public init(_ record: PBXCloudRecord) { self.record = record }
}

/// A message of `VOICEMAIL action=messages` (field names as a third-party UI uses them).
public struct PBXCloudVoicemailMessage: Sendable, Hashable {
    public static let fields: Set<String> = ["Msgid", "CallerID", "Duration", "DateTime", "Dir"]
    public var record: PBXCloudRecord
    public init(_ record: PBXCloudRecord) { self.record = record }
}

/// A row of `PEERS`.
public struct PBXCloudPeer: Sendable, Hashable {
    public static let fields: Set<String> = ["peer", "ipaddress", "port", "status", "useragent", "node"]
    public var record: PBXCloudRecord
    public init(_ record: PBXCloudRecord) { self.record = record }
}

/// A row of `INFO info=dids` (joined with the whole tenant row, recording password included).
public struct PBXCloudDID: Sendable, Hashable {
    public static let fields: Set<String> = ["di_id", "di_number", "di_description"]
    public var record: PBXCloudRecord
    public init(_ record: PBXCloudRecord) { self.record = record }
}
