import PBXCore

/// How VitalPBX's loosely typed members are read: ids and counts that are ints in one
/// record and strings in the next, `""` and `null` for "none", flags as `1`/`"yes"`/`true`.
/// Works on the parsed value, so a member of an unexpected type costs a `switch`, not a
/// thrown error.
enum VitalPBXLenient {
    /// String, int, double or bool as text; `""` and `null` are nil.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s): s.isEmpty ? nil : s
        case .number(let n): number(n)
        case .bool(let b): b ? "1" : "0"
        default: nil
        }
    }

    /// Int from an int, a numeric string or a whole double; nil for anything else.
    static func int(_ value: JSONValue?) -> Int? {
        if case .number(let n) = value, let i = Int(exactly: n) { return i }
        guard let s = text(value)?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let i = Int(s) { return i }
        if let d = Double(s), d.rounded() == d, abs(d) < 1e15 { return Int(d) }
        return nil
    }

    /// true/false, 1/0, "1"/"0", "yes"/"no", "true"/"false".
    static func bool(_ value: JSONValue?) -> Bool? {
        if case .bool(let b) = value { return b }
        switch text(value)?.lowercased() {
        case "1", "yes", "true", "on", "y": return true
        case "0", "no", "false", "off", "n": return false
        default: return nil
        }
    }

    /// Strings or numbers in an array, each as text (`[1, 2]`, `["0", "0"]`); anything
    /// else in it is `""`, so parallel arrays keep their alignment.
    static func texts(_ value: JSONValue?) -> [String] {
        guard case .array(let items) = value else { return [] }
        return items.map { item in
            switch item {
            case .string(let s): s
            case .number(let n): number(n)
            default: ""
            }
        }
    }

    /// A whole number without a fraction (`1`, not `1.0`), as `Int64` would print it.
    private static func number(_ n: Double) -> String {
        if let i = Int64(exactly: n) { return String(i) }
        return String(n)
    }
}
