/// Checks on what the caller wants to send, done before the loop thread sees the request:
/// a CR or LF in a method or header would let a vendor-supplied value inject headers.
enum RequestValidation {
    static func check(_ request: UpstreamRequest, target: UpstreamTarget,
                      maxHeaderBytes: Int) throws(UpstreamError) {
        func fail(_ why: String) -> UpstreamError {
            UpstreamError(.other(why), method: request.method, host: target.host, path: target.path)
        }
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(isTokenByte) else {
            throw fail("invalid request method")
        }
        var total = 0
        for header in request.headers {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(isTokenByte) else {
                throw fail("invalid request header name")
            }
            guard header.value.utf8.allSatisfy(isFieldValueByte) else {
                throw fail("invalid value in request header \(header.name)")
            }
            total += header.name.utf8.count + header.value.utf8.count + 4
        }
        guard total <= maxHeaderBytes else {
            throw fail("request headers larger than \(maxHeaderBytes) bytes")
        }
        guard request.maxResponseBytes > 0 else { throw fail("maxResponseBytes must be positive") }
    }

    /// RFC 9110 §5.6.2 tchar.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(b)
        }
    }

    /// RFC 9110 §5.5 field-value: visible bytes, space, tab and obs-text; never CR, LF, NUL.
    static func isFieldValueByte(_ b: UInt8) -> Bool {
        b == 0x09 || (b >= 0x20 && b != 0x7F)
    }
}
