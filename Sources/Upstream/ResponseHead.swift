/// The header lines of a response as libcurl delivered them (`Name: value\r\n` each), kept
/// as bytes on the curl thread and split into fields on the caller's.
struct ResponseHead: Sendable {
    var bytes: [UInt8]

    /// `Name: value` pairs in order; the value without surrounding blanks. Lines without a
    /// colon (the blank line that ends the head, folded garbage) are skipped.
    func fields() -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        out.reserveCapacity(12)
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                var end = start
                while end < all.count, all[end] != 0x0A { end += 1 }
                if let field = Self.field(UnsafeBufferPointer(rebasing: all[start..<end])) { out.append(field) }
                start = end + 1
            }
        }
        return out
    }

    private static func field(_ line: UnsafeBufferPointer<UInt8>) -> (name: String, value: String)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        var from = colon + 1, to = line.count
        while from < to, line[from] == 0x20 || line[from] == 0x09 { from += 1 }
        while to > from, line[to - 1] == 0x0D || line[to - 1] == 0x20 || line[to - 1] == 0x09 { to -= 1 }
        return (String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self),
                String(decoding: UnsafeBufferPointer(rebasing: line[from..<to]), as: UTF8.self))
    }

    static func isStatusLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.count >= 5 && line[0] == UInt8(ascii: "H") && line[1] == UInt8(ascii: "T") && line[2] == UInt8(ascii: "T")
            && line[3] == UInt8(ascii: "P") && line[4] == UInt8(ascii: "/")
    }

    /// The value of a `Content-Length` line, to size the body buffer once.
    static func contentLength(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        let name = "content-length:".utf8
        guard line.count > name.count else { return nil }
        for (i, c) in name.enumerated() where line[i] | (line[i] >= 0x41 && line[i] <= 0x5A ? 0x20 : 0) != c { return nil }
        var n = 0, digits = 0
        for b in line[name.count...] {
            if b == 0x20 || b == 0x09 { if digits == 0 { continue } else { break } }
            guard b >= 0x30, b <= 0x39, digits < 18 else { break }
            n = n * 10 + Int(b - 0x30)
            digits += 1
        }
        return digits > 0 ? n : nil
    }
}
