import Testing
@testable import HTTPServer

@Suite struct RequestParserTests {
    static let samples: [String] = [
        "GET /v1/calls?limit=5 HTTP/1.1\r\nHost: api.example\r\nAccept: */*\r\nX-Request-Id: r-1\r\n\r\n",
        "POST /v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nContent-Type: application/json\r\n\r\n{\"a\":\"bcd\"}",
        "PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=\"q v\"\r\nWiki\r\n6\r\npedia \r\nB\r\nin chunks.\n\r\n0\r\nX-Trailer: t\r\n\r\n",
        "\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.0\r\n\r\n",
    ]

    @Test(arguments: samples)
    func everySplitPointYieldsTheSameRequests(_ text: String) {
        let bytes = Array(text.utf8)
        let whole = ParserDriver.parse(text)
        #expect(whole.failure == nil)
        #expect(!whole.requests.isEmpty)
        for split in 1..<bytes.count {
            var d = ParserDriver()
            d.feed(bytes[..<split])
            d.feed(bytes[split...])
            #expect(d.failure == nil, "split at \(split)")
            #expect(d.requests.count == whole.requests.count, "split at \(split)")
            for (a, b) in zip(d.requests, whole.requests) {
                #expect(a.request.method == b.request.method && a.request.target == b.request.target, "split at \(split)")
                #expect(a.request.body == b.request.body, "split at \(split)")
                #expect(a.request.headers.fields.map(\.name) == b.request.headers.fields.map(\.name), "split at \(split)")
                #expect(a.request.headers.fields.map(\.value) == b.request.headers.fields.map(\.value), "split at \(split)")
                #expect(a.keepAlive == b.keepAlive && a.requestID == b.requestID, "split at \(split)")
            }
        }
    }

    @Test func byteByByteIsTheSameAsAtOnce() {
        for text in Self.samples {
            var d = ParserDriver()
            for b in text.utf8 { d.feed([b]) }
            #expect(d.requests.count == ParserDriver.parse(text).requests.count)
        }
    }

    @Test func requestFieldsComeOutAsSent() throws {
        let get = ParserDriver.parse(Self.samples[0])
        let r = try #require(get.requests.first)
        #expect(r.request.method == .GET)
        #expect(r.request.target == "/v1/calls?limit=5")
        #expect(r.request.path == "/v1/calls")
        #expect(r.request.query == "limit=5")
        #expect(r.request.headers["host"] == "api.example")
        #expect(r.request.headers["ACCEPT"] == "*/*")
        #expect(r.requestID == "r-1")
        #expect(r.keepAlive)
    }

    @Test func chunkedBodyIsDecodedAndTrailersDropped() throws {
        let d = ParserDriver.parse(Self.samples[2])
        let r = try #require(d.requests.first)
        #expect(String(decoding: r.request.body, as: UTF8.self) == "Wikipedia in chunks.\n")
        #expect(r.request.headers["X-Trailer"] == nil)
    }

    @Test func pipelinedRequestsAndHTTP10KeepAliveDefaults() throws {
        let d = ParserDriver.parse(Self.samples[3])
        #expect(d.requests.map(\.request.target) == ["/a", "/b"])
        #expect(d.requests.map(\.keepAlive) == [true, false])
        #expect(d.requests.map(\.request.version) == [.http1_1, .http1_0])
    }

    @Test func headerValuesAreTrimmedButInnerSpacesKept() throws {
        let d = ParserDriver.parse("GET / HTTP/1.1\r\nHost: x\r\nX-A: \t a  b \t\r\nX-Empty:\r\n\r\n")
        let r = try #require(d.requests.first)
        #expect(r.request.headers["x-a"] == "a  b")
        #expect(r.request.headers["x-empty"] == "")
    }

    @Test func absoluteFormIsReducedToItsPath() throws {
        let d = ParserDriver.parse("GET http://evil.example:81/x/y?q=1 HTTP/1.1\r\nHost: good\r\n\r\n")
        #expect(d.requests.first?.request.target == "/x/y?q=1")
        #expect(d.requests.first?.request.headers["host"] == "good")
        let bare = ParserDriver.parse("GET HTTP://evil.example HTTP/1.1\r\nHost: good\r\n\r\n")
        #expect(bare.requests.first?.request.target == "/")
    }

    @Test func expectContinueIsFlaggedOnlyWhileTheBodyIsOutstanding() {
        var waiting = ParserDriver()
        waiting.feed(Array("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n".utf8))
        #expect(waiting.parser.continueWanted)
        var arrived = ParserDriver()
        arrived.feed(Array("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc".utf8))
        #expect(!arrived.parser.continueWanted)
        #expect(arrived.requests.count == 1)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\n Folded: y\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\n\r\n", 505),
        ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("GET / HTTP/1.1\r\nHost: x\r\nExpect: tea\r\n\r\n", 417),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", 413),
    ])
    func malformedHeadsFailWithTheirStatus(_ text: String, _ status: Int) {
        let d = ParserDriver.parse(text)
        #expect(d.requests.isEmpty)
        #expect(d.failure?.status.code == status)
        #expect(d.failure?.closeConnection == true)
    }

    @Test func limitsAreCheckedBeforeTheLineIsComplete() {
        var line = ParserDriver { $0.maxRequestLineBytes = 100 }
        line.feed(Array(("GET /" + String(repeating: "a", count: 120)).utf8))
        #expect(line.failure?.status.code == 414)
        var header = ParserDriver { $0.maxHeaderLineBytes = 100 }
        header.feed(Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 120)).utf8))
        #expect(header.failure?.status.code == 431)
    }

    @Test func chunkedBodyOverTheLimitFailsAtTheChunkHeader() {
        var d = ParserDriver { $0.maxBodyBytes = 10 }
        d.feed(Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n3\r\n".utf8))
        #expect(d.failure?.status.code == 413)
    }
}
