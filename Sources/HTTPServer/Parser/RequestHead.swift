/// A request head under construction: the request line and header fields are validated one
/// line at a time as they complete, and `finish()` applies the framing rules of RFC 9112 §6.
struct RequestHead {
    enum Framing: Equatable {
        case none
        case length(Int)
        case chunked
    }

    var method: HTTPMethod = .GET
    var target = ""
    var version = HTTPVersion.http1_1
    var headers = HTTPHeaders()
    var requestID: String?
    var keepAlive = true
    var expectContinue = false

    private var contentLength: Int?
    private var contentLengthCount = 0
    private var sawTransferEncoding = false
    private var transferCodings: [Substring] = []
    private var hostCount = 0
    private var badHost = false
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var expectation: String?

    init() {}

    /// Parses `method SP request-target SP HTTP-version` (CRLF already stripped).
    mutating func requestLine(_ line: UnsafeRawBufferPointer) -> HTTPError? {
        guard let sp1 = line.firstIndex(of: ASCII.sp) else { return ParseError.bad("Malformed request line.") }
        let rest = UnsafeRawBufferPointer(rebasing: line[(sp1 + 1)...])
        guard let sp2 = rest.firstIndex(of: ASCII.sp) else { return ParseError.bad("Malformed request line.") }
        let methodBytes = UnsafeRawBufferPointer(rebasing: line[..<sp1])
        let targetBytes = UnsafeRawBufferPointer(rebasing: rest[..<sp2])
        let versionBytes = UnsafeRawBufferPointer(rebasing: rest[(sp2 + 1)...])

        // Version first: an HTTP/2 preface must get 505 even though `PRI` is no method of ours.
        guard versionBytes.count == 8, versionBytes.starts(with: "HTTP/".utf8),
              ASCII.isDigit(versionBytes[5]), versionBytes[6] == UInt8(ascii: "."), ASCII.isDigit(versionBytes[7])
        else { return ParseError.bad("Malformed HTTP version.") }
        let major = Int(versionBytes[5] - UInt8(ascii: "0")), minor = Int(versionBytes[7] - UInt8(ascii: "0"))
        guard major == 1 else { return major == 0 ? ParseError.bad("Malformed HTTP version.") : ParseError.version() }
        // HTTP/1.2 and later minors are served as 1.1 (RFC 9110 §2.5).
        version = minor == 0 ? .http1_0 : .http1_1
        keepAlive = version == .http1_1

        guard !methodBytes.isEmpty, methodBytes.allSatisfy(ASCII.isTokenChar) else {
            return ParseError.bad("Malformed method.")
        }
        // TRACE and CONNECT are never served: one reflects credentials, the other tunnels.
        guard let known = Self.method(methodBytes), known != .TRACE, known != .CONNECT
        else {
            return ParseError.notImplemented("The method is not implemented.")
        }
        method = known

        guard !targetBytes.isEmpty, targetBytes.allSatisfy(ASCII.isVisible) else {
            return ParseError.bad("Malformed request target.")
        }
        guard !targetBytes.contains(UInt8(ascii: "#")) else { return ParseError.bad("Fragment in request target.") }
        guard !Self.hasEncodedControl(targetBytes) else { return ParseError.bad("Encoded control character in request target.") }
        guard let origin = Self.originForm(targetBytes) else { return ParseError.bad("Unsupported request-target form.") }
        target = origin
        return nil
    }

    /// The method named by these bytes (case-sensitive, RFC 9110 §9.1), without making a
    /// string of them to compare against every name.
    static func method(_ bytes: UnsafeRawBufferPointer) -> HTTPMethod? {
        if bytes.count == 3 && bytes[0] == UInt8(ascii: "G") && bytes[1] == UInt8(ascii: "E") && bytes[2] == UInt8(ascii: "T") {
            return .GET
        }
        return HTTPMethod(rawValue: String(decoding: bytes, as: UTF8.self))
    }

