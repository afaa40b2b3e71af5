import Testing
@testable import HTTPServer

@Suite struct PipeliningTests {
    @Test func threeRequestsInOneWriteAnswerInOrder() async throws {
        // The first handler suspends longest, so order must come from the server.
        try await withServer(responder: ClosureResponder { request, _ in
            if request.target == "/1" { try await Task.sleep(for: .milliseconds(50)) }
            return .text(request.target)
        }) { port in
            let c = try RawClient(port: port)
            try c.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /3 HTTP/1.1\r\nHost: x\r\n\r\nGET /4 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try c.readResponse()?.bodyText == "/1")
            #expect(try c.readResponse()?.bodyText == "/2")
            #expect(try c.readResponse(head: true)?.header("Content-Length") == "2")
            #expect(try c.readResponse()?.bodyText == "/4")
        }
    }

    @Test func anInvalidRequestEndsThePipeline() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            try c.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /bad HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try c.readResponse()?.header("X-Target") == "/ok")
            #expect(try c.readResponse()?.status == 400)
            #expect(try c.isClosedByServer())
        }
    }

    @Test func noContentResponsesCarryNoBodyAndKeepTheConnection() async throws {
        try await withServer(responder: ClosureResponder { _, _ in HTTPResponse(status: .noContent, body: Array("x".utf8)) }) { port in
            let c = try RawClient(port: port)
            try c.send("DELETE /a HTTP/1.1\r\nHost: x\r\n\r\nDELETE /b HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = try #require(try c.readResponse())
            #expect(first.status == 204)
            #expect(first.header("Content-Length") == nil)
            #expect(try c.readResponse()?.status == 204)
        }
    }

    @Test func halfClosedClientStillGetsItsAnswer() async throws {
        let slow = ClosureResponder { request, _ in
            try await Task.sleep(for: .milliseconds(30))
            return try await echoResponder.respond(to: request, context: RequestContext(requestID: "x"))
        }
        try await withServer(responder: slow) { port in
            let c = try RawClient(port: port)
            try c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")
            c.finishSending()
            #expect(try c.readResponse()?.header("X-Target") == "/a")
            #expect(try c.readResponse()?.header("X-Target") == "/b")
            #expect(try c.isClosedByServer())
        }
    }

    @Test func expectContinueIsAnsweredOnlyForWantedBodies() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            try c.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            #expect(try c.readResponse()?.status == 100)
            try c.send("hello")
            let r = try #require(try c.readResponse())
            #expect(r.status == 200)
            #expect(r.bodyText == "hello")
            let big = try RawClient(port: port)
            try big.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n")
            #expect(try big.readResponse()?.status == 413)
            #expect(try big.isClosedByServer())
            let empty = try RawClient(port: port)
            try empty.send("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n")
            #expect(try empty.readResponse()?.status == 200)
        }
    }

    @Test func clientResetsDoNotDisturbOthers() async throws {
        try await withServer(responder: ClosureResponder { _, _ in
            try await Task.sleep(for: .milliseconds(20))
            return .text(String(repeating: "x", count: 200_000))
        }) { port in
            for _ in 0..<20 {
                let c = try RawClient(port: port)
                try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
                c.reset()
            }
            let c = try RawClient(port: port)
            try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try c.readResponse()?.body.count == 200_000)
        }
    }

    @Test func aClientThatDoesNotReadIsNotBufferedWithoutBound() async throws {
        let big = [UInt8](repeating: 120, count: 100_000)
        try await withServer(responder: ClosureResponder { request, _ in
            var r = HTTPResponse(body: big)
            r.headers.set("X-Target", request.target)
            return r
        }) { port in
            let c = try RawClient(port: port)
            // 40 requests want 4 MB of responses; the server must pace itself and still
            // answer every one, in order, once the client reads.
            let requests = (0..<40).map { "GET /\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()
            try c.send(requests)
            for i in 0..<40 {
                let r = try #require(try c.readResponse())
                #expect(r.header("X-Target") == "/\(i)")
                #expect(r.body.count == big.count)
            }
        }
    }
}
