/// Serialises response heads straight into a connection's output buffer. The server owns
/// the framing fields (`Date`, `Content-Length`, `Connection`, `Transfer-Encoding`) and the
/// `X-Request-Id`; a handler's own values for them are dropped.
enum ResponseEncoder {
    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends status line and header section. `bodyLength` is what `Content-Length`
    /// announces (for HEAD: the length a GET would have sent).
    static func head(_ r: HTTPResponse, bodyLength: Int, requestID: String, keepAlive: Bool,
                     date: [UInt8], into out: inout [UInt8]) {
        let code = r.status.code
        // Every piece goes in as one bulk copy: appending a `String.UTF8View` took the
        // generic element-by-element path and showed up in profiles.
        append("HTTP/1.1 ", to: &out)
        appendDecimal(code, to: &out)
        out.append(ASCII.sp)
        append(r.status.reasonPhrase, to: &out)
        append("\r\n", to: &out)
        if let wire = r.headers.wire {
            out.append(contentsOf: wire)
        } else {
            appendFields(r.headers, to: &out)
        }
        append("X-Request-Id: ", to: &out)
        append(requestID, to: &out)
        append("\r\n", to: &out)
        out.append(contentsOf: date)
        // RFC 9110 §8.6: no Content-Length on 1xx and 204; 304 describes another response.
        if code >= 200 && code != 204 && code != 304 {
            append("Content-Length: ", to: &out)
            appendDecimal(bodyLength, to: &out)
            append("\r\n", to: &out)
        }
        append(keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n", to: &out)
    }

    /// A handler's header fields, without the ones the server owns, one `name: value` line each.
    static func appendFields(_ headers: HTTPHeaders, to out: inout [UInt8]) {
        for field in headers.fields where !isServerOwned(field.name) {
            appendSanitised(field.name, to: &out)
            append(": ", to: &out)
            appendSanitised(field.value, to: &out)
            append("\r\n", to: &out)
        }
    }

    /// Bytes `head` may write beyond the handler's own header fields, for reserving the
    /// buffer once per response rather than regrowing it piece by piece.
    static let fixedHeadBytes = 160

    /// What a response's head and body will take in the output buffer (an upper bound for
    /// the usual response; a guess is enough, it only saves regrowing).
    static func estimatedSize(_ r: HTTPResponse, date: [UInt8]) -> Int {
        var n = fixedHeadBytes + date.count + r.body.count
        for field in r.headers.fields { n += field.name.utf8.count + field.value.utf8.count + 4 }
        return n
    }

    /// Whether the status allows body bytes at all.
    static func allowsBody(_ status: HTTPStatus) -> Bool {
        status.code >= 200 && status.code != 204 && status.code != 304
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(ascii: "0") + UInt8(value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value, n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 { buf[19 - n] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; n += 1 }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[(20 - n)...]))
        }
    }

    @inline(__always)
    private static func append(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always)
    static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    private static func isServerOwned(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { b in
            let raw = UnsafeRawBufferPointer(b)
            switch b.count {
            case 4: return ASCII.equalsLowercase(raw, "date")
            case 10: return ASCII.equalsLowercase(raw, "connection")
            case 12: return ASCII.equalsLowercase(raw, "x-request-id")
            case 14: return ASCII.equalsLowercase(raw, "content-length")
            case 17: return ASCII.equalsLowercase(raw, "transfer-encoding")
            default: return false
            }
        }
    }

    /// CR, LF and NUL in a handler's header would split the response; they become spaces.
    private static func appendSanitised(_ s: String, to out: inout [UInt8]) {
        let start = out.count
        append(s, to: &out)
        // One bulk copy, then a scan that almost never writes.
        out.withUnsafeMutableBufferPointer { b in
            for i in start..<b.count where b[i] == ASCII.cr || b[i] == ASCII.lf || b[i] == 0 { b[i] = ASCII.sp }
        }
    }
}
