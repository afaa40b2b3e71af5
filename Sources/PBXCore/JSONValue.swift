/// Any JSON value, for `?include=raw` and for vendor payloads too loose for a DTO.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public init(from decoder: any Decoder) throws {
        // Already parsed: take it whole instead of probing each value type by type.
        if let parsed = decoder as? JSONValueDecoding {
            self = parsed.value
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(JSONObject(try c.decode([String: JSONValue].self))) }
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
        redacted(extra: extra.map { (count: $0.utf8.count, name: $0) }) ?? self
    }

    /// nil when nothing under `self` is secret: most records pass unchanged, and are then
    /// shared rather than rebuilt member by member. `extra` is a handful of names, compared
    /// only when the lengths agree (cheaper than hashing every member name).
    private func redacted(extra: [(count: Int, name: String)]) -> JSONValue? {
        switch self {
        case .object(let o):
            // Members are copied out only from the first one that changes.
            var out: [JSONObject.Member]?
            var kept = 0
            for (k, v) in o {
                let count = k.utf8.count
                let clean: JSONValue?
                if SecretFields.isSecret(k) || extra.contains(where: { $0.count == count && $0.name == k }) {
                    clean = nil
                } else if let changed = v.redacted(extra: extra) {
                    clean = changed
                } else {
                    if out != nil { out!.append((k, v)) }
                    kept += 1
                    continue
                }
                if out == nil { out = Array(o.prefix(kept)) }
                if let clean { out!.append((k, clean)) }
                kept += 1
            }
            return out.map { .object(JSONObject($0.lazy.map { ($0.key, $0.value) })) }
        case .array(let a):
            var out: [JSONValue]?
            for (i, v) in a.enumerated() {
                guard let clean = v.redacted(extra: extra) else { continue }
                if out == nil { out = a }
                out![i] = clean
            }
            return out.map(JSONValue.array)
        default:
            return nil
        }
    }
}

public enum SecretFields {
    /// Substrings that mark a field as secret across vendors: pascom `013pee_password`,
    /// `*_md5`, `071ipp_authpass_md5`; VitalPBX device `secret`; MiRTA `password`, `pin`.
    static let markers = ["pass", "secret", "md5", "pin", "token", "apikey", "api_key", "app-key", "sid", "hash", "key"]

    public static func isSecret(_ name: String) -> Bool {
        // Runs for every member of every raw record; field names are ASCII, and bytes
        // spare Foundation's locale-aware `contains` (most of an uncached request's time).
        if let ascii = isSecretASCII(name) { return ascii }
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

    /// `isSecret` for an ASCII name, nil for any other: the same rules, on the bytes,
    /// lowercasing as it compares — no allocation, and at each position only the markers
    /// starting with that letter are tried (this runs for every member of every record).
    static func isSecretASCII(_ name: String) -> Bool? {
        var name = name
        return name.withUTF8 { bytes -> Bool? in
            for b in bytes where b >= 0x80 { return nil }
            let n = bytes.count
            func at(_ i: Int, _ marker: StaticString, word: Bool = false) -> Bool {
                let count = marker.utf8CodeUnitCount
                guard i + count <= n else { return false }
                let m = marker.utf8Start
                for k in 0..<count where lowercase(bytes[i + k]) != m[k] { return false }
                // A word marker (`key`, `sid`, `pin`, `hash`) must stand between separators.
                return !word || ((i == 0 || !isAlphanumeric(bytes[i - 1])) && (i + count == n || !isAlphanumeric(bytes[i + count])))
            }
            for i in 0..<n {
                let hit = switch lowercase(bytes[i]) {
                case UInt8(ascii: "p"): at(i, "pass") || at(i, "pin", word: true)
                case UInt8(ascii: "s"): at(i, "secret") || at(i, "sid", word: true)
                case UInt8(ascii: "m"): at(i, "md5")
                case UInt8(ascii: "t"): at(i, "token")
                case UInt8(ascii: "a"): at(i, "apikey") || at(i, "api_key") || at(i, "app-key")
                case UInt8(ascii: "h"): at(i, "hash", word: true)
                case UInt8(ascii: "k"): at(i, "key", word: true)
                default: false
                }
                if hit { return true }
            }
            return false
        }
    }

    private static func lowercase(_ b: UInt8) -> UInt8 {
        b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        let l = lowercase(b)
        return (l >= UInt8(ascii: "a") && l <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
