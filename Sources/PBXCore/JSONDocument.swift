/// Where one value of a parsed body lies. An object's members follow its token as name,
/// value, name, value…; an array's elements follow its token.
struct JSONToken: Sendable {
    enum Kind: UInt8, Sendable { case object, array, string, number, `true`, `false`, null }

    var kind: Kind
    var flags: UInt8
    /// First byte: of the text for a string (after the quote), of the value otherwise.
    var start: Int32
    /// Bytes of a string's text or of a number; members or elements of a container.
    var length: Int32
    /// The token after this value and everything inside it.
    var end: Int32

    static let escaped: UInt8 = 1
    static let nonASCII: UInt8 = 2
    static let shortInteger: UInt8 = 1

    static func hexDigit(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// A number's text as a finite `Double` (numbers were checked for syntax already).
    static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}

/// A parsed body: its bytes and the token of each value. Objects of the body keep the
/// document and read members from it when asked (`JSONObject`), so a value that is never
/// read costs nothing beyond the parse. A view into a document keeps the whole body alive;
/// vendor answers are small and short-lived, and anything kept longer (`raw`) is rebuilt
/// as its own values by redaction.
final class JSONDocument: Sendable {
    let bytes: [UInt8]
    let tokens: [JSONToken]

    init(bytes: [UInt8], tokens: [JSONToken]) {
        self.bytes = bytes
        self.tokens = tokens
    }

    /// The value at token `index`: scalars decoded, an array's elements read one level deep,
    /// an object as a view.
    func value(at index: Int) -> JSONValue {
        let token = tokens[index]
        switch token.kind {
        case .object: return .object(JSONObject(document: self, token: index))
        case .array:
            var items: [JSONValue] = []
            items.reserveCapacity(Int(token.length))
            var i = index + 1
            while i < Int(token.end) {
                items.append(value(at: i))
                i = Int(tokens[i].end)
            }
            return .array(items)
        case .string: return .string(string(token))
        case .number: return .number(number(token))
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .null: return .null
        }
    }

    func string(_ token: JSONToken) -> String {
        bytes.withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[Int(token.start)..<Int(token.start + token.length)])
            return token.flags & JSONToken.escaped == 0 ? String(decoding: text, as: UTF8.self) : Self.unescape(text)
        }
    }

    private func number(_ token: JSONToken) -> Double {
        bytes.withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[Int(token.start)..<Int(token.start + token.length)])
            guard token.flags & JSONToken.shortInteger != 0 else { return JSONToken.double(text) ?? 0 }
            // Up to 15 digits fit a Double exactly: no need for strtod.
            var n: Int64 = 0
            for b in text where b != UInt8(ascii: "-") { n = n * 10 + Int64(b &- 0x30) }
            return Double(text[0] == UInt8(ascii: "-") ? -n : n)
        }
    }

    /// The token of the value named `name` in the object at token `object`: the first such
    /// member, as the parse promises.
    func member(of object: Int, named name: UnsafeBufferPointer<UInt8>) -> Int? {
        firstName(name, in: object, before: Int(tokens[object].end)).map { $0 + 1 }
    }

    /// Whether the member name at token `index` repeats one before it in the object at
    /// token `object` (such a member is skipped: the first wins).
    func repeatsEarlierName(at index: Int, in object: Int) -> Bool {
        let token = tokens[index]
        if token.flags & JSONToken.escaped != 0 {
            var name = string(token)
            return name.withUTF8 { firstName($0, in: object, before: index) != nil }
        }
        return bytes.withUnsafeBufferPointer { all in
            let name = UnsafeBufferPointer(rebasing: all[Int(token.start)..<Int(token.start + token.length)])
            return firstName(name, in: object, before: index) != nil
        }
    }

    /// The token of the first member name equal to `name` in the object at token `object`,
    /// among the members whose names come before token `limit`. Runs for every member an
    /// adapter reads, so lengths are compared first and the bytes only when they agree; only
    /// a name written with escapes is decoded.
    private func firstName(_ name: UnsafeBufferPointer<UInt8>, in object: Int, before limit: Int) -> Int? {
        let length = Int32(name.count)
        return tokens.withUnsafeBufferPointer { tokens in
            bytes.withUnsafeBufferPointer { all in
                var i = object + 1
                while i < limit {
                    let token = tokens[i]
                    if token.flags & JSONToken.escaped != 0 {
                        if string(token).utf8.elementsEqual(name) { return i }
                    } else if token.length == length, Self.equal(all.baseAddress! + Int(token.start), name.baseAddress, name.count) {
                        return i
                    }
                    i = Int(tokens[i + 1].end)
                }
                return nil
            }
        }
    }

    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard let b else { return count == 0 }
        for k in 0..<count where a[k] != b[k] { return false }
        return true
    }

    /// The text of a string written with escapes (`\uXXXX` joining surrogate pairs; a lone
    /// surrogate becomes U+FFFD). The parse has checked every escape.
    private static func unescape(_ text: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32 {
            var value: UInt32 = 0
            for k in at..<at + 4 { value = value << 4 | (JSONToken.hexDigit(text[k]) ?? 0) }
            return value
        }
        while i < text.count {
            let b = text[i]
            i += 1
            guard b == UInt8(ascii: "\\") else { out.append(b); continue }
            let e = text[i]
            i += 1
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let high = hex4(i)
                i += 4
                var scalar = Unicode.Scalar(high) ?? "\u{FFFD}"
                if (0xD800..<0xDC00).contains(high), i + 5 < text.count, text[i] == UInt8(ascii: "\\"), text[i + 1] == UInt8(ascii: "u") {
                    let low = hex4(i + 2)
                    i += 6
                    scalar = (0xDC00..<0xE000).contains(low) ? Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}" : "\u{FFFD}"
                }
                out += String(scalar).utf8
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
