import Testing
@testable import HTTPServer

/// Responses a handler sends many times as they are (cached answers) may carry their header
/// fields pre-encoded; what goes out must be exactly what the fields say, before and after
/// any later change, with the server's own fields still the server's.
@Suite struct PreparedResponseTests {
    /// `/prepared` answers with pre-encoded fields; `/changed` changes them afterwards.
    static let responder = ClosureResponder(immediate: { request, context in
        var response = HTTPResponse.text("body of " + request.target)
        response.headers.add("X-Kind", "prepared")
        // A handler's own framing and id fields are dropped, and CR/LF cannot split the head.
        response.headers.add("Content-Length", "999")
        response.headers.add("X-Request-Id", "forged")
        response.headers.add("X-Evil", "a\r\nInjected: yes")
        response.headers.prepareWireForm()
        if request.path == "/changed" {
            response.headers.set("X-Kind", "changed")
            response.headers.add("X-Added", "1")
        }
        return response
    }, { _, _ in .text("ordinary") })

    @Test func preparedFieldsGoOutAsTheyAre() async throws {
        try await withServer(responder: Self.responder) { port in
            let c = try RawClient(port: port)
            try c.send("GET /prepared HTTP/1.1\r\nHost: x\r\nX-Request-Id: mine-1\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.bodyText == "body of /prepared")
            #expect(r.header("X-Kind") == "prepared")
            #expect(r.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(r.header("Content-Length") == String("body of /prepared".utf8.count))
            #expect(r.header("X-Request-Id") == "mine-1")
            #expect(r.header("X-Evil") == "a  Injected: yes")
            #expect(r.header("Injected") == nil)
            #expect(r.headers.filter { $0.0.lowercased() == "content-length" }.count == 1)
        }
    }

    @Test func aChangeAfterPreparingIsWhatGoesOut() async throws {
        try await withServer(responder: Self.responder) { port in
            let c = try RawClient(port: port)
            try c.send("GET /changed HTTP/1.1\r\nHost: x\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.header("X-Kind") == "changed")
            #expect(r.header("X-Added") == "1")
            #expect(r.header("X-Request-Id") != "forged")
        }
    }

    @Test func settingAFieldToTheValueItHasKeepsThePreparedForm() {
        var headers: HTTPHeaders = ["Cache-Control": "no-store"]
        headers.prepareWireForm()
        headers.set("Cache-Control", "no-store")
        #expect(headers.wire != nil)
        headers.set("Cache-Control", "private")
        #expect(headers.wire == nil)
        #expect(headers["cache-control"] == "private")
    }

    @Test func generatedRequestIDsAreAPrefixAndAHexCounter() {
        var ids = RequestIDGenerator()
        let generated = (1...40).map { _ in ids.next() }
        let prefix = String(generated[0].prefix { $0 != "-" })
        #expect(prefix.count == 6)
        for (i, id) in generated.enumerated() {
            #expect(id == prefix + "-" + String(i + 1, radix: 16))
            #expect(id.utf8.count <= 15)
        }
    }
}
