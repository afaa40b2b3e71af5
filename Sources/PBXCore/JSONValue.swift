/// Any JSON value, for `?include=raw` and for vendor payloads too loose for a DTO.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// Removes every member whose name looks like a secret (see `SecretFields`), at any depth,
    /// plus the `extra` names an adapter knows about. The one place raw records are cleaned.
    public func redactingSecrets(extra: Set<String> = []) -> JSONValue {
        switch self {
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, v) in o where !SecretFields.isSecret(k) && !extra.contains(k) {
                out[k] = v.redactingSecrets(extra: extra)
            }
            return .object(out)
        case .array(let a):
            return .array(a.map { $0.redactingSecrets(extra: extra) })
        default:
            return self
        }
    }
}

public enum SecretFields {
    /// Substrings that mark a field as secret across vendors: pascom `013pee_password`,
    /// `*_md5`, `071ipp_authpass_md5`; VitalPBX device `secret`; MiRTA `password`, `pin`.
    static let markers = ["pass", "secret", "md5", "pin", "token", "apikey", "api_key", "app-key", "sid", "hash", "key"]

    public static func isSecret(_ name: String) -> Bool {
        let lower = name.lowercased()
        // `key`/`sid`/`pin` as substrings would hit harmless names (`monkey`, `inside`,
        // `ping`); match them only as whole words between separators.
        let words = lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        for marker in markers {
            if marker.count <= 4, marker != "pass", marker != "md5" {
                if words.contains(where: { $0 == marker }) || lower == marker { return true }
            } else if lower.contains(marker) {
                return true
            }
        }
        return false
    }
}
