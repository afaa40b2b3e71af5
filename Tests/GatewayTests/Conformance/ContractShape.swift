import Foundation
import PBXCore

/// The JSON shapes of API.md, as data: every member a response object must have, with its
/// kind. The conformance suite checks every vendor's answers against these.
enum FieldKind {
    case string, nullableString, nullableInt, bool, time, nullableTime, stringArray
    case oneOf([String])
    case party
    case numbers
    case capabilities
}

enum ContractShape {
    static let party: [String: FieldKind] = [
        "number": .nullableString, "rawNumber": .nullableString, "name": .nullableString,
        "extension": .nullableString, "userId": .nullableString,
    ]
    static let call: [String: FieldKind] = [
        "id": .string, "direction": .oneOf(["inbound", "outbound", "internal"]),
        "status": .oneOf(["answered", "missed", "busy", "failed", "voicemail", "unknown"]),
        "startedAt": .time, "answeredAt": .nullableTime, "endedAt": .nullableTime,
        "durationSeconds": .nullableInt, "talkSeconds": .nullableInt, "from": .party, "to": .party,
        "queueId": .nullableString, "recordingId": .nullableString, "costs": .nullableString,
    ]
    static let activeCall: [String: FieldKind] = [
        "id": .string, "startedAt": .nullableTime, "state": .oneOf(["ringing", "connected", "held", "unknown"]),
        "from": .party, "to": .party, "userId": .nullableString,
    ]
    static let user: [String: FieldKind] = [
        "id": .string, "name": .nullableString, "username": .nullableString, "extensions": .stringArray,
        "email": .nullableString, "presence": .oneOf(["available", "away", "busy", "ringing", "offline", "unknown"]),
    ]
    static let queue: [String: FieldKind] = [
        "id": .string, "name": .nullableString, "extension": .nullableString, "waitingCalls": .nullableInt, "agentCount": .nullableInt,
    ]
    static let agent: [String: FieldKind] = [
        "id": .string, "userId": .nullableString, "name": .nullableString, "extension": .nullableString, "paused": .bool,
        "pauseReason": .nullableString, "state": .oneOf(["idle", "busy", "ringing", "unavailable", "unknown"]),
    ]
    static let contact: [String: FieldKind] = [
        "id": .string, "name": .nullableString, "firstName": .nullableString, "lastName": .nullableString,
        "company": .nullableString, "email": .nullableString, "numbers": .numbers,
    ]
    static let lookupMatch: [String: FieldKind] = [
        "kind": .oneOf(["contact", "user"]), "id": .string, "name": .nullableString, "company": .nullableString, "matchedNumber": .string,
    ]
    static let voicemailBox: [String: FieldKind] = [
        "id": .string, "name": .nullableString, "extension": .nullableString, "newMessages": .nullableInt, "oldMessages": .nullableInt,
    ]
    static let voicemailMessage: [String: FieldKind] = [
        "id": .string, "boxId": .string, "folder": .oneOf(["new", "old", "other"]), "from": .party,
        "receivedAt": .nullableTime, "durationSeconds": .nullableInt,
    ]
    static let device: [String: FieldKind] = ["id": .string, "name": .nullableString, "userId": .nullableString, "state": .nullableString]
    static let phoneNumber: [String: FieldKind] = ["id": .string, "number": .string]
    static let tenant: [String: FieldKind] = ["id": .string, "vendor": .string, "capabilities": .capabilities]

    /// Problems with `value` against `shape`; empty when it conforms. `raw` is allowed in
    /// addition (only with `?include=raw`).
    static func violations(_ value: JSONValue?, _ shape: [String: FieldKind], at path: String = "$") -> [String] {
        guard let object = value?.objectValue else { return ["\(path): not an object"] }
        var out: [String] = []
        let extra = Set(object.keys).subtracting(shape.keys).subtracting(["raw"])
        if !extra.isEmpty { out.append("\(path): unexpected members \(extra.sorted())") }
        for (name, kind) in shape {
            let p = "\(path).\(name)"
            guard let v = object[name] else { out.append("\(p): missing (null must be explicit)"); continue }
            out += check(v, kind, at: p)
        }
        return out
    }

    static func check(_ v: JSONValue, _ kind: FieldKind, at p: String) -> [String] {
        switch kind {
        case .string: return v.stringValue == nil ? ["\(p): not a string"] : []
        case .nullableString: return v.isNull || v.stringValue != nil ? [] : ["\(p): not string|null"]
        case .nullableInt:
            if v.isNull { return [] }
            guard let i = v.intValue else { return ["\(p): not an integer|null"] }
            return i >= 0 ? [] : ["\(p): negative"]
        case .bool: return v.boolValue == nil ? ["\(p): not a boolean"] : []
        case .time: return isTime(v) ? [] : ["\(p): not an RFC 3339 UTC time: \(v)"]
        case .nullableTime: return v.isNull || isTime(v) ? [] : ["\(p): not time|null: \(v)"]
        case .stringArray: return v.arrayValue?.allSatisfy({ $0.stringValue != nil }) == true ? [] : ["\(p): not [string]"]
        case .oneOf(let values): return values.contains(v.stringValue ?? "\u{0}") ? [] : ["\(p): \(v) not in \(values)"]
        case .party: return violations(v, party, at: p)
        case .numbers:
            guard let list = v.arrayValue else { return ["\(p): not a list"] }
            return list.enumerated().flatMap { i, n in
                violations(n, ["type": .oneOf(["work", "mobile", "home", "fax", "other"]), "number": .string, "rawNumber": .string], at: "\(p)[\(i)]")
            }
        case .capabilities:
            let names = Set(Capability.allCases.map(\.rawValue))
            return v.arrayValue?.allSatisfy({ names.contains($0.stringValue ?? "") }) == true ? [] : ["\(p): unknown capability"]
        }
    }

    /// `2020-09-24T08:47:47Z` or with a fraction; always UTC `Z`.
    static func isTime(_ v: JSONValue) -> Bool {
        guard let s = v.stringValue, s.hasSuffix("Z") else { return false }
        let base = s.split(separator: ".").first.map(String.init) ?? s
        return (try? Date.ISO8601FormatStyle().parse(base.hasSuffix("Z") ? base : base + "Z")) != nil
    }
}
