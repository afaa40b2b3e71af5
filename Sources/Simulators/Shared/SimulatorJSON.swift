import Foundation

/// A JSON value that keeps its members in the order written, so the simulator's answers
/// read like the docs' examples (`sid`, `status`, then the payload).
enum SimulatorJSON: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([SimulatorJSON])
    case object([(String, SimulatorJSON)])

    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .string(let s): Self.write(string: s, to: &out)
        case .int(let i): out += Array(String(i).utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(string: key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func write(string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): out += Array(#"\\"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension SimulatorJSON {
    /// A `JSONSerialization`-style object tree (`[String: Any]`, `[Any]`, `String`, `Int`,
    /// `Bool`, `NSNull`) with every object's members in the order `JSONSerialization`'s
    /// `.sortedKeys` gives them. Foundation sorts through ICU collation, which cost the
    /// VitalPBX simulator ~10 ms per answer; this gives the same bytes in microseconds
    /// (pinned by a test against `JSONSerialization`). Nil for anything else.
    init?(sortingKeysOf value: Any) {
        switch value {
        // NSNull last: casting a Swift collection to a class bridges it to Foundation first.
        case let s as String: self = .string(s)
        case let b as Bool: self = .bool(b)
        case let i as Int: self = .int(i)
        case let object as [String: Any]:
            var members: [(String, SimulatorJSON)] = []
            members.reserveCapacity(object.count)
            for key in Self.sortedKeys(object.keys) {
                guard let member = SimulatorJSON(sortingKeysOf: object[key]!) else { return nil }
                members.append((key, member))
            }
            self = .object(members)
        case let items as [Any]:
            var out: [SimulatorJSON] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard let element = SimulatorJSON(sortingKeysOf: item) else { return nil }
                out.append(element)
            }
            self = .array(out)
        case is NSNull: self = .null
        default: return nil
        }
    }

    /// `keys` in `.sortedKeys`' order (case-insensitive, numeric, collation order) for the
    /// names simulators use: ASCII letters, digits and punctuation. Punctuation sorts before
    /// digits, digits before letters, runs of digits by value; ties fall back to bytes. Each
    /// key's collation weights are computed once rather than at every comparison.
    static func sortedKeys(_ keys: some Collection<String>) -> [String] {
        keys.map { (weights: collationWeights($0), key: $0) }
            .sorted { a, b in
                a.weights != b.weights ? a.weights.lexicographicallyPrecedes(b.weights) : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
            }
            .map(\.key)
    }

    /// One weight per letter or punctuation byte (`rank`) and per run of digits (its
    /// significant length, then each digit).
    private static func collationWeights(_ key: String) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(key.utf8.count)
        let bytes = Array(key.utf8)
        var i = 0
        while i < bytes.count {
            guard isDigit(bytes[i]) else {
                out.append(UInt16(rank(bytes[i])))
                i += 1
                continue
            }
            var end = i
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            var first = i
            while first < end - 1, bytes[first] == 0x30 { first += 1 }
            out.append(UInt16(1100 + end - first))
            for d in bytes[first..<end] { out.append(UInt16(1000 + Int(d - 0x30))) }
            i = end
        }
        return out
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func rank(_ b: UInt8) -> Int {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): 2000 + Int(b - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): 2000 + Int(b - UInt8(ascii: "a"))
        case 0x80...: 3000 + Int(b)
        default: punctuationOrder.firstIndex(of: b).map { 100 + $0 } ?? Int(b)
        }
    }

    /// ASCII punctuation in collation (UCA) order, which is not byte order: `_` < `-` < `.`.
    private static let punctuationOrder = Array("\t\n\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$".utf8)
}