    /// Origin-form as is; absolute-form reduced to its path and query (the authority is never
    /// used for routing); `*` only for OPTIONS. Nil for anything else.
    private static func originForm(_ t: UnsafeRawBufferPointer) -> String? {
        if t[0] == UInt8(ascii: "/") || (t.count == 1 && t[0] == UInt8(ascii: "*")) {
            return String(decoding: t, as: UTF8.self)
        }
        for scheme in ["http://", "https://"] where t.count > scheme.utf8.count {
            let prefix = UnsafeRawBufferPointer(rebasing: t[..<scheme.utf8.count])
            guard zip(prefix, scheme.utf8).allSatisfy({ ASCII.lower($0) == $1 }) else { continue }
            let afterScheme = UnsafeRawBufferPointer(rebasing: t[scheme.utf8.count...])
            guard let slash = afterScheme.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) else {
                return "/"
            }
            if afterScheme[slash] == UInt8(ascii: "?") { return nil }
            return String(decoding: UnsafeRawBufferPointer(rebasing: afterScheme[slash...]), as: UTF8.self)
        }
        return nil
    }

    /// `%00`–`%1F` and `%7F` never belong in a path or query we pass on.
    private static func hasEncodedControl(_ t: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 2 < t.count {
            if t[i] == UInt8(ascii: "%"), let h = ASCII.hexValue(t[i + 1]), let l = ASCII.hexValue(t[i + 2]) {
                let v = h << 4 | l
                if v < 0x20 || v == 0x7F { return true }
            }
            i += 1
        }
        return false
    }

    /// Validates one `name: value` line and records what framing needs to know.
    mutating func field(_ line: UnsafeRawBufferPointer) -> HTTPError? {
        guard let (name, value) = Self.splitField(line) else { return ParseError.bad("Malformed header field.") }
        if ASCII.equalsLowercase(name, "content-length") {
            contentLengthCount += 1
            guard let n = Self.decimal(value) else { return ParseError.bad("Invalid Content-Length.") }
            if let previous = contentLength, previous != n { return ParseError.bad("Conflicting Content-Length.") }
            contentLength = n
        } else if ASCII.equalsLowercase(name, "transfer-encoding") {
            sawTransferEncoding = true
            let text = String(decoding: value, as: UTF8.self)
            for coding in text.split(separator: ",", omittingEmptySubsequences: false) {
                transferCodings.append(coding.trimmingOWS)
            }
        } else if ASCII.equalsLowercase(name, "host") {
            hostCount += 1
            if value.isEmpty || value.contains(where: { b in
                b == UInt8(ascii: ",") || b == UInt8(ascii: "@") || b == UInt8(ascii: "/") || b == UInt8(ascii: "\\")
                    || b == ASCII.sp || b == ASCII.htab || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") || b >= 0x80
            }) { badHost = true }
        } else if ASCII.equalsLowercase(name, "connection") {
            for token in String(decoding: value, as: UTF8.self).split(separator: ",") {
                let t = token.trimmingOWS.lowercased()
                if t == "close" { connectionClose = true } else if t == "keep-alive" { connectionKeepAlive = true }
            }
        } else if ASCII.equalsLowercase(name, "expect") {
            expectation = String(decoding: value, as: UTF8.self).lowercased()
        } else if ASCII.equalsLowercase(name, "x-request-id"), ASCII.isSaneRequestID(value) {
            requestID = String(decoding: value, as: UTF8.self)
        }
        // Room for a usual request's fields at once: growing 1 → 2 → 4 → 8 reallocated per field.
        if headers.fields.isEmpty { headers.fields.reserveCapacity(8) }
        headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        return nil
    }

    /// Applies RFC 9112 §6 once the head is complete.
    mutating func finish(limits: ParserLimits) -> Result<Framing, HTTPError> {
        if hostCount > 1 || badHost || (version == .http1_1 && hostCount == 0) {
            return .failure(ParseError.bad("A request needs exactly one valid Host header."))
        }
        keepAlive = version == .http1_1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        var framing = Framing.none
        if sawTransferEncoding {
            if version == .http1_0 { return .failure(ParseError.bad("Transfer-Encoding in an HTTP/1.0 request.")) }
            if contentLengthCount > 0 { return .failure(ParseError.bad("Both Content-Length and Transfer-Encoding.")) }
            guard let last = transferCodings.last, last.lowercased() == "chunked" else {
                return .failure(ParseError.bad("Transfer-Encoding must end in chunked."))
            }
            if transferCodings.count > 1 {
                return .failure(ParseError.notImplemented("Only the chunked transfer coding is supported."))
            }
            framing = .chunked
        } else if let n = contentLength {
            // Two Content-Length fields, even equal ones, are refused: parsers that disagree
            // on them are how requests get smuggled.
            if contentLengthCount > 1 { return .failure(ParseError.bad("Repeated Content-Length.")) }
            if n > limits.maxBodyBytes { return .failure(ParseError.bodyTooLarge(limits.maxBodyBytes)) }
            framing = n > 0 ? .length(n) : .none
        }
        if let expectation {
            guard expectation == "100-continue" else { return .failure(ParseError.expectation()) }
            expectContinue = framing != .none
        }
        return .success(framing)
    }

    /// `token ":" OWS value OWS`; nil for obs-fold, whitespace before the colon, bad bytes.
    static func splitField(_ line: UnsafeRawBufferPointer) -> (name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
        guard let colon = line.firstIndex(of: ASCII.colon), colon > 0 else { return nil }
        let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
        guard name.allSatisfy(ASCII.isTokenChar) else { return nil }
        var start = colon + 1, end = line.count
        while start < end, line[start] == ASCII.sp || line[start] == ASCII.htab { start += 1 }
        while end > start, line[end - 1] == ASCII.sp || line[end - 1] == ASCII.htab { end -= 1 }
        let value = UnsafeRawBufferPointer(rebasing: line[start..<end])
        guard value.allSatisfy(ASCII.isFieldValueChar) else { return nil }
        return (name, value)
    }

    /// `1*DIGIT` without overflow; leading zeros are accepted (`0005` is 5).
    static func decimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var n = 0
        for b in bytes {
            guard ASCII.isDigit(b) else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(b - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            n = s
        }
        return n
    }
}

extension Substring {
    /// Without leading and trailing SP / HTAB.
    var trimmingOWS: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
