/// Where a vendor body stopped being JSON. Only an offset: the bytes may hold credentials,
/// so none of them is ever quoted back.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var offset: Int
    public init(offset: Int) { self.offset = offset }
}

extension JSONValue {
    /// Parses a whole body in one pass, accepting exactly what `JSONDecoder` accepted before
    /// it (pinned by tests against it): RFC 8259 plus one trailing comma before `}`/`]` —
    /// which every fonial doc example has —, any value at the top, a leading UTF-8 byte order
    /// mark; valid UTF-8 only; of a repeated member name the first wins. Nesting deeper than
    /// `JSONParser.maxDepth` is refused.
    ///
    /// Replaces `JSONDecoder` on every vendor answer: on Linux that decoder costs ~0.3 ms per
    /// kilobyte for `JSONValue` (each value tries each type and throws), this ~10 µs.
    public init(parsing bytes: [UInt8]) throws(JSONSyntaxError) {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            return Result { () throws(JSONSyntaxError) -> JSONValue in try parser.document() }
        }
        self = try result.get()
    }
}

/// The parser behind `JSONValue(parsing:)`: a cursor over the body's bytes.
struct JSONParser {
    static let maxDepth = 128

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Members of the objects being read, innermost last (see `object`).
    private var keys: [String] = []
    private var values: [JSONValue] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let value = try value(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw JSONSyntaxError(offset: index) }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed; an error at the end of the body.
    private mutating func peek() throws(JSONSyntaxError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw JSONSyntaxError(offset: index) }
        return bytes[index]
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < Self.maxDepth else { throw JSONSyntaxError(offset: index) }
        switch try peek() {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        // Members wait on one stack shared by the whole parse, so each dictionary is sized
        // once instead of growing (and rehashing) member by member, without an array per
        // object; a repeated name keeps its first value.
        let base = keys.count
        if try peek() != UInt8(ascii: "}") {
            while true {
                guard try peek() == UInt8(ascii: "\"") else { throw JSONSyntaxError(offset: index) }
                let key = try string()
                guard try peek() == UInt8(ascii: ":") else { throw JSONSyntaxError(offset: index) }
                index += 1
                let member = try value(depth: depth + 1)
                keys.append(key)
                values.append(member)
                guard try peek() == UInt8(ascii: ",") else { break }
                index += 1
                if try peek() == UInt8(ascii: "}") { break }
            }
            guard try peek() == UInt8(ascii: "}") else { throw JSONSyntaxError(offset: index) }
        }
        index += 1
        var object = [String: JSONValue](minimumCapacity: keys.count - base)
        // Last to first, so the first of a repeated name is the one left, hashing each once.
        for i in (base..<keys.count).reversed() { object[keys[i]] = values[i] }
        keys.removeSubrange(base...)
        values.removeSubrange(base...)
        return .object(object)
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        if try peek() == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth + 1))
            switch try peek() {
            case UInt8(ascii: ","):
                index += 1
                if try peek() == UInt8(ascii: "]") { index += 1; return .array(items) }
            case UInt8(ascii: "]"):
                index += 1
                return .array(items)
            default:
                throw JSONSyntaxError(offset: index)
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw JSONSyntaxError(offset: index) }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for i in 0..<count where bytes[index + i] != expected[i] { throw JSONSyntaxError(offset: index + i) }
        index += count
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite.
    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let digits = countDigits()
        guard digits > 0, bytes[integerStart] != UInt8(ascii: "0") || digits == 1 else { throw JSONSyntaxError(offset: start) }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard countDigits() > 0 else { throw JSONSyntaxError(offset: start) }
            isInteger = false
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard countDigits() > 0 else { throw JSONSyntaxError(offset: start) }
            isInteger = false
        }
        // Up to 15 digits fit a Double exactly: no need for strtod.
        if isInteger, digits <= 15 {
            var n: Int64 = 0
            for i in integerStart..<index { n = n * 10 + Int64(bytes[i] &- 0x30) }
            return Double(bytes[start] == UInt8(ascii: "-") ? -n : n)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw JSONSyntaxError(offset: start) }
        return value
    }

    private mutating func countDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] &- 0x30 < 10 { index += 1 }
        return index - start
    }

    /// A string literal. Raw control bytes (an unterminated string running into the next
    /// line) and invalid UTF-8 are errors, as `JSONDecoder` has them.
    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the common case for vendor data.
        var high: UInt8 = 0
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
                return high < 0x80 ? String(decoding: utf8, as: UTF8.self) : try text(utf8, at: start)
            }
            if b == UInt8(ascii: "\\") { break }
            guard b >= 0x20 else { throw JSONSyntaxError(offset: index) }
            high |= b
            index += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let b = bytes[index]
            index += 1
            switch b {
            case UInt8(ascii: "\""):
                return try out.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) in try text(buffer, at: start) }
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            case 0..<0x20:
                throw JSONSyntaxError(offset: index - 1)
            default:
                out.append(b)
            }
        }
        throw JSONSyntaxError(offset: index)
    }

    /// Valid UTF-8 only. Decoding repairs invalid bytes, so a valid text is one that
    /// decodes to itself (cheaper than the generic `String(validating:)`).
    private func text(_ utf8: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONSyntaxError) -> String {
        let s = String(decoding: utf8, as: UTF8.self)
        guard s.utf8.elementsEqual(utf8) else { throw JSONSyntaxError(offset: offset) }
        return s
    }

    private mutating func escape(into out: inout [UInt8]) throws(JSONSyntaxError) {
        guard index < bytes.count else { throw JSONSyntaxError(offset: index) }
        let e = bytes[index]
        index += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"): out += String(try unicodeScalar()).utf8
        default: throw JSONSyntaxError(offset: index - 1)
        }
    }

    /// `\uXXXX`, joining a surrogate pair; a lone surrogate becomes U+FFFD.
    private mutating func unicodeScalar() throws(JSONSyntaxError) -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high), index + 1 < bytes.count,
           bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
            index += 2
            let low = try hex4()
            if (0xDC00..<0xE000).contains(low), let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) {
                return scalar
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw JSONSyntaxError(offset: index) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw JSONSyntaxError(offset: index)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
