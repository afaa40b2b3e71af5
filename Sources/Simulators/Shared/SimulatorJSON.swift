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
            for key in object.keys.sorted(by: Self.sortedKeysOrder) {
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

    /// `.sortedKeys`' order (case-insensitive, numeric, collation order) for the names
    /// simulators use: ASCII letters, digits and punctuation. Punctuation sorts before
    /// digits, digits before letters, runs of digits by value; ties fall back to bytes.
    static func sortedKeysOrder(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in sortedKeysOrder(x, y) } }
    }

    private static func sortedKeysOrder(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0, j = 0
        while i < x.count, j < y.count {
            if isDigit(x[i]), isDigit(y[j]) {
                let (m, nextI) = digitRun(x, from: i), (n, nextJ) = digitRun(y, from: j)
                if m != n { return m < n }
                i = nextI
                j = nextJ
                continue
            }
            let p = rank(x[i]), q = rank(y[j])
            if p != q { return p < q }
            i += 1
            j += 1
        }
        if x.count - i != y.count - j { return x.count - i < y.count - j }
        return x.lexicographicallyPrecedes(y)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func digitRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int) {
        var value = 0, i = start
        while i < bytes.count, isDigit(bytes[i]) {
            value = value &* 10 &+ Int(bytes[i] - 0x30)
            i += 1
        }
        return (value, i)
    }

    private static func rank(_ b: UInt8) -> Int {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): 2000 + Int(b - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): 2000 + Int(b - UInt8(ascii: "a"))
        case 0x30...0x39: 1000 + Int(b)
        case 0x80...: 3000 + Int(b)
        default: punctuationOrder.firstIndex(of: b).map { 100 + $0 } ?? Int(b)
        }
    }

    /// ASCII punctuation in collation (UCA) order, which is not byte order: `_` < `-` < `.`.
    private static let punctuationOrder = Array("\t\n\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$".utf8)
}
