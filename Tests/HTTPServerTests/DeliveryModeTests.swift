import Testing
@testable import HTTPServer

/// The misbehaving deliveries simulators rely on.
@Suite struct DeliveryModeTests {
    static let body = Array("0123456789abcdefghij".utf8)

    static func responder(_ delivery: HTTPResponse.Delivery) -> ClosureResponder {
        ClosureResponder { _, _ in
            var r = HTTPResponse(status: .ok, body: body)
            r.delivery = delivery
            return r
        }
    }

    @Test func closeAfterSendsAPrefixThenCloses() async throws {
        try await withServer(responder: Self.responder(.closeAfter(bytes: 5))) { port in
            let c = try RawClient(port: port)
            try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let text = String(decoding: try c.readToEnd(), as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.contains("Content-Length: 20\r\n"))
            #expect(text.hasSuffix("\r\n\r\n01234"))
        }
    }

    @Test func rawSendsExactlyTheGivenBytes() async throws {
        try await withServer(responder: Self.responder(.raw(Array("garbage\r\n".utf8)))) { port in
            let c = try RawClient(port: port)
            try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let got = try c.readToEnd()
            #expect(got == Array("garbage\r\n".utf8), "\(String(decoding: got, as: UTF8.self).debugDescription)")
        }
    }

    @Test func dropClosesWithoutAByte() async throws {
        try await withServer(responder: Self.responder(.drop)) { port in
            let c = try RawClient(port: port)
            try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try c.readToEnd().isEmpty)
        }
    }

    @Test func trickleDeliversTheWholeBodyAndKeepsTheConnection() async throws {
        try await withServer(responder: Self.responder(.trickle(chunk: 7, interval: .milliseconds(20)))) { port in
            let c = try RawClient(port: port)
            let started = ContinuousClock.now
            try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.body == Self.body)
            // Three chunks with a pause before each: at least 60 ms.
            #expect(ContinuousClock.now - started >= .milliseconds(60))
            try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try c.readResponse()?.body == Self.body)
        }
    }
}
