import Testing
@testable import HTTPServer

/// RELIABILITY-MATRIX §1.2, row by row: raw bytes in over loopback, the exact status out,
/// and whether the connection is closed afterwards.
struct MatrixCase: Sendable, CustomTestStringConvertible {
    var row: String
    var bytes: [UInt8]
    var status: Int
    var closes: Bool
    var testDescription: String { "\(row) → \(status)\(closes ? " + close" : "")" }

    init(_ row: String, _ text: String, _ status: Int, closes: Bool? = nil) {
        self.init(row, Array(text.utf8), status, closes: closes)
    }

    init(_ row: String, _ bytes: [UInt8], _ status: Int, closes: Bool? = nil) {
        self.row = row
        self.bytes = bytes
        self.status = status
        self.closes = closes ?? (status >= 400)
    }
}

private let post = "POST / HTTP/1.1\r\nHost: x\r\n"

let smugglingCases: [MatrixCase] = [
    MatrixCase("S1 CL then TE", post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S1 TE then CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S1 smuggled second request", post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S2 two different CL", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
    MatrixCase("S2 CL list", post + "Content-Length: 5, 6\r\n\r\nhello!", 400),
    MatrixCase("S3 CL 5, 5", post + "Content-Length: 5, 5\r\n\r\nhello", 400),
    MatrixCase("S3 two equal CL lines", post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400),
    MatrixCase("S4 CL +5", post + "Content-Length: +5\r\n\r\nhello", 400),
    MatrixCase("S4 CL -1", post + "Content-Length: -1\r\n\r\n", 400),
    MatrixCase("S4 CL 0x5", post + "Content-Length: 0x5\r\n\r\nhello", 400),
    MatrixCase("S4 CL 5 0", post + "Content-Length: 5 0\r\n\r\nhello", 400),
    MatrixCase("S4 CL _5", post + "Content-Length: _5\r\n\r\nhello", 400),
    MatrixCase("S4 CL empty", post + "Content-Length: \r\n\r\n", 400),
    MatrixCase("S4 CL 20 digits", post + "Content-Length: 99999999999999999999\r\n\r\n", 400),
    MatrixCase("S5 CL 0005 is 5", post + "Content-Length: 0005\r\n\r\nhello", 200),
    MatrixCase("S6 TE chunked, gzip", post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S6 TE identity", post + "Transfer-Encoding: identity\r\n\r\n", 400),
    MatrixCase("S6 TE xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S6 TE gzip, chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
    MatrixCase("S6 TE Chunked", post + "Transfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200),
    MatrixCase("S6 TE on two lines", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S7 TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S8 space before colon", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S8 tab in name", post + "Transfer\tEncoding: chunked\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S8 NUL in TE", Array((post + "Transfer-Encoding: chunked").utf8) + [0] + Array("\r\n\r\n0\r\n\r\n".utf8), 400),
    MatrixCase("S8 VT in TE", post + "Transfer-Encoding: \u{0B}chunked\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S8 FF in TE", post + "Transfer-Encoding: chunked\u{0C}\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S9 obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400),
    MatrixCase("S9 folded TE", post + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400),
    MatrixCase("S10 bare CR in value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400),
    MatrixCase("S10 bare CR in request line", "GET /\r HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S11 bare LF line ends", "GET / HTTP/1.1\nHost: x\n\n", 400),
    MatrixCase("S11 bare LF in chunk line", post + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", 400),
    MatrixCase("S12 NUL in value", Array("GET / HTTP/1.1\r\nHost: x\r\nX-A: a".utf8) + [0] + Array("b\r\n\r\n".utf8), 400),
    MatrixCase("S12 CTL in target", "GET /a\u{01}b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S12 CTL in chunk extension", post + "Transfer-Encoding: chunked\r\n\r\n5;a=\u{01}\r\nhello\r\n0\r\n\r\n", 400),
    MatrixCase("S13 chunk 0x5", post + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", 400),
    MatrixCase("S13 chunk -1", post + "Transfer-Encoding: chunked\r\n\r\n-1\r\n\r\n", 400),
    MatrixCase("S13 chunk _5", post + "Transfer-Encoding: chunked\r\n\r\n_5\r\nhello\r\n0\r\n\r\n", 400),
    MatrixCase("S13 chunk leading SP", post + "Transfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n", 400),
    MatrixCase("S13 chunk overflow", post + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF1\r\nhello\r\n0\r\n\r\n", 400),
    MatrixCase("S13 no CRLF after data", post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", 400),
    MatrixCase("S13 5 declared 7 sent", post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello!!\r\n0\r\n\r\n", 400),
    MatrixCase("S14 64 KiB extension", post + "Transfer-Encoding: chunked\r\n\r\n5;a=" + String(repeating: "b", count: 65536) + "\r\nhello\r\n0\r\n\r\n", 400),
    MatrixCase("S14 bare semicolon", post + "Transfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n0\r\n\r\n", 400),
    MatrixCase("S14 ;a=b accepted", post + "Transfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\n\r\n", 200),
    MatrixCase("S17 underscores are opaque", post + "Content_Length: 5\r\n\r\n", 200),
    MatrixCase("S18 missing Host", "GET / HTTP/1.1\r\n\r\n", 400),
    MatrixCase("S18 two identical Host", "GET / HTTP/1.1\r\nHost: x\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S18 Host a,b", "GET / HTTP/1.1\r\nHost: a,b\r\n\r\n", 400),
    MatrixCase("S18 Host u@h", "GET / HTTP/1.1\r\nHost: u@h\r\n\r\n", 400),
    MatrixCase("S18 Host h/p", "GET / HTTP/1.1\r\nHost: h/p\r\n\r\n", 400),
    MatrixCase("S18 empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400),
    MatrixCase("S19 absolute-form", "GET http://evil/x HTTP/1.1\r\nHost: x\r\n\r\n", 200),
    MatrixCase("S20 HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    MatrixCase("S20 HTTP/3.0", "GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505),
    MatrixCase("S20 h2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
    MatrixCase("S20 HTTP/1", "GET / HTTP/1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S20 HTTP/01.1", "GET / HTTP/01.1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S20 lowercase http/1.1", "GET / http/1.1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S21 HTTP/1.2 as 1.1", "GET / HTTP/1.2\r\nHost: x\r\n\r\n", 200),
    MatrixCase("S22 HTTP/0.9", "GET /\r\n", 400),
    MatrixCase("S23 long method", String(repeating: "M", count: 300) + " / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    MatrixCase("S23 lowercase get", "get / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    MatrixCase("S23 TRACE", "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    MatrixCase("S23 CONNECT", "CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    MatrixCase("S24 tab in request line", "GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S24 double space", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S24 fragment", "GET /a#b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S25 %00", "GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S25 %0d%0a", "GET /a%0d%0aX:1 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    MatrixCase("S25 raw non-ASCII", Array("GET /caf".utf8) + [0xC3, 0xA9] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400),
    MatrixCase("S26 leading empty line", "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", 200),
    MatrixCase("S27 unknown expectation", "GET / HTTP/1.1\r\nHost: x\r\nExpect: foo\r\n\r\n", 417),
    MatrixCase("S31 Upgrade is ignored", "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", 200),
    MatrixCase("S31 h2c upgrade is ignored", "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n", 200),
    MatrixCase("S32 binary garbage", [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x0D, 0x0A, 0x0D, 0x0A], 400),
    MatrixCase("S32 whitespace line", "   \r\n\r\n", 400),
]

/// Serialized: eighty servers starting at once would starve the other suites of the process.
@Suite(.serialized) struct SmugglingMatrixTests {
    @Test(arguments: smugglingCases)
    func row(_ c: MatrixCase) async throws {
        try await withServer(configure: { $0.loopCount = 1 }) { port in
            let client = try RawClient(port: port)
            try client.send(c.bytes)
            let r = try #require(try client.readResponse())
            #expect(r.status == c.status)
            #expect(r.header("X-Request-Id") != nil)
            #expect(r.header("Date") != nil)
            if c.status >= 400 {
                #expect(r.header("Content-Type") == "application/problem+json")
                #expect(r.bodyText.contains("\"status\":\(c.status)"))
            }
            if c.closes {
                #expect(r.header("Connection") == "close")
                // Nothing after the error: a smuggled request must get no response.
                #expect(try client.isClosedByServer())
            } else {
                #expect(r.header("Connection") == "keep-alive")
                try client.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try client.readResponse()?.header("X-Target") == "/next")
            }
        }
    }

    @Test func acceptedBodiesArriveIntact() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            try c.send(post + "Content-Length: 0005\r\n\r\nhello")
            #expect(try c.readResponse()?.bodyText == "hello")
            try c.send(post + "Transfer-Encoding: Chunked\r\n\r\n2;a=b\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n")
            #expect(try c.readResponse()?.bodyText == "hello")
            try c.send(post + "Content_Length: 5\r\n\r\n")
            #expect(try c.readResponse()?.header("X-Body-Length") == "0")
        }
    }

    @Test func trailersNeverBecomeHeaders() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            try c.send(post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nContent-Length: 99\r\nHost: evil\r\nAuthorization: Bearer x\r\nTransfer-Encoding: gzip\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.status == 200)
            #expect(r.bodyText == "hello")
            #expect(r.header("X-Header-Names") == "host,transfer-encoding")
        }
    }
}
