import Testing
@testable import HTTPServer

@Suite struct ServerBasicsTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            for i in 0..<3 {
                try c.send("GET /n/\(i) HTTP/1.1\r\nHost: x\r\n\r\n")
                let r = try #require(try c.readResponse())
                #expect(r.status == 200)
                #expect(r.header("X-Target") == "/n/\(i)")
                #expect(r.header("Connection") == "keep-alive")
                #expect(r.header("Content-Length") == "2")
                #expect(r.header("Date")?.hasSuffix(" GMT") == true)
                #expect(r.bodyText == "ok")
            }
        }
    }

    @Test func contentLengthBodyReachesTheHandler() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            try c.send("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
            let r = try #require(try c.readResponse())
            #expect(r.status == 200)
            #expect(r.header("X-Method") == "POST")
            #expect(r.bodyText == "hello world")
        }
    }

    @Test func headGetsTheHeadersOfGetWithoutBody() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            try c.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try #require(try c.readResponse(head: true))
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "2")
            // If HEAD had leaked body bytes, this response would not parse as the second one.
            let next = try #require(try c.readResponse())
            #expect(next.header("X-Target") == "/after")
        }
    }

    @Test func requestIDIsEchoedWhenSaneAndGeneratedOtherwise() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            try c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123.X_y\r\n\r\n")
            let sane = try #require(try c.readResponse())
            #expect(sane.header("X-Request-Id") == "abc-123.X_y")
            #expect(sane.header("X-Seen-Request-Id") == "abc-123.X_y")
            try c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Request-Id: bad id!\r\n\r\n")
            let insane = try #require(try c.readResponse())
            let generated = try #require(insane.header("X-Request-Id"))
            #expect(generated != "bad id!" && !generated.isEmpty)
            #expect(insane.header("X-Seen-Request-Id") == generated)
            let long = String(repeating: "a", count: 201)
            try c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Request-Id: \(long)\r\n\r\n")
            #expect(try c.readResponse()?.header("X-Request-Id") != long)
        }
    }

    @Test func handlerErrorsBecomeProblemsWithTheRequestID() async throws {
        var router = Router()
        router.get("/things/{id}") { _, ctx in .text(ctx.parameters["id"] ?? "") }
        router.get("/boom") { _, _ in throw CancellationError() }
        try await withServer(responder: router) { port in
            let c = try RawClient(port: port)
            try c.send("GET /nothing HTTP/1.1\r\nHost: x\r\nX-Request-Id: rid-1\r\n\r\n")
            let missing = try #require(try c.readResponse())
            #expect(missing.status == 404)
            #expect(missing.header("Content-Type") == "application/problem+json")
            #expect(missing.bodyText.contains("\"requestId\":\"rid-1\""))
            #expect(missing.header("Connection") == "keep-alive")
            try c.send("DELETE /things/7 HTTP/1.1\r\nHost: x\r\n\r\n")
            let notAllowed = try #require(try c.readResponse())
            #expect(notAllowed.status == 405)
            #expect(notAllowed.header("Allow") == "GET, HEAD")
            try c.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n")
            let failure = try #require(try c.readResponse())
            #expect(failure.status == 500)
            #expect(failure.bodyText.contains("\"status\":500"))
            #expect(failure.bodyText.contains(try #require(failure.header("X-Request-Id"))))
            try c.send("GET /things/a%20b HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try c.readResponse()?.bodyText == "a b")
        }
    }

    @Test func malformedRequestGets400ProblemAndClose() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            try c.send("GET / HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.status == 400)
            #expect(r.header("Content-Type") == "application/problem+json")
            #expect(r.header("Connection") == "close")
            #expect(r.header("X-Request-Id") != nil)
            #expect(try c.isClosedByServer())
        }
    }

    @Test func http10ClosesUnlessKeepAliveAsked() async throws {
        try await withServer { port in
            let plain = try RawClient(port: port)
            try plain.send("GET / HTTP/1.0\r\n\r\n")
            #expect(try plain.readResponse()?.header("Connection") == "close")
            #expect(try plain.isClosedByServer())
            let kept = try RawClient(port: port)
            try kept.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse()?.header("Connection") == "keep-alive")
            try kept.send("GET /again HTTP/1.0\r\n\r\n")
            #expect(try kept.readResponse()?.header("X-Target") == "/again")
            #expect(try kept.isClosedByServer())
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            try c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(try c.readResponse()?.header("Connection") == "close")
            #expect(try c.isClosedByServer())
        }
    }
}
