import Foundation
import PBXCore

/// A small append-only JSON writer: responses are built straight into bytes, with explicit
/// `null`s (synthesised Codable would drop nil members) and no intermediate tree. Commas
/// are placed automatically: `key`/`element` add one when a value precedes them at the
/// current level.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// `"name":` — names are ASCII identifiers chosen by us, so they need no escaping.
    mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    /// A member name that came from data (raw vendor records).
    mutating func key(dynamic name: String) {
        separator()
        appendEscaped(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func null() { separator(); bytes.append(contentsOf: [110, 117, 108, 108]); needsComma = true }

    mutating func string(_ s: String?) {
        guard let s else { return null() }
        separator()
        appendEscaped(s)
        needsComma = true
    }

    mutating func int(_ i: Int?) {
        guard let i else { return null() }
        separator()
        bytes.append(contentsOf: String(i).utf8)
        needsComma = true
    }

    mutating func bool(_ b: Bool) {
        separator()
        bytes.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
        needsComma = true
    }

    mutating func number(_ d: Double) {
        guard d.isFinite else { return null() }
        separator()
        if d.rounded() == d, abs(d) < 9.0e15 { bytes.append(contentsOf: String(Int64(d)).utf8) }
        else { bytes.append(contentsOf: "\(d)".utf8) }
        needsComma = true
    }

    /// RFC 3339 in UTC with `Z`; milliseconds only when the instant has a fraction.
    mutating func date(_ d: Date?) {
        guard let d else { return null() }
        string(RFC3339.format(d))
    }

    mutating func strings(_ list: [String]) {
        beginArray()
        for s in list { string(s) }
        endArray()
    }

    mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let n): number(n)
        case .string(let s): string(s)
        case .array(let a):
            beginArray()
            for e in a { value(e) }
            endArray()
        case .object(let o):
            beginObject()
            for (k, v) in o.sorted(by: { $0.key < $1.key }) {
                key(dynamic: k)
                value(v)
            }
            endObject()
        }
    }

    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendEscaped(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most texts need no escape: copied whole, not byte by byte.
        var text = s
        let copied = text.withUTF8 { utf8 in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0x0a: bytes.append(contentsOf: [92, 110])
            case 0x0d: bytes.append(contentsOf: [92, 114])
            case 0x09: bytes.append(contentsOf: [92, 116])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
