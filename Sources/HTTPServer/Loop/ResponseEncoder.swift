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
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(code, to: &out)
        out.append(ASCII.sp)
        out.append(contentsOf: r.status.reasonPhrase.utf8)
        out.append(contentsOf: "\r\n".utf8)
        for field in r.headers.fields where !isServerOwned(field.name) {
            appendSanitised(field.name, to: &out)
            out.append(contentsOf: ": ".utf8)
            appendSanitised(field.value, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: "X-Request-Id: ".utf8)
        out.append(contentsOf: requestID.utf8)
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: date)
        // RFC 9110 §8.6: no Content-Length on 1xx and 204; 304 describes another response.
        if code >= 200 && code != 204 && code != 304 {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(bodyLength, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: keepAlive ? "Connection: keep-alive\r\n\r\n".utf8 : "Connection: close\r\n\r\n".utf8)
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
            while v > 0 { buf[n] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; n += 1 }
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(buf[i]) }
        }
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
        out.append(contentsOf: s.utf8)
        // One bulk copy, then a scan that almost never writes.
        out.withUnsafeMutableBufferPointer { b in
            for i in start..<b.count where b[i] == ASCII.cr || b[i] == ASCII.lf || b[i] == 0 { b[i] = ASCII.sp }
        }
    }
}
