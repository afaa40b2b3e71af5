import Foundation
import HTTPServer
import PBXCore

/// A request body that must be one JSON object with known members of the right types.
/// Every violation is a 400 naming the member.
struct JSONBody {
    let members: JSONObject

    /// `allowEmpty`: an absent body counts as `{}` (pause, unpause).
    init(_ body: [UInt8], allowed: Set<String>, allowEmpty: Bool = false) throws(HTTPError) {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) {
            guard allowEmpty else { throw .badRequest("A JSON object body is required.") }
            members = [:]
            return
        }
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: Data(body)) } catch {
            throw .badRequest("The body is not valid JSON.")
        }
        guard case .object(let object) = value else { throw .badRequest("The body must be a JSON object.") }
        if let unknown = object.keys.filter({ !allowed.contains($0) }).sorted().first {
            throw .badRequest("Unknown field '\(unknown.prefix(64))' (accepted: \(allowed.sorted().joined(separator: ", "))).")
        }
        members = object
    }

    func string(_ name: String, maxLength: Int = 256) throws(HTTPError) -> String? {
        try Self.string(members[name], name: name, maxLength: maxLength)
    }

    func required(_ name: String, maxLength: Int = 256) throws(HTTPError) -> String {
        guard let v = try string(name, maxLength: maxLength), !v.isEmpty else {
            throw .badRequest("Field '\(name)' is required and must be a non-empty string.")
        }
        return v
    }

    static func string(_ value: JSONValue?, name: String, maxLength: Int) throws(HTTPError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?:
            if s.count > maxLength { throw .badRequest("Field '\(name)' is longer than \(maxLength) characters.") }
            if s.unicodeScalars.contains(where: { $0.value < 0x20 }) { throw .badRequest("Field '\(name)' contains control characters.") }
            return s
        default: throw .badRequest("Field '\(name)' must be a string.")
        }
    }

    /// Digits with the usual separators, an optional leading `+`, `*`/`#` for PBX codes.
    static func phoneNumber(_ s: String, field: String) throws(HTTPError) -> String {
        let trimmed = s.trimmingCharacters(in: .whitespaces)
        let allowed = Set("0123456789+ -()/.*#")
        guard !trimmed.isEmpty, trimmed.count <= 64, trimmed.allSatisfy({ allowed.contains($0) }),
              trimmed.contains(where: \.isNumber), !trimmed.dropFirst().contains("+") else {
            throw .badRequest("Field '\(field)' must be a phone number or extension (digits, optional leading +).")
        }
        return trimmed
    }
}
