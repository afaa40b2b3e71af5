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
    /// `JSONParser.maxDepth` is refused. One difference, on purpose: an unpaired surrogate
    /// escape (`\ud800` alone) reads as U+FFFD, where `JSONDecoder` refused the whole answer.
    ///
    /// The pass checks everything but builds no values: it records where each value lies
    /// (`JSONDocument`), and objects read their members from there when asked. An adapter
    /// reads a dozen of a record's fifty members, so the other names and values are never
    /// turned into strings or hashed (a 5.9 KB VitalPBX list took ~80 µs with a dictionary
    /// per object; this ~10 µs).
    public init(parsing bytes: [UInt8]) throws(JSONSyntaxError) {
        guard bytes.count < Int(Int32.max) else { throw JSONSyntaxError(offset: 0) }
        let result: Result<[JSONToken], JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            return Result { () throws(JSONSyntaxError) -> [JSONToken] in try parser.document() }
        }
        self = JSONDocument(bytes: bytes, tokens: try result.get()).value(at: 0)
    }
}

/// The parser behind `JSONValue(parsing:)`: a cursor over the body's bytes that checks the
/// syntax and writes one `JSONToken` per value, in document order.
struct JSONParser {
    static let maxDepth = 128

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var tokens: [JSONToken] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // About one token per 12 bytes in vendor records; one reservation covers most bodies.
        tokens.reserveCapacity(bytes.count / 8 + 8)
    }

    mutating func document() throws(JSONSyntaxError) -> [JSONToken] {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        try value(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw JSONSyntaxError(offset: index) }
        return tokens
    }

    @inline(__always) private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed; an error at the end of the body.
    @inline(__always) private mutating func peek() throws(JSONSyntaxError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw JSONSyntaxError(offset: index) }
        return bytes[index]
    }

    private mutating func append(_ kind: JSONToken.Kind, flags: UInt8 = 0, start: Int, length: Int) {
        let next = Int32(tokens.count + 1)
        tokens.append(JSONToken(kind: kind, flags: flags, start: Int32(start), length: Int32(length), end: next))
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) {
        guard depth < Self.maxDepth else { throw JSONSyntaxError(offset: index) }
        switch try peek() {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true"); append(.true, start: index - 4, length: 4)
        case UInt8(ascii: "f"): try literal("false"); append(.false, start: index - 5, length: 5)
        case UInt8(ascii: "n"): try literal("null"); append(.null, start: index - 4, length: 4)
        default: try number()
        }
    }

    /// An object's token counts its members and, once they are read, points past them.
    private mutating func object(depth: Int) throws(JSONSyntaxError) {
        let at = tokens.count
        append(.object, start: index, length: 0)
        index += 1
        var members = 0
        if try peek() != UInt8(ascii: "}") {
            while true {
                guard try peek() == UInt8(ascii: "\"") else { throw JSONSyntaxError(offset: index) }
                try string()
                guard try peek() == UInt8(ascii: ":") else { throw JSONSyntaxError(offset: index) }
                index += 1
                try value(depth: depth + 1)
                members += 1
                guard try peek() == UInt8(ascii: ",") else { break }
                index += 1
                if try peek() == UInt8(ascii: "}") { break }
            }
            guard try peek() == UInt8(ascii: "}") else { throw JSONSyntaxError(offset: index) }
        }
        index += 1
        tokens[at].length = Int32(members)
        tokens[at].end = Int32(tokens.count)
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) {
        let at = tokens.count
        append(.array, start: index, length: 0)
        index += 1
        var elements = 0
        defer {
            tokens[at].length = Int32(elements)
            tokens[at].end = Int32(tokens.count)
        }
        if try peek() == UInt8(ascii: "]") { index += 1; return }
        while true {
            try value(depth: depth + 1)
            elements += 1
            switch try peek() {
            case UInt8(ascii: ","):
                index += 1
                if try peek() == UInt8(ascii: "]") { index += 1; return }
            case UInt8(ascii: "]"):
                index += 1
                return
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

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite. Only a
    /// number that is not a short integer is converted here, to refuse `1e999` as before.
    private mutating func number() throws(JSONSyntaxError) {
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
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        let short = isInteger && digits <= 15
        guard short || JSONToken.double(text) != nil else { throw JSONSyntaxError(offset: start) }
        append(.number, flags: short ? JSONToken.shortInteger : 0, start: start, length: index - start)
    }

    private mutating func countDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] &- 0x30 < 10 { index += 1 }
        return index - start
    }

    /// A string literal (also a member name). Raw control bytes (an unterminated string
    /// running into the next line), unknown escapes and invalid UTF-8 are errors, as
    /// `JSONDecoder` has them; the text itself is only decoded when it is read.
    private mutating func string() throws(JSONSyntaxError) {
        index += 1
        let start = index
        var high: UInt8 = 0
        var flags: UInt8 = 0
        skipPlainText(high: &high)
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let length = index - start
                index += 1
                if high >= 0x80 {
                    // Escapes are ASCII and always decode to whole characters, so the raw
                    // bytes are valid UTF-8 exactly when the decoded text is.
                    guard JSONToken.isValidUTF8(UnsafeBufferPointer(rebasing: bytes[start..<start + length])) else {
                        throw JSONSyntaxError(offset: start)
                    }
                    flags |= JSONToken.nonASCII
                }
                append(.string, flags: flags, start: start, length: length)
                return
            }
            if b == UInt8(ascii: "\\") {
                flags |= JSONToken.escaped
                try skipEscape()
                continue
            }
            guard b >= 0x20 else { throw JSONSyntaxError(offset: index) }
            high |= b
            index += 1
        }
        throw JSONSyntaxError(offset: index)
    }

    /// Skips text with no quote, backslash or control byte eight bytes at a time (most of
    /// a parse is inside strings), noting in `high` whether any byte was not ASCII.
    @inline(__always) private mutating func skipPlainText(high: inout UInt8) {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        var seen: UInt64 = 0
        while index + 8 <= bytes.count {
            let v = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quote = v ^ (ones &* 0x22)
            let backslash = v ^ (ones &* 0x5C)
            // Each term is non-zero exactly when some byte is a quote, a backslash, below 0x20.
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((v &- ones &* 0x20) & ~v)
            if special & tops != 0 { break }
            seen |= v
            index += 8
        }
        if seen & tops != 0 { high = 0x80 }
    }

    private mutating func skipEscape() throws(JSONSyntaxError) {
        index += 1
        guard index < bytes.count else { throw JSONSyntaxError(offset: index) }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 1
        case UInt8(ascii: "u"):
            guard index + 4 < bytes.count else { throw JSONSyntaxError(offset: index) }
            for i in index + 1...index + 4 where JSONToken.hexDigit(bytes[i]) == nil { throw JSONSyntaxError(offset: i) }
            index += 5
        default:
            throw JSONSyntaxError(offset: index)
        }
    }
}
